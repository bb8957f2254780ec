/** Small HTTP helpers shared by the JSON routes: versions as ETags, opaque cursors. */
import type { Context } from 'hono';
import { DomainError } from '../domain/errors.js';
import type { PageCursor } from '../services/ports.js';

export const etag = (version: number): string => `W/"${version}"`;

/** `If-Match: W/"3"` or `"3"` → 3; absent or `*` → null (no precondition). */
export function expectedVersion(c: Context): number | null {
  const header = c.req.header('If-Match');
  if (header === undefined || header.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!match) {
    throw new DomainError('invalid_input', 'If-Match must be the ETag you read, e.g. W/"3".', {
      issues: [{ field: 'If-Match', message: 'Expected an entity tag such as W/"3".' }],
    });
  }
  return Number(match[1]);
}

export function encodeCursor(cursor: PageCursor): string {
  const json = JSON.stringify([cursor.at.toISOString(), cursor.id]);
  return btoa(json).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodeCursor(value: string | undefined): PageCursor | null {
  if (value === undefined) return null;
  try {
    const json = atob(value.replaceAll('-', '+').replaceAll('_', '/'));
    const [at, id] = JSON.parse(json) as [unknown, unknown];
    const date = new Date(String(at));
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new DomainError('invalid_input', 'The cursor is not one this server issued.', {
      issues: [{ field: 'cursor', message: 'Use the nextCursor value of the previous page unchanged.' }],
    });
  }
}
