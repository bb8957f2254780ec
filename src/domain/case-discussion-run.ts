/**
 * A Balint group's run, pure: when its sessions fall, which moves leaders may make on it, and
 * which session closes it. Sessions keep the first one's wall-clock time in the group's time
 * zone (a 17:00 group meets at 17:00 after a daylight-saving change too).
 */
import { DateTime } from 'luxon';
import { DomainError } from './errors.js';
import type { DiscussionRun, DiscussionSession, RunStatus } from './case-discussion.js';

/** No run generates more sessions than this (a weekly group for a little over two years). */
export const MAX_RUN_SESSIONS = 120;

export type RunMove = 'pause' | 'resume' | 'extend' | 'close';

const FROM: Record<RunMove, readonly RunStatus[]> = {
  pause: ['active'],
  resume: ['paused'],
  extend: ['active', 'paused'],
  close: ['active', 'paused'],
};

/** Refuses a move the run's status does not allow (409 with the current status). */
export function checkRunMove(run: Pick<DiscussionRun, 'status'>, move: RunMove): void {
  if (!FROM[move].includes(run.status)) {
    throw new DomainError('illegal_transition', `A ${run.status} run cannot ${move === 'extend' ? 'be extended' : move}.`, { details: { currentStatus: run.status } });
  }
}

/** The start of every session of the run, in order: `sessionCount` of them, or each one up to `endsOn`. */
export function runSessionTimes(run: Pick<DiscussionRun, 'startsAt' | 'rhythmWeeks' | 'sessionCount' | 'endsOn'>, timeZone: string): Date[] {
  const first = DateTime.fromJSDate(run.startsAt, { zone: timeZone });
  const times: Date[] = [];
  for (let i = 0; i < MAX_RUN_SESSIONS; i++) {
    if (run.sessionCount !== null && i >= run.sessionCount) break;
    const start = first.plus({ weeks: i * run.rhythmWeeks });
    if (run.endsOn !== null && start.toISODate()! > run.endsOn) break;
    times.push(start.toJSDate());
  }
  return times;
}

/** The local date of an instant in the zone (YYYY-MM-DD). */
export const localDate = (at: Date, timeZone: string): string => DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;

/** A run lasts a number of sessions or until a date, never both, and has at least one session. */
export function checkRunLength(run: Pick<DiscussionRun, 'startsAt' | 'rhythmWeeks' | 'sessionCount' | 'endsOn'>, timeZone: string): void {
  if ((run.sessionCount === null) === (run.endsOn === null)) {
    throw new DomainError('unprocessable', 'A run lasts either a number of sessions or until an end date.', { issues: [{ field: 'sessionCount', message: 'Give sessionCount or endsOn, one of them.' }] });
  }
  if (run.endsOn !== null && run.endsOn < localDate(run.startsAt, timeZone)) {
    throw new DomainError('unprocessable', 'The run ends before it starts.', { issues: [{ field: 'endsOn', message: 'On or after the first session’s date.' }] });
  }
  if (run.endsOn !== null && runSessionTimes(run, timeZone).length >= MAX_RUN_SESSIONS) {
    throw new DomainError('unprocessable', `A run has at most ${MAX_RUN_SESSIONS} sessions.`, { issues: [{ field: 'endsOn', message: 'Too far ahead for the rhythm.' }] });
  }
}

/**
 * An extension moves the run's end later: more sessions for a run counted in sessions, a later
 * date for one that runs until a date. Anything else is refused naming the field.
 */
export function extended(run: DiscussionRun, by: { sessionCount?: number | undefined; endsOn?: string | undefined }): Pick<DiscussionRun, 'sessionCount' | 'endsOn'> {
  if (run.sessionCount !== null) {
    if (by.sessionCount === undefined || by.endsOn !== undefined) throw extensionIssue('sessionCount', 'This run is counted in sessions: give its new number of sessions.');
    if (by.sessionCount <= run.sessionCount) throw extensionIssue('sessionCount', `More than the ${run.sessionCount} sessions it has.`);
    if (by.sessionCount > MAX_RUN_SESSIONS) throw extensionIssue('sessionCount', `At most ${MAX_RUN_SESSIONS}.`);
    return { sessionCount: by.sessionCount, endsOn: null };
  }
  if (by.endsOn === undefined || by.sessionCount !== undefined) throw extensionIssue('endsOn', 'This run lasts until a date: give its new end date.');
  if (by.endsOn <= run.endsOn!) throw extensionIssue('endsOn', `Later than ${run.endsOn}.`);
  return { sessionCount: null, endsOn: by.endsOn };
}

const extensionIssue = (field: string, message: string) => new DomainError('unprocessable', 'An extension moves the run’s end later.', { issues: [{ field, message }] });

/** The closing (feedback) session: the run's last session that is not cancelled. */
export function closingSession<S extends Pick<DiscussionSession, 'startsAt' | 'status'>>(sessions: S[]): S | null {
  return sessions.filter((s) => s.status === 'planned').sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).at(-1) ?? null;
}

/** Members answer the feedback questionnaire from the closing session on, or once the run is closed. */
export function feedbackOpen(run: Pick<DiscussionRun, 'status'>, sessions: Pick<DiscussionSession, 'startsAt' | 'status'>[], now: Date): boolean {
  const closing = closingSession(sessions);
  return run.status === 'closed' || (closing !== null && closing.startsAt.getTime() <= now.getTime());
}
