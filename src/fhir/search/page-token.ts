/**
 * Paging links carry the whole search sealed (AES-GCM) in one opaque `_page` token, so a
 * patient identifier searched with POST _search never reappears in a URL or an access log.
 * A token is bound to what it pages (a type's search, one resource's history): used anywhere
 * else it is refused, like a forged one.
 */
import { openToken, sealPageToken } from '../../services/paging.js';

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

export const sealPage = (secret: string, list: string, page: SealedPage): Promise<string> => sealPageToken(secret, PURPOSE, list, page);

export const openPage = (secret: string, list: string, token: string): Promise<SealedPage> =>
  openToken(secret, PURPOSE, list, token, '_page', HINT, (payload) => {
    const page = payload as SealedPage;
    const cursorOk = page?.cursor === null || (typeof page?.cursor?.at === 'string' && typeof page.cursor.id === 'string');
    if (!Array.isArray(page?.params) || !cursorOk) throw new Error('not a page');
    return page;
  });

/** Where a page starts, as the services take it: after this row (its time and id). */
export type PageStart = { at: Date; id: string } | null;

/** A search's or a history's paging, read off the request. */
export interface Paging {
  /** The sealed page this request continues, if it follows a link. */
  page: SealedPage | null;
  /** The parameters it applies: the sealed ones when it follows a link, else its own. */
  params: [string, string][];
  /** Where the page starts, for a keyset on time and id. */
  after: PageStart;
  /** A sealed link to the page of the same list (with these parameters) that starts after `cursor`. */
  link(params: [string, string][], cursor: PageStart | { at: string; id: string }): Promise<string>;
}

/**
 * The paging of `path` (a type, e.g. `Communication`, or one resource's `ServiceRequest/{id}/_history`)
 * for this caller: a `_page` token is opened (refused when forged, or made for another list or caller).
 */
export async function pagingOf(ctx: { pageSecret: string; base: string; actor: { kind: string; id: string } }, req: { params: [string, string][] }, path: string): Promise<Paging> {
  const list = listFor(ctx, path);
  const token = req.params.find(([name]) => name === '_page')?.[1];
  const page = token ? await openPage(ctx.pageSecret, list, token) : null;
  return {
    page,
    params: page ? page.params : req.params.filter(([name]) => name !== '_page'),
    after: page?.cursor ? { at: new Date(page.cursor.at), id: page.cursor.id } : null,
    link: async (params, cursor) => {
      const sealed = cursor && { at: typeof cursor.at === 'string' ? cursor.at : cursor.at.toISOString(), id: cursor.id };
      return `${ctx.base}/${path}?_page=${await sealPage(ctx.pageSecret, list, { params, cursor: sealed })}`;
    },
  };
}
