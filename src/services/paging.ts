/** Opaque page tokens: where the previous page ended, as base64url JSON. */
import { DomainError } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';
import type { PageCursor } from './ports.js';

export function encodePageToken(cursor: PageCursor): string {
  return btoa(JSON.stringify([cursor.at.toISOString(), cursor.id])).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes a token this server issued; anything else is a 400 naming `field`. */
export function decodePageToken(value: string, field: string, hint: string): PageCursor {
  try {
    const [at, id] = JSON.parse(atob(value.replaceAll('-', '+').replaceAll('_', '/'))) as [unknown, unknown];
    const date = new Date(String(at));
    // Years outside 1–9999 cannot be compared with a timestamp column.
    if (!isUuid(id) || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) throw new Error('bad token');
    return { at: date, id };
  } catch {
    throw new DomainError('invalid_input', 'The page token is not one this server issued.', { issues: [{ field, message: hint, code: 'value' }] });
  }
}
