/** How a JSON API call appears in the access log (src/http/access-log.ts). */
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { UUID } from '../domain/ids.js';
import { createdId, type AccessDescription } from '../http/access-log.js';

export function describeApiCall(c: Context): AccessDescription {
  const route = routePath(c, -1);
  // The id is read off the matched route's pattern: when authentication refused the call,
  // the route's own handler never ran and its parameters were never bound.
  // Only /api/requests routes name a request: another route's id (a service, a user) is not one.
  if (!route.startsWith('/api/requests')) return { interaction: `${c.req.method} ${route}`, requestId: null };
  const id = c.req.path.split('/')[route.split('/').indexOf(':id')];
  const requestId = [id, createdId(c)].find((v): v is string => typeof v === 'string' && UUID.test(v)) ?? null;
  return { interaction: `${c.req.method} ${route}`, requestId };
}
