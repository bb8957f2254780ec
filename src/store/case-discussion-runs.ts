/** A Balint group's runs, own-case presentations' screening, leaders' notes, reflections and feedback. */
import { and, asc, count, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { DiscussionItem, DiscussionRun, DiscussionSession, FeedbackAnswers } from '../domain/case-discussion.js';
import type { KnownPatient } from '../domain/presentation-screen.js';
import type { CaseDiscussionRunsPort, KeptReflection, LeaderNote } from '../services/ports/case-discussion-runs.js';
import type { Database } from './database.js';
import { equalsConstant } from './constants-in-sql.js';
import {
  caseDiscussionAttendance as attendance,
  caseDiscussionFeedback as feedback,
  caseDiscussionGroups as groups,
  caseDiscussionItems as items,
  caseDiscussionLeaderNotes as notes,
  caseDiscussionRuns as runs,
  caseDiscussionSessions as sessions,
  consultationRequests as requests,
} from './schema.js';

export class CaseDiscussionRunRepository implements CaseDiscussionRunsPort {
  constructor(private readonly db: Database) {}

  async createRun(run: DiscussionRun): Promise<void> {
    await this.db.insert(runs).values(run);
  }

  async findRun(id: string, options: { lock?: boolean } = {}): Promise<DiscussionRun | null> {
    const query = this.db.select().from(runs).where(eq(runs.id, id));
    const [row] = options.lock ? await query.for('update') : await query;
    return row ?? null;
  }

  runsOf(groupId: string): Promise<DiscussionRun[]> {
    return this.db.select().from(runs).where(eq(runs.groupId, groupId)).orderBy(asc(runs.startsAt), asc(runs.id));
  }

  async updateRun(id: string, patch: Partial<Pick<DiscussionRun, 'status' | 'sessionCount' | 'endsOn'>>): Promise<void> {
    await this.db.update(runs).set(patch).where(eq(runs.id, id));
  }

  async sessionsOf(runId: string): Promise<DiscussionSession[]> {
    return this.db.select().from(sessions).where(eq(sessions.runId, runId)).orderBy(asc(sessions.startsAt));
  }

  async setSessionStatus(sessionIds: string[], status: DiscussionSession['status']): Promise<void> {
    if (sessionIds.length) await this.db.update(sessions).set({ status }).where(inArray(sessions.id, sessionIds));
  }

  async patientsMentioned(organisationId: string, text: string, dates: string[]): Promise<KnownPatient[]> {
    const lower = text.toLowerCase();
    // A coarse filter in SQL (substring, any case); the domain then asks for whole words.
    const mentioned = or(
      sql`strpos(${lower}, lower(${requests.patientIdentifierValue})) > 0`,
      sql`strpos(${lower}, lower(${requests.patientFamily})) > 0`,
      sql`exists (select 1 from unnest(${requests.patientGiven}) as given where length(given) > 1 and strpos(${lower}, lower(given)) > 0)`,
      dates.length ? inArray(requests.patientBirthDate, dates) : undefined,
    );
    const rows = await this.db
      .selectDistinct({ identifier: requests.patientIdentifierValue, family: requests.patientFamily, given: requests.patientGiven, birthDate: requests.patientBirthDate })
      .from(requests)
      .where(and(eq(requests.organisationId, organisationId), mentioned))
      .limit(50);
    return rows;
  }

  async addLeaderNote(note: LeaderNote): Promise<void> {
    await this.db.insert(notes).values(note);
  }

  leaderNotes(sessionId: string): Promise<LeaderNote[]> {
    return this.db.select().from(notes).where(eq(notes.sessionId, sessionId)).orderBy(asc(notes.writtenAt), asc(notes.id));
  }

  async findItem(itemId: string): Promise<DiscussionItem | null> {
    const [row] = await this.db.select().from(items).where(eq(items.id, itemId));
    return row ?? null;
  }

  async setReflection(itemId: string, reflection: { text: string; by: string; at: Date }): Promise<void> {
    await this.db.update(items).set({ reflection: reflection.text, reflectionBy: reflection.by, reflectionAt: reflection.at }).where(eq(items.id, itemId));
  }

  async shareReflection(itemId: string, shared: { to: 'request' | 'presenter'; at: Date; messageId: string | null }): Promise<void> {
    await this.db.update(items).set({ sharedTo: shared.to, sharedAt: shared.at, sharedMessageId: shared.messageId }).where(eq(items.id, itemId));
  }

  async reflectionsKeptBy(presenterId: string): Promise<KeptReflection[]> {
    const rows = await this.db
      .select({ itemId: items.id, groupName: groups.name, sessionStartsAt: sessions.startsAt, title: items.title, reflection: items.reflection, sharedAt: items.sharedAt })
      .from(items)
      .innerJoin(sessions, eq(sessions.id, items.sessionId))
      .innerJoin(groups, eq(groups.id, sessions.groupId))
      .where(and(eq(items.presenterId, presenterId), equalsConstant(items.sharedTo, 'presenter'), isNotNull(items.reflection)))
      .orderBy(asc(items.sharedAt), asc(items.id));
    return rows.map((r) => ({ ...r, reflection: r.reflection!, sharedAt: r.sharedAt! }));
  }

  async addFeedback(runId: string, userId: string, answers: FeedbackAnswers, at: Date): Promise<boolean> {
    const added = await this.db.insert(feedback).values({ runId, userId, ...answers, answeredAt: at }).onConflictDoNothing().returning({ runId: feedback.runId });
    return added.length === 1;
  }

  feedbackOf(runId: string): Promise<FeedbackAnswers[]> {
    // Ordered by the answers themselves: neither the time nor the person can be read off the order.
    return this.db
      .select({ learnt: feedback.learnt, coLeadershipRating: feedback.coLeadershipRating, coLeadership: feedback.coLeadership, cooperationChange: feedback.cooperationChange, cooperation: feedback.cooperation })
      .from(feedback)
      .where(eq(feedback.runId, runId))
      .orderBy(asc(feedback.learnt));
  }

  attendanceOfRun(runId: string) {
    return this.db
      .select({ sessionId: attendance.sessionId, userId: attendance.userId, present: attendance.present })
      .from(attendance)
      .innerJoin(sessions, eq(sessions.id, attendance.sessionId))
      .where(eq(sessions.runId, runId));
  }

  itemsOfRun(runId: string) {
    return this.db.select({ kind: items.kind, sessionId: items.sessionId }).from(items).innerJoin(sessions, eq(sessions.id, items.sessionId)).where(eq(sessions.runId, runId));
  }

  async referralsBy(serviceId: string | null, requesterIds: string[], from: Date, to: Date): Promise<number> {
    if (!requesterIds.length) return 0;
    const [row] = await this.db
      .select({ n: count() })
      .from(requests)
      .where(and(serviceId ? eq(requests.serviceId, serviceId) : undefined, inArray(requests.requesterId, requesterIds), gte(requests.submittedAt, from), lt(requests.submittedAt, to)));
    return row?.n ?? 0;
  }
}
