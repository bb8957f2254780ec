/** A Balint group's runs, own-case presentations, leaders' notes, reflections and feedback. */
import type { DiscussionItem, DiscussionRun, DiscussionSession, FeedbackAnswers } from '../../domain/case-discussion.js';
import type { KnownPatient } from '../../domain/presentation-screen.js';

export interface LeaderNote {
  id: string;
  sessionId: string;
  authorId: string;
  text: string;
  writtenAt: Date;
}

/** A reflection a presenter chose to keep for themselves alone. */
export interface KeptReflection {
  itemId: string;
  groupName: string;
  sessionStartsAt: Date;
  title: string | null;
  reflection: string;
  sharedAt: Date;
}

export interface CaseDiscussionRunsPort {
  createRun(run: DiscussionRun): Promise<void>;
  /** `lock` holds the run row until the transaction ends (one move on a run at a time). */
  findRun(id: string, options?: { lock?: boolean }): Promise<DiscussionRun | null>;
  runsOf(groupId: string): Promise<DiscussionRun[]>;
  updateRun(id: string, patch: Partial<Pick<DiscussionRun, 'status' | 'sessionCount' | 'endsOn'>>): Promise<void>;
  /** The run's sessions, cancelled ones too, in time order. */
  sessionsOf(runId: string): Promise<DiscussionSession[]>;
  setSessionStatus(sessionIds: string[], status: DiscussionSession['status']): Promise<void>;
  /**
   * Patients of the practice's requests whose identifier, family or given name occurs in `text`
   * (any case) or whose birth date is one of `dates`: the candidates the presentation screen checks.
   */
  patientsMentioned(organisationId: string, text: string, dates: string[]): Promise<KnownPatient[]>;
  addLeaderNote(note: LeaderNote): Promise<void>;
  leaderNotes(sessionId: string): Promise<LeaderNote[]>;
  findItem(itemId: string): Promise<DiscussionItem | null>;
  setReflection(itemId: string, reflection: { text: string; by: string; at: Date }): Promise<void>;
  shareReflection(itemId: string, shared: { to: 'request' | 'presenter'; at: Date; messageId: string | null }): Promise<void>;
  reflectionsKeptBy(presenterId: string): Promise<KeptReflection[]>;
  /** false when this person already answered. */
  addFeedback(runId: string, userId: string, answers: FeedbackAnswers, at: Date): Promise<boolean>;
  /** The run's answers, in no order that could tell who wrote which. */
  feedbackOf(runId: string): Promise<FeedbackAnswers[]>;
  attendanceOfRun(runId: string): Promise<{ sessionId: string; userId: string; present: boolean }[]>;
  itemsOfRun(runId: string): Promise<Pick<DiscussionItem, 'kind' | 'sessionId'>[]>;
  /** Requests these people submitted in [from, to): to this service, or (null) to any. */
  referralsBy(serviceId: string | null, requesterIds: string[], from: Date, to: Date): Promise<number>;
}
