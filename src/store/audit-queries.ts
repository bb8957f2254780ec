/**
 * The privacy officer's questions of the access log (issue 12), each served by an index: by
 * request (access_log by the request a call named, refusals included, and the disclosed sets that
 * held it, by request), by actor
 * (access_log by actor), by organisation and period (access_log by time).
 */
import { and, asc, eq, gt, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditQuery, RefusalCount } from '../domain/access-record.js';
import { queryOf, runQuery } from './built-once.js';
import { disclosedTo, namedOrDisclosed, pastSetsDeleted } from './disclosed-sets.js';
import type { Database } from './database.js';
import { accessLog, consultationRequests, consultingServices, refusedCalls, systemClients, users } from './schema.js';

function condition(query: AuditQuery): SQL | undefined {
  const period = and(query.from ? gte(accessLog.at, query.from) : undefined, query.to ? lt(accessLog.at, query.to) : undefined);
  if (query.kind === 'request') {
    // Who saw it (a disclosure) or asked for it by name (refusals included).
    return and(namedOrDisclosed(query.requestId), period);
  }
  if (query.kind === 'actor') return and(eq(accessLog.actorId, query.actorId), period);
  const people = sql`(select ${users.id}::text from ${users} where ${users.organisationId} = ${query.organisationId} union all select ${systemClients.id} from ${systemClients} where ${systemClients.organisationId} = ${query.organisationId})`;
  return and(inArray(accessLog.actorId, people), period);
}

export async function auditEntries(db: Database, query: AuditQuery, after: number | null, limit: number): Promise<AuditEntry[]> {
  const disclosed = query.kind === 'request' ? disclosedTo(query.requestId) : sql<boolean>`false`;
  const rows = await db
    .select({
      id: accessLog.id,
      at: accessLog.at,
      actorKind: accessLog.actorKind,
      actorId: accessLog.actorId,
      actorName: sql<string | null>`coalesce(${users.name}, ${systemClients.name})`,
      interaction: accessLog.interaction,
      requestId: accessLog.requestId,
      status: accessLog.status,
      disclosed,
    })
    .from(accessLog)
    .leftJoin(users, and(eq(accessLog.actorKind, 'user'), eq(sql`${users.id}::text`, accessLog.actorId)))
    .leftJoin(systemClients, and(eq(accessLog.actorKind, 'client'), eq(systemClients.id, accessLog.actorId)))
    .where(and(condition(query), after === null ? undefined : gt(accessLog.id, after)))
    .orderBy(asc(accessLog.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, disclosed: Boolean(r.disclosed) }));
}

export async function organisationsOfRequest(db: Database, requestId: string): Promise<string[]> {
  const [row] = await db
    .select({ practice: consultationRequests.organisationId, provider: consultingServices.organisationId })
    .from(consultationRequests)
    .innerJoin(consultingServices, eq(consultingServices.id, consultationRequests.serviceId))
    .where(eq(consultationRequests.id, requestId));
  return row ? [row.practice, row.provider] : [];
}

export async function requestIdOfReference(db: Database, reference: string): Promise<string | null> {
  const [row] = await db.select({ id: consultationRequests.id }).from(consultationRequests).where(eq(consultationRequests.reference, reference));
  return row?.id ?? null;
}

export async function organisationOfActor(db: Database, actorId: string): Promise<string | null> {
  const [user] = await db.select({ organisationId: users.organisationId }).from(users).where(eq(sql`${users.id}::text`, actorId));
  if (user) return user.organisationId;
  const [client] = await db.select({ organisationId: systemClients.organisationId }).from(systemClients).where(eq(systemClients.id, actorId));
  return client?.organisationId ?? null;
}

export async function countRefusals(db: Database, counts: RefusalCount[]): Promise<void> {
  if (!counts.length) return;
  await db
    .insert(refusedCalls)
    .values(counts)
    .onConflictDoUpdate({ target: [refusedCalls.windowStart, refusedCalls.interaction, refusedCalls.status], set: { calls: sql`${refusedCalls.calls} + excluded.calls` } });
}

export function refusals(db: Database, from: Date, to: Date): Promise<RefusalCount[]> {
  return db.select().from(refusedCalls).where(and(gte(refusedCalls.windowStart, from), lt(refusedCalls.windowStart, to))).orderBy(asc(refusedCalls.windowStart), asc(refusedCalls.interaction), asc(refusedCalls.status)).limit(10_000);
}

/**
 * The retention job: old calls, the disclosed sets of the days before `before`'s (UTC; every call
 * that named one is older than `before`), and old refusal counters.
 */
export async function prune(db: Database, before: Date): Promise<{ calls: number; refusals: number }> {
  // In one statement: no foreign keys cascade (schema/audit.ts).
  const [{ calls }] = await runQuery<{ calls: number }>(db, queryOf(db, sql`
    with gone as (delete from ${accessLog} where ${accessLog.at} < ${before.toISOString()}::timestamptz returning ${accessLog.id}),
      ${pastSetsDeleted(before)}
    select count(*)::int as calls from gone`)) as [{ calls: number }];
  const counted = await db.delete(refusedCalls).where(lt(refusedCalls.windowStart, before)).returning({ at: refusedCalls.windowStart });
  return { calls, refusals: counted.length };
}
