/**
 * Paging links carry the whole search sealed (AES-GCM) in one opaque `_page` token, so a
 * patient identifier searched with POST _search never reappears in a URL or an access log.
 * A token is bound to what it pages (a type's search, one resource's history): used anywhere
 * else it is refused, like a forged one.
 */
import { openToken, sealToken } from '../../services/paging.js';

export interface SealedPage {
  params: [string, string][];
  cursor: { at: string; id: string };
}

const PURPOSE = 'fhir-page';
const HINT = 'Follow the next link of the previous page unchanged.';

export const sealPage = (secret: string, list: string, page: SealedPage): Promise<string> => sealToken(secret, PURPOSE, list, page);

export const openPage = (secret: string, list: string, token: string): Promise<SealedPage> =>
  openToken(secret, PURPOSE, list, token, '_page', HINT, (payload) => {
    const page = payload as SealedPage;
    if (!Array.isArray(page?.params) || typeof page.cursor?.at !== 'string' || typeof page.cursor.id !== 'string') throw new Error('not a page');
    return page;
  });
