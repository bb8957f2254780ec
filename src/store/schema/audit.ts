import { bigint, bigserial, index, integer, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';

/**
 * Who read or wrote what, including refusals (IHE Basic Audit Log Patterns). Holds ids and
 * outcomes only, never clinical content or patient identifiers.
 */
export const accessLog = pgTable(
  'access_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorKind: text('actor_kind').$type<'user' | 'client' | 'anonymous'>().notNull(),
    actorId: text('actor_id'),
    interaction: text('interaction').notNull(),
    /** The request the route names, whether or not the call was allowed. */
    requestId: uuid('request_id'),
    status: smallint('status').notNull(),
  },
  // By actor: what one user or client opened (the privacy officer's second question).
  (t) => [index('access_log_request_idx').on(t.requestId, t.at), index('access_log_at_idx').on(t.at), index('access_log_actor_idx').on(t.actorId, t.id)],
);

/**
 * Every request whose data an access-log row's response carried — a search or a queue names up
 * to a hundred — so "who saw request X" is one index lookup. No foreign key to the request: the
 * log outlives what it describes. None to the access-log row either: both are written by one
 * statement (store/access-log.ts) and deleted by one (the retention job, audit-queries.ts prune),
 * and the key's check, a lookup of the row for every request named, cost PostgreSQL more than the
 * rest of the write (FHIR searches a second +12–50% without it, alternating runs).
 */
export const accessLogRequests = pgTable(
  'access_log_requests',
  {
    accessId: bigint('access_id', { mode: 'number' }).notNull(),
    requestId: uuid('request_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accessId, t.requestId] }), index('access_log_requests_request_idx').on(t.requestId, t.accessId)],
);

/**
 * Calls refused before anyone was identified (401, or over an address's budget), counted per
 * minute and route pattern instead of logged one by one: a flood of bad tokens adds to a few
 * counters, never to the access log (src/http/refusals.ts).
 */
export const refusedCalls = pgTable(
  'refused_calls',
  {
    windowStart: ts('window_start').notNull(),
    interaction: text('interaction').notNull(),
    status: smallint('status').notNull(),
    calls: integer('calls').notNull(),
  },
  (t) => [primaryKey({ columns: [t.windowStart, t.interaction, t.status] })],
);
