/** A JSON API resource's version as an ETag, and the version a write expects from If-Match. */
import type { Context } from 'hono';
import { DomainError } from '../domain/errors.js';

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
