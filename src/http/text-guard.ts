/**
 * Text PostgreSQL cannot store is refused at the door, naming where it was: a NUL character,
 * or a lone UTF-16 surrogate (which JSON can carry as `\ud800` but jsonb refuses). Shared by
 * the JSON API (as middleware), FHIR and the token endpoint.
 */
import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../domain/errors.js';

const NUL_ESCAPE = /\\u0000/i;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ESCAPE = /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i;

function unstorable(where: string, what = 'NUL characters are not allowed.'): DomainError {
  return new DomainError('invalid_input', what, { issues: [{ field: where, message: what, code: 'value' }] });
}

/** Refuses a JSON text whose strings PostgreSQL could not store. */
export function assertStorableJson(text: string, where = '(body)'): void {
  if (NUL_ESCAPE.test(text)) throw unstorable(where);
  if (LONE_SURROGATE_ESCAPE.test(text)) throw unstorable(where, 'Text must be well-formed Unicode (a lone surrogate was sent).');
}

/** Refuses decoded text (query values, form fields, headers) PostgreSQL could not store. */
export function assertStorableText(values: Iterable<string>, where: string): void {
  for (const value of values) {
    if (value.includes('\0')) throw unstorable(where);
    if (LONE_SURROGATE.test(value)) throw unstorable(where, 'Text must be well-formed Unicode (a lone surrogate was sent).');
  }
}

/** Middleware: refuses a query string, and a body of any call but GET and HEAD, PostgreSQL could not store. */
export const refuseUnstorableText: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  assertStorableText([...url.searchParams.entries()].flat(), '(query)');
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') assertStorableJson(await c.req.text());
  await next();
};
