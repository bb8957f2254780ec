/** FHIR subscriptions (R4 Backport IG): who asked to hear of what, where, and how much they heard. */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { PayloadContent, SubscriptionFilter, SubscriptionStatus } from '../../domain/subscriptions.js';
import { ts } from './columns.js';
import { organisations } from './directory.js';

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey(),
    /** The owner's organisation: its administrators see the subscription's dead letters. */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** A system client's id or a user's id: notifications carry only what the owner may see. */
    ownerKind: text('owner_kind').$type<'user' | 'client'>().notNull(),
    ownerId: text('owner_id').notNull(),
    status: text('status').$type<SubscriptionStatus>().notNull(),
    topic: text('topic').notNull(),
    criteria: jsonb('criteria').$type<string[]>().notNull(),
    filter: jsonb('filter').$type<SubscriptionFilter>().notNull(),
    reason: text('reason').notNull(),
    endpoint: text('endpoint').notNull(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    content: text('content').$type<PayloadContent>().notNull(),
    heartbeatSeconds: integer('heartbeat_seconds'),
    eventsSinceStart: integer('events_since_start').notNull().default(0),
    lastSentAt: ts('last_sent_at').notNull(),
    error: text('error'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    // Every status change reads the topic's active subscriptions.
    index('subscriptions_active_idx').on(t.topic).where(sql`${t.status} = 'active'`),
    index('subscriptions_owner_idx').on(t.ownerKind, t.ownerId),
  ],
);

/**
 * The events a subscription was told of, by number (Backport `$events`): what a subscriber that
 * missed notifications fetches again. Kept for LIAISON_SUBSCRIPTION_EVENT_DAYS, and with the
 * subscription: deleting it deletes them.
 */
export const subscriptionEvents = pgTable(
  'subscription_events',
  {
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    eventNumber: integer('event_number').notNull(),
    /** The request whose status changed: the event's focus (its Task). */
    requestId: uuid('request_id').notNull(),
    occurredAt: ts('occurred_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subscriptionId, t.eventNumber] }),
    // The retention sweep deletes the oldest.
    index('subscription_events_occurred_idx').on(t.occurredAt),
  ],
);
