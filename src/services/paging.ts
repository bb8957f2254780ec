/** Opaque page tokens: where the previous page ended, as base64url JSON. */
import { DomainError } from '../domain/errors.js';
import type { PageCursor } from './ports.js';

export function encodePageToken(cursor: PageCursor): string {
  return btoa(JSON.stringify([cursor.at.toISOString(), cursor.id])).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes a token this server issued; anything else is a 400 naming `field`. */
export function decodePageToken(value: string, field: string, hint: string): PageCursor {
  try {
    const [at, id] = JSON.parse(atob(value.replaceAll('-', '+').replaceAll('_', '/'))) as [unknown, unknown];
    const date = new Date(String(at));
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(date.getTime())) throw new Error('bad token');
    return { at: date, id };
  } catch {
    throw new DomainError('invalid_input', 'The page token is not one this server issued.', { issues: [{ field, message: hint, code: 'value' }] });
  }
}
