/** Refuses bodies and query strings PostgreSQL could not store (see src/text-guards.ts). */
import type { MiddlewareHandler } from 'hono';
import { assertStorableJson, assertStorableText } from '../text-guards.js';

export const refuseUnstorableText: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  assertStorableText([...url.searchParams.entries()].flat(), '(query)');
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') assertStorableJson(await c.req.text());
  await next();
};
