import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
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
    /**
     * The other requests the response carried (a list, search, queue, agenda…), as the set they
     * were disclosed in (`disclosed_sets`); null when it carried none. A successful call discloses
     * the request it names (`request_id`) as well.
     */
    disclosedSet: uuid('disclosed_set'),
  },
  // By actor: what one user or client opened (the privacy officer's second question).
  (t) => [
    index('access_log_request_idx').on(t.requestId, t.at),
    index('access_log_at_idx').on(t.at),
    index('access_log_actor_idx').on(t.actorId, t.id),
    index('access_log_disclosed_set_idx').on(t.disclosedSet, t.id).where(sql`${t.disclosedSet} is not null`),
  ],
);

/**
 * The requests a list, search or queue disclosed, kept once per day for every call that carried
 * the same ones: a queue polled all day with the same fifty requests names them once, not fifty
 * times a poll. The id is the digest of the day and the sorted request ids (store/access-log.ts),
 * so a call names its set without asking for it; its requests are written with it, once.
 */
export const disclosedSets = pgTable('disclosed_sets', {
  id: uuid('id').primaryKey(),
  /** The UTC day of the calls that carried it: the retention job drops past days' sets. */
  day: date('day', { mode: 'string' }).notNull(),
}, (t) => [index('disclosed_sets_day_idx').on(t.day)]);

/** The requests of a disclosed set; "who saw request X" starts here, by request. */
export const disclosedSetRequests = pgTable(
  'disclosed_set_requests',
  {
    setId: uuid('set_id').notNull(),
    requestId: uuid('request_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.setId, t.requestId] }), index('disclosed_set_requests_request_idx').on(t.requestId, t.setId)],
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
