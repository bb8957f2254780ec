/** Case-discussion groups (Balint-style): invited leaders and members, sessions, agenda, attendance. */
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { consultingServices, organisations, users } from './directory.js';
import { communications } from './fhir.js';
import { consultationRequests } from './requests.js';
import type { Discipline, InvitationStatus, RunStatus } from '../../domain/case-discussion.js';

/** A group is hosted by a consulting service or by a practice: exactly one of the two. */
export const caseDiscussionGroups = pgTable(
  'case_discussion_groups',
  {
    id: uuid('id').primaryKey(),
    serviceId: uuid('service_id').references(() => consultingServices.id),
    practiceId: uuid('practice_id').references(() => organisations.id),
    name: text('name').notNull(),
    /** How often the group meets, in weeks (e.g. 2: every other week). */
    cadenceWeeks: integer('cadence_weeks').notNull(),
    /** Where the group meets by default: a room, or a video link (a run may set its own). */
    place: text('place'),
    videoLink: text('video_link'),
    /** Whether sessions fall in working time (else after hours): it matters for rotas and pay. */
    workingTime: boolean('working_time').notNull().default(false),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [check('case_discussion_groups_one_host', sql`(${t.serviceId} is null) <> (${t.practiceId} is null)`)],
);

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
    /** A leader's discipline: co-leadership is interdisciplinary on purpose (null for members). */
    discipline: text('discipline').$type<Discipline>(),
    /**
     * Membership is by invitation the person accepts: until then they are not in the group and
     * see nothing of it. Rows from before invitations existed start as invited (never assumed).
     */
    status: text('status').$type<InvitationStatus>().notNull().default('invited'),
    invitedBy: uuid('invited_by').references(() => users.id),
    invitedAt: ts('invited_at'),
    respondedAt: ts('responded_at'),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('case_discussion_people_user_idx').on(t.userId, t.status)],
);

/** A run: sessions on a fixed rhythm for a fixed time, ending with a feedback session. */
export const caseDiscussionRuns = pgTable(
  'case_discussion_runs',
  {
    id: uuid('id').primaryKey(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => caseDiscussionGroups.id),
    /** The first session's start; later ones keep its wall-clock time in the service's time zone. */
    startsAt: ts('starts_at').notNull(),
    rhythmWeeks: integer('rhythm_weeks').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    /** How long the run lasts: a number of sessions, or an end date (local, inclusive). One of them is set. */
    sessionCount: integer('session_count'),
    endsOn: text('ends_on'),
    place: text('place'),
    videoLink: text('video_link'),
    workingTime: boolean('working_time').notNull(),
    status: text('status').$type<RunStatus>().notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [index('case_discussion_runs_group_idx').on(t.groupId, t.startsAt)],
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
    /** The run that generated it; null for sessions scheduled one by one. */
    runId: uuid('run_id').references(() => caseDiscussionRuns.id),
    /** A paused or closed run cancels its sessions still to come; they stay listed as cancelled. */
    status: text('status').$type<'planned' | 'cancelled'>().notNull().default('planned'),
  },
  (t) => [index('case_discussion_sessions_group_idx').on(t.groupId, t.startsAt), index('case_discussion_sessions_run_idx').on(t.runId, t.startsAt)],
);

export const caseDiscussionItems = pgTable(
  'case_discussion_items',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => caseDiscussionSessions.id),
    /** The referral discussed, or the presenter's own request a presentation links (null: no request at all). */
    requestId: uuid('request_id').references(() => consultationRequests.id),
    /** `referral`: a request on the agenda; `own-case`: a case a member brings in their own words. */
    kind: text('kind').$type<'referral' | 'own-case'>().notNull().default('referral'),
    title: text('title'),
    question: text('question'),
    /** The group's reflection, kept in the group unless the presenter takes it back (shared_to). */
    reflection: text('reflection'),
    reflectionBy: uuid('reflection_by').references(() => users.id),
    reflectionAt: ts('reflection_at'),
    sharedTo: text('shared_to').$type<'request' | 'presenter'>(),
    sharedAt: ts('shared_at'),
    /** The message on the linked request that carried a shared reflection (a FHIR Communication). */
    sharedMessageId: uuid('shared_message_id').references(() => communications.id),
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
    // A presenter's kept reflections (GET /me/reflections).
    index('case_discussion_items_presenter_idx').on(t.presenterId).where(sql`${t.sharedTo} = 'presenter'`),
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
