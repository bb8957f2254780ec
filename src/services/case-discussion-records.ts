/**
 * What a run leaves behind: the closing questionnaire (members answer once, from the closing
 * session on; leaders read a summary without names), each person's attendance certificate, and
 * the leaders' measures of the run.
 */
import type { Actor } from '../domain/actor.js';
import type { Discipline, DiscussionRun, FeedbackAnswers } from '../domain/case-discussion.js';
import { feedbackOpen } from '../domain/case-discussion-run.js';
import { attendedSessions, hoursOf, referralWindow, runMeasures, summariseFeedback, type FeedbackSummary, type RunMeasures } from '../domain/case-discussion-records.js';
import { DomainError, notFound } from '../domain/errors.js';
import { groupOf, inGroup, personOf } from './case-discussion-membership.js';
import { hostOf } from './case-discussion-host.js';
import type { Clock, Store } from './ports/store.js';

export interface Certificate {
  person: { id: string; name: string };
  group: { name: string; hostName: string; timeZone: string; workingTime: boolean };
  leaders: { name: string; discipline: Discipline | null }[];
  run: { id: string; firstSession: Date | null; lastSession: Date | null; status: DiscussionRun['status'] };
  attended: { startsAt: Date; endsAt: Date }[];
  minutes: number;
  hours: number;
  issuedAt: Date;
}

export class CaseDiscussionRecordService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** A member answers the closing questionnaire once, from the closing session on. */
  async answerFeedback(actor: Actor, runId: string, answers: FeedbackAnswers): Promise<void> {
    const userId = personOf(actor);
    await this.store.transaction(async (store) => {
      const { run, group } = await runOf(store, actor, runId, 'any');
      if (!inGroup(group).some((p) => p.userId === userId && p.role === 'member')) throw new DomainError('forbidden', 'The questionnaire is for the group’s members; leaders read its summary.');
      if (!feedbackOpen(run, await store.caseDiscussionRuns.sessionsOf(run.id), this.clock.now())) {
        throw new DomainError('illegal_transition', 'The questionnaire opens at the run’s closing session.', { details: { currentStatus: run.status } });
      }
      if (!(await store.caseDiscussionRuns.addFeedback(run.id, userId, answers, this.clock.now()))) {
        throw new DomainError('conflict', 'You have already answered this run’s questionnaire.');
      }
    });
  }

  async feedbackSummary(actor: Actor, runId: string): Promise<FeedbackSummary> {
    const { run } = await runOf(this.store, actor, runId, 'leader');
    return summariseFeedback(await this.store.caseDiscussionRuns.feedbackOf(run.id));
  }

  /**
   * An attendance certificate for a run: the sessions attended and the hours — the caller's own,
   * or (`memberId`, leaders only) a member's, for the leaders who sign continuing-education records.
   */
  async certificate(actor: Actor, runId: string, memberId?: string): Promise<Certificate> {
    const self = personOf(actor);
    const forOther = memberId !== undefined && memberId !== self;
    const { run, group } = await runOf(this.store, actor, runId, forOther ? 'leader' : 'any');
    if (forOther && !inGroup(group).some((p) => p.userId === memberId && p.role === 'member')) throw notFound();
    const userId = forOther ? memberId : self;
    const sessions = await this.store.caseDiscussionRuns.sessionsOf(run.id);
    const attended = attendedSessions(sessions, await this.store.caseDiscussionRuns.attendanceOfRun(run.id), userId);
    const host = await hostOf(this.store, group);
    const nameOf = async (id: string) => (await this.store.directory.findPerson(id))?.name ?? 'unknown';
    const kept = sessions.filter((s) => s.status === 'planned');
    return {
      person: { id: userId, name: await nameOf(userId) },
      group: { name: group.name, hostName: host.name, timeZone: host.timeZone, workingTime: run.workingTime },
      leaders: await Promise.all(inGroup(group).filter((p) => p.role === 'leader').map(async (p) => ({ name: await nameOf(p.userId), discipline: p.discipline }))),
      run: { id: run.id, firstSession: kept[0]?.startsAt ?? null, lastSession: kept.at(-1)?.startsAt ?? null, status: run.status },
      attended: attended.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt })),
      ...hoursOf(attended),
      issuedAt: this.clock.now(),
    };
  }

  /**
   * Sessions held, attendance, cases by kind and the members' referrals before and during the run
   * (leaders): to the group's service, or — a practice's group — to any service.
   */
  async measures(actor: Actor, runId: string): Promise<RunMeasures> {
    const { run, group } = await runOf(this.store, actor, runId, 'leader');
    const runs = this.store.caseDiscussionRuns;
    const sessions = await runs.sessionsOf(run.id);
    const window = referralWindow(sessions, this.clock.now()) ?? { from: run.startsAt, start: run.startsAt, to: run.startsAt };
    const members = inGroup(group).filter((p) => p.role === 'member').map((p) => p.userId);
    const to = group.host.kind === 'service' ? group.host.id : null;
    const referrals = {
      before: await runs.referralsBy(to, members, window.from, window.start),
      during: await runs.referralsBy(to, members, window.start, window.to),
      window,
    };
    return runMeasures(sessions, await runs.attendanceOfRun(run.id), await runs.itemsOfRun(run.id), referrals);
  }
}

async function runOf(store: Store, actor: Actor, runId: string, role: 'leader' | 'any') {
  const run = await store.caseDiscussionRuns.findRun(runId);
  if (!run) throw notFound('Run');
  return { run, group: await groupOf(store, actor, run.groupId, role) };
}
