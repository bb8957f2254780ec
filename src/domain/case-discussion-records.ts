/**
 * What a Balint group's run leaves behind, pure: each member's attended hours (continuing
 * education), the leaders' measures of the run, and the closing feedback summarised without names.
 */
import type { CooperationChange, DiscussionSession, FeedbackAnswers, ItemKind } from './case-discussion.js';

type Session = Pick<DiscussionSession, 'id' | 'startsAt' | 'endsAt' | 'status'>;
type Presence = { sessionId: string; userId: string; present: boolean };

/** The sessions of the run a person attended (cancelled ones never count), in time order. */
export function attendedSessions<S extends Session>(sessions: S[], attendance: Presence[], userId: string): S[] {
  const present = new Set(attendance.filter((a) => a.userId === userId && a.present).map((a) => a.sessionId));
  return sessions.filter((s) => s.status === 'planned' && present.has(s.id)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Hours attended, to the minute (as hours with two decimals): what a continuing-education body credits. */
export function hoursOf(sessions: Session[]): { minutes: number; hours: number } {
  const minutes = sessions.reduce((sum, s) => sum + Math.round((s.endsAt.getTime() - s.startsAt.getTime()) / 60_000), 0);
  return { minutes, hours: Math.round((minutes / 60) * 100) / 100 };
}

export interface RunMeasures {
  sessionsPlanned: number;
  /** Sessions not cancelled whose attendance was recorded. */
  sessionsHeld: number;
  sessionsCancelled: number;
  /** Of the places at held sessions (each person of the group recorded), the share taken; null before any. */
  attendanceRate: number | null;
  casesByKind: Record<ItemKind, number>;
  /**
   * Requests the group's members sent the service during the run (its start until its end, or now),
   * and in as long a period just before it: the model predicts fewer but better referrals.
   */
  referrals: { before: number; during: number; from: string; start: string; to: string };
}

export function runMeasures(
  sessions: Session[],
  attendance: Presence[],
  items: { kind: ItemKind }[],
  referrals: { before: number; during: number; window: { from: Date; start: Date; to: Date } },
): RunMeasures {
  const recorded = new Set(attendance.map((a) => a.sessionId));
  const held = sessions.filter((s) => s.status === 'planned' && recorded.has(s.id));
  const places = attendance.filter((a) => held.some((s) => s.id === a.sessionId));
  return {
    sessionsPlanned: sessions.filter((s) => s.status === 'planned').length,
    sessionsHeld: held.length,
    sessionsCancelled: sessions.filter((s) => s.status === 'cancelled').length,
    attendanceRate: places.length ? Math.round((places.filter((a) => a.present).length / places.length) * 1000) / 1000 : null,
    casesByKind: { referral: items.filter((i) => i.kind === 'referral').length, 'own-case': items.filter((i) => i.kind === 'own-case').length },
    referrals: { before: referrals.before, during: referrals.during, from: referrals.window.from.toISOString(), start: referrals.window.start.toISOString(), to: referrals.window.to.toISOString() },
  };
}

/** The period measured: from the run's first session to its last one's end, or to now while it runs; as long a period before. */
export function referralWindow(sessions: Session[], now: Date): { from: Date; start: Date; to: Date } | null {
  const kept = sessions.filter((s) => s.status === 'planned').sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const first = kept[0];
  const last = kept.at(-1);
  if (!first || !last) return null;
  const end = Math.min(last.endsAt.getTime(), now.getTime());
  const start = first.startsAt.getTime();
  const to = Math.max(end, start);
  return { from: new Date(start - (to - start)), start: new Date(start), to: new Date(to) };
}

/** Fewer answers than this and the summary could point at a person: it is withheld. */
export const FEEDBACK_MINIMUM = 3;

export interface FeedbackSummary {
  answers: number;
  minimum: number;
  /** Null while fewer than `minimum` members answered. */
  summary: {
    coLeadership: { average: number; ratings: Record<'1' | '2' | '3' | '4' | '5', number>; comments: string[] };
    cooperation: Record<CooperationChange, number> & { comments: string[] };
    learnt: string[];
  } | null;
}

/** Counts and texts, no names and no order that follows who or when (texts sorted). */
export function summariseFeedback(answers: FeedbackAnswers[]): FeedbackSummary {
  if (answers.length < FEEDBACK_MINIMUM) return { answers: answers.length, minimum: FEEDBACK_MINIMUM, summary: null };
  const texts = (pick: (a: FeedbackAnswers) => string | null) => answers.map(pick).filter((t): t is string => !!t).sort((a, b) => a.localeCompare(b));
  const ratings = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const a of answers) ratings[String(a.coLeadershipRating) as keyof typeof ratings] += 1;
  const change = (c: CooperationChange) => answers.filter((a) => a.cooperationChange === c).length;
  return {
    answers: answers.length,
    minimum: FEEDBACK_MINIMUM,
    summary: {
      coLeadership: { average: Math.round((answers.reduce((s, a) => s + a.coLeadershipRating, 0) / answers.length) * 100) / 100, ratings, comments: texts((a) => a.coLeadership) },
      cooperation: { better: change('better'), unchanged: change('unchanged'), worse: change('worse'), comments: texts((a) => a.cooperation) },
      learnt: texts((a) => a.learnt),
    },
  };
}
