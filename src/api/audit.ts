/**
 * Every read and write through the API is attributable (PRODUCT.md, "Privacy"): one row per
 * call with who, what route, which request and the outcome, refusals included. Only ids and
 * statuses are kept, never query strings or bodies, so no patient data reaches the log.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../context.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const auditAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const actor = c.var.actor as AppEnv['Variables']['actor'] | undefined;
  const route = routePath(c, -1);
  // The id is read off the matched route's pattern: when authentication refused the call,
  // the route's own handler never ran and its parameters were never bound.
  const id = c.req.path.split('/')[route.split('/').indexOf(':id')];
  const createdId = c.res.status === 201 ? c.res.headers.get('Location')?.split('/').pop() : undefined;
  const requestId = [id, createdId].find((v): v is string => typeof v === 'string' && UUID.test(v)) ?? null;
  await c.var.services.store.accessLog.record({
    at: c.var.services.clock.now(),
    actorKind: actor?.kind ?? 'anonymous',
    actorId: actor?.id ?? null,
    interaction: `${c.req.method} ${route}`,
    requestId,
    status: c.res.status,
  });
};
