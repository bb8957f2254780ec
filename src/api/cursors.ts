/** The JSON API's page cursors, opaque or sealed for one list, and the link to the next page. */
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { decodePageToken, encodePageToken, openToken, sealPageToken } from '../services/paging.js';
import type { PageCursor } from '../services/queries.js';

export const encodeCursor = encodePageToken;

export function decodeCursor(value: string | undefined): PageCursor | null {
  return value === undefined ? null : decodePageToken(value, 'cursor', 'Use the nextCursor value of the previous page unchanged.');
}

const CURSOR_HINT = 'Use the nextCursor value of the previous page of this list unchanged.';

/** A cursor sealed for one list (e.g. `queue:<service id>`): it names nothing and works nowhere else. */
export const sealCursor = (c: Context<AppEnv>, list: string, position: unknown): Promise<string> => sealPageToken(c.get('pageSecret'), 'page', list, position);

/** Opens a cursor sealed for `list`; absent is the first page; anything else is a 400 naming `cursor`. */
export async function openCursor<T>(c: Context<AppEnv>, list: string, value: string | undefined, read: (position: unknown) => T): Promise<T | null> {
  return value === undefined ? null : openToken(c.get('pageSecret'), 'page', list, value, 'cursor', CURSOR_HINT, read);
}

/** The link to the next page: this URL with the cursor set (and the same limit). */
export function nextPageLink(url: string, cursor: string | null): string | null {
  if (cursor === null) return null;
  const next = new URL(url);
  next.searchParams.set('cursor', cursor);
  return `${next.pathname}${next.search}`;
}
