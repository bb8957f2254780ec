import { bigserial, index, pgTable, smallint, text, uuid } from 'drizzle-orm/pg-core';
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
    requestId: uuid('request_id'),
    status: smallint('status').notNull(),
  },
  (t) => [index('access_log_request_idx').on(t.requestId, t.at), index('access_log_at_idx').on(t.at)],
);
