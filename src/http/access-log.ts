/**
 * Every read and write is attributable (PRODUCT.md, "Privacy"): one row per call with who,
 * which route, which request and the outcome, refusals included, and every request whose data
 * the response carried. Only ids and statuses are kept, never query strings or bodies, so no
 * patient data reaches the log.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { succeeded } from '../domain/access-record.js';
import { UUID } from '../domain/ids.js';
import { refusedUnauthenticated } from './refusals.js';

export interface AccessDescription {
  /** Method and route pattern, e.g. `GET /api/requests/:id`; never the raw URL. */
  interaction: string;
  /** The consultation request concerned, when there is one. */
  requestId: string | null;
}

export function auditAccess(describe: (c: Context<AppEnv>) => AccessDescription): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('disclosed', new Set());
    await next();
    // Counted by the app instead (src/http/refusals.ts): a flood of bad tokens writes nothing.
    if (refusedUnauthenticated(c)) return;
    const actor = c.get('actor') as AppEnv['Variables']['actor'] | undefined;
    const { interaction, requestId } = describe(c);
    // Only a successful response carries data: a successful call on a request discloses it,
    // and lists, queues, searches and agendas report the requests they returned.
    const disclosedIds = succeeded(c.res.status) ? [...new Set([...(requestId ? [requestId.toLowerCase()] : []), ...c.get('disclosed')])] : [];
    await c.get('gate').accessLog.record({
      at: c.get('gate').clock.now(),
      actorKind: actor?.kind ?? 'anonymous',
      actorId: actor?.id ?? null,
      interaction,
      requestId,
      status: c.res.status,
      disclosed: disclosedIds,
    });
  };
}

/**
 * Where a response is built from requests, it names them here; the access log records them
 * after the call. Ids that are not Liaison's (UUIDs) are never reported.
 */
export function disclosed(c: Context<AppEnv>, requestIds: Iterable<string>): void {
  const seen = c.get('disclosed') as Set<string> | undefined;
  if (!seen) return;
  for (const id of requestIds) if (UUID.test(id)) seen.add(id.toLowerCase());
}

/** The id of a created resource, from the Location header of a 201. */
export function createdId(c: Context): string | undefined {
  if (c.res.status !== 201) return undefined;
  return c.res.headers.get('Location')?.split('/').find((part) => UUID.test(part));
}
