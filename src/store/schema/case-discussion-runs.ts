/** A Balint group's private side: the leaders' session notes and the closing feedback of a run. */
import { index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { CooperationChange } from '../../domain/case-discussion.js';
import { ts } from './columns.js';
import { caseDiscussionRuns, caseDiscussionSessions } from './case-discussions.js';
import { users } from './directory.js';

/** Leaders' private notes on a session: for the leaders only, never part of a request. */
export const caseDiscussionLeaderNotes = pgTable(
  'case_discussion_leader_notes',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => caseDiscussionSessions.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    text: text('text').notNull(),
    writtenAt: ts('written_at').notNull(),
  },
  (t) => [index('case_discussion_leader_notes_session_idx').on(t.sessionId, t.writtenAt)],
);

/**
 * A member's answers to a run's closing questionnaire. Who answered is kept only so nobody
 * answers twice; the leaders' summary never shows it.
 */
export const caseDiscussionFeedback = pgTable(
  'case_discussion_feedback',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => caseDiscussionRuns.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    learnt: text('learnt').notNull(),
    coLeadershipRating: integer('co_leadership_rating').notNull(),
    coLeadership: text('co_leadership'),
    cooperationChange: text('cooperation_change').$type<CooperationChange>().notNull(),
    cooperation: text('cooperation'),
    answeredAt: ts('answered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.userId] })],
);
