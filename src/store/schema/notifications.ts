/** The transactional outbox (issue 11): written with the change it announces, delivered by notify/. */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { DeliveryPreference } from '../../domain/notifications.js';
import type { Channel, PayloadOf } from '../../services/ports/notifications.js';
import { ts } from './columns.js';
import { organisations, users } from './directory.js';

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    /** email (a person) or rest-hook (a FHIR subscription's endpoint). */
    channel: text('channel').$type<Channel>().notNull(),
    topic: text('topic').notNull(),
    requestId: uuid('request_id'),
    /** The organisation whose administrators see and replay it: the recipient's. */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    recipientUserId: uuid('recipient_user_id').references(() => users.id),
    /** Where it goes: an e-mail address (staff, never a patient), or a subscription's endpoint. */
    recipient: text('recipient').notNull(),
    /** What the message says: what happened, the reference, the priority, a booking's time and place. Never patient data. */
    payload: jsonb('payload').$type<PayloadOf[Channel]>().notNull(),
    /** Routine news for someone who chose a daily digest: sent with the others of that recipient due at once. */
    digest: boolean('digest').notNull().default(false),
    state: text('state').$type<'pending' | 'sent' | 'dead'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** When a dispatcher may take it: its due time, its retry, or the end of a claim's lease. */
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
    /** Set for news that must be told once only (an SLA reminder per threshold): a second insert is ignored. */
    onceKey: text('once_key'),
  },
  (t) => [
    // What a dispatcher claims: the pending rows that are due, oldest due first.
    index('notifications_due_idx').on(t.channel, t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    // An administrator's list: their organisation's rows in one state, newest first.
    index('notifications_admin_idx').on(t.organisationId, t.state, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('notifications_request_idx').on(t.requestId),
    uniqueIndex('notifications_once_idx').on(t.onceKey),
  ],
);

/** How a person wants their news: at once (the default, no row), or routine news once a day. */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  routine: text('routine').$type<DeliveryPreference>().notNull(),
});
