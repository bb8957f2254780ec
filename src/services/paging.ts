/**
 * Page tokens: where the previous page ended. Plain ones (base64url JSON) for the request list;
 * sealed ones (AES-GCM, bound to one list) for the queue, the caseload, threads and FHIR paging,
 * so a link names no request or message and cannot be altered or carried to another list.
 */
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import type { PageCursor } from './queries.js';
import { seal, unseal } from './sealing.js';
import { LeastRecentlyUsed } from './least-recently-used.js';

/** Page sizes of the JSON lists added with paging: a screenful by default, never more than 100. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export function encodePageToken(cursor: PageCursor): string {
  return btoa(JSON.stringify([cursor.at.toISOString(), cursor.id])).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes a token this server issued; anything else is a 400 naming `field`. */
export function decodePageToken(value: string, field: string, hint: string): PageCursor {
  try {
    const [at, id] = JSON.parse(atob(value.replaceAll('-', '+').replaceAll('_', '/'))) as [unknown, unknown];
    return { at: instant(at), id: uuid(id) };
  } catch {
    throw invalidToken(field, hint);
  }
}

export function invalidToken(field: string, hint: string): DomainError {
  return new DomainError('invalid_input', 'The page token is not one this server issued.', { issues: [{ field, message: hint, code: 'value' }] });
}

/** An instant from a token; years outside 1–9999 cannot be compared with a timestamp column. */
export function instant(value: unknown): Date {
  const date = new Date(String(value));
  if (typeof value !== 'string' || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) throw new Error('bad instant');
  return date;
}

export function uuid(value: unknown): string {
  if (!isUuid(value)) throw new Error('bad id');
  return value;
}

const encoder = new TextEncoder();

const toBase64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));

/** Seals `payload` for one list (`list`, e.g. `queue:<service id>`): opened anywhere else, it is refused. */
export async function sealToken(secret: string, purpose: string, list: string, payload: unknown): Promise<string> {
  return toBase64Url(await seal(secret, purpose, encoder.encode(JSON.stringify({ list, payload }))));
}

/**
 * A page token, remembered: the same list and payload (a polling EHR's next page, a list reloaded)
 * get the token sealed the first time instead of a new one. A page token has no time in it and
 * opens the same whichever was handed out, so nothing changes for the caller; sealing it, with
 * twelve fresh random bytes, was 4% of a FHIR search's CPU. The 1000 last used are kept. For page
 * links only: sessions and sign-in flows are sealed anew each time.
 */
export async function sealPageToken(secret: string, purpose: string, list: string, payload: unknown): Promise<string> {
  const key = `${purpose}\n${list}\n${JSON.stringify(payload)}`;
  let kept = keptTokens.get(secret);
  if (!kept) keptTokens.set(secret, (kept = new LeastRecentlyUsed(1000)));
  let token = kept.get(key);
  if (token === undefined) kept.set(key, (token = await sealToken(secret, purpose, list, payload)));
  return token;
}
const keptTokens = new Map<string, LeastRecentlyUsed<string, string>>();

/** Opens a token sealed for `list`; a token forged, altered or from another list is a 400 naming `field`. */
export async function openToken<T>(secret: string, purpose: string, list: string, token: string, field: string, hint: string, read: (payload: unknown) => T): Promise<T> {
  try {
    const plain = await unseal(secret, purpose, fromBase64Url(token));
    const opened = JSON.parse(new TextDecoder().decode(plain)) as { list?: unknown; payload?: unknown };
    if (opened.list !== list) throw new Error('another list');
    return read(opened.payload);
  } catch {
    throw invalidToken(field, hint);
  }
}
