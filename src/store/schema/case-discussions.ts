/** Case-discussion groups (Balint-style): invited leaders and members, sessions, agenda, attendance. */
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { consultingServices, users } from './directory.js';
import { communications } from './fhir.js';
import { consultationRequests } from './requests.js';

export const caseDiscussionGroups = pgTable('case_discussion_groups', {
  id: uuid('id').primaryKey(),
  serviceId: uuid('service_id')
    .notNull()
    .references(() => consultingServices.id),
  name: text('name').notNull(),
  /** How often the group meets, in weeks (e.g. 2: every other week). */
  cadenceWeeks: integer('cadence_weeks').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const caseDiscussionPeople = pgTable(
  'case_discussion_people',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => caseDiscussionGroups.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').$type<'leader' | 'member'>().notNull(),
    /**
     * Membership is by invitation the person accepts: until then they are not in the group and
     * see nothing of it. Rows from before invitations existed start as invited (never assumed).
     */
    status: text('status').$type<'invited' | 'accepted' | 'declined'>().notNull().default('invited'),
    invitedBy: uuid('invited_by').references(() => users.id),
    invitedAt: ts('invited_at'),
    respondedAt: ts('responded_at'),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('case_discussion_people_user_idx').on(t.userId, t.status)],
);

export const caseDiscussionSessions = pgTable(
  'case_discussion_sessions',
  {
    id: uuid('id').primaryKey(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => caseDiscussionGroups.id),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
  },
  (t) => [index('case_discussion_sessions_group_idx').on(t.groupId, t.startsAt)],
);

export const caseDiscussionItems = pgTable(
  'case_discussion_items',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => caseDiscussionSessions.id),
    requestId: uuid('request_id')
      .notNull()
      .references(() => consultationRequests.id),
    presenterId: uuid('presenter_id')
      .notNull()
      .references(() => users.id),
    minutes: integer('minutes').notNull(),
    position: integer('position').notNull(),
    conclusions: text('conclusions'),
    // The conclusions are a letter to the GP (FHIR DocumentReference): who wrote them, when, and what they concluded.
    concludedAt: ts('concluded_at'),
    concludedBy: uuid('concluded_by').references(() => users.id),
    outcomeCode: text('outcome_code'),
    recommendations: jsonb('recommendations').$type<string[]>(),
    /** The outcome letter that carried them, when they completed the request (agreed as a case discussion). */
    outcomeMessageId: uuid('outcome_message_id').references(() => communications.id),
  },
  (t) => [
    index('case_discussion_items_session_idx').on(t.sessionId, t.position),
    index('case_discussion_items_request_idx').on(t.requestId),
    // A request is on a session's agenda once (the service also refuses it twice in a group).
    uniqueIndex('case_discussion_items_session_request_idx').on(t.sessionId, t.requestId),
  ],
);

/** Who attended which session: members need it for their continuing-education records. */
export const caseDiscussionAttendance = pgTable(
  'case_discussion_attendance',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => caseDiscussionSessions.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    present: boolean('present').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('case_discussion_attendance_user_idx').on(t.userId)],
);
