/**
 * PostgreSQL text cannot hold a NUL character: one in a body or a query would reach the
 * database as an error. It is refused at the door instead, naming where it was.
 */
import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../domain/errors.js';

export const NUL_ESCAPE = /\\u0000/i;

export function nulRefused(where: string): DomainError {
  return new DomainError('invalid_input', 'NUL characters are not allowed.', { issues: [{ field: where, message: 'Remove the NUL (\\u0000) character.', code: 'value' }] });
}

export const refuseNul: MiddlewareHandler = async (c, next) => {
  if (/%00/i.test(new URL(c.req.url).search)) throw nulRefused('(query)');
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && NUL_ESCAPE.test(await c.req.text())) throw nulRefused('(body)');
  await next();
};
