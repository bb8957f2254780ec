/**
 * Paging links carry the whole search sealed (AES-GCM) in one opaque `_page` token, so a
 * patient identifier searched with POST _search never reappears in a URL or an access log.
 * A token is bound to what it pages (a type's search, one resource's history): used anywhere
 * else it is refused, like a forged one.
 */
import { openToken, sealToken } from '../../services/paging.js';

export interface SealedPage {
  params: [string, string][];
  /** Where the page starts: after this row; null for the first page (a sealed self link). */
  cursor: { at: string; id: string } | null;
}

const PURPOSE = 'fhir-page';
const HINT = 'Follow the next link of the previous page unchanged.';

/**
 * What a token pages, for whom: the list (a type's search, one resource's history) and the caller,
 * so a link handed to another client or person is refused like a forged one.
 */
export const listFor = (ctx: { actor: { kind: string; id: string } }, list: string): string => `${list}@${ctx.actor.kind}:${ctx.actor.id}`;

export const sealPage = (secret: string, list: string, page: SealedPage): Promise<string> => sealToken(secret, PURPOSE, list, page);

export const openPage = (secret: string, list: string, token: string): Promise<SealedPage> =>
  openToken(secret, PURPOSE, list, token, '_page', HINT, (payload) => {
    const page = payload as SealedPage;
    const cursorOk = page?.cursor === null || (typeof page?.cursor?.at === 'string' && typeof page.cursor.id === 'string');
    if (!Array.isArray(page?.params) || !cursorOk) throw new Error('not a page');
    return page;
  });
