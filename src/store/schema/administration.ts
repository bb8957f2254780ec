import { bigserial, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';

/**
 * Every change an administrator (or the platform operator, from the command line) made to the
 * directory: who, when, what and the fields it set. Written in the change's own transaction, so
 * a change and its record commit together. Holds directory data only, never clinical content.
 */
export const administrationLog = pgTable(
  'administration_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    /** `user` (an administrator through the API) or `operator` (npm run admin). */
    actorKind: text('actor_kind').$type<'user' | 'operator'>().notNull(),
    actorId: text('actor_id'),
    organisationId: uuid('organisation_id').notNull(),
    entity: text('entity').$type<'organisation' | 'service' | 'user' | 'client'>().notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    /** The entity's version after the change. */
    version: integer('version').notNull(),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('administration_log_organisation_idx').on(t.organisationId, t.id), index('administration_log_entity_idx').on(t.entityId, t.id)],
);

/**
 * Invitations by e-mail: a sign-in link for a person an administrator added. Only the token's
 * SHA-256 is kept here; a link works once (`used_at`) and until `expires_at` (a newer invitation
 * of the same person ends the older ones).
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id').notNull(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('invitations_user_idx').on(t.userId)],
);
