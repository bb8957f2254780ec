/**
 * A Balint group's runs: sessions on a fixed rhythm for a fixed time (a number of sessions or an
 * end date), in the group's host's time zone, at a place or a video link, in working time or
 * after hours. Leaders start a run, pause it (the sessions still to come are cancelled), resume
 * it (those still ahead come back), extend it, or close it. Each move is one transaction on the
 * locked run.
 */
import { DomainError, notFound } from '../domain/errors.js';
import type { Actor } from '../domain/actor.js';
import type { DiscussionGroup, DiscussionPerson, DiscussionRun, DiscussionSession } from '../domain/case-discussion.js';
import { checkRunLength, checkRunMove, closingSession, extended, runSessionTimes, type RunMove } from '../domain/case-discussion-run.js';
import { groupOf, inGroup } from './case-discussion-membership.js';
import { hostOf, type Host } from './case-discussion-host.js';
import type { Clock, Store } from './ports/store.js';

export interface NewRun {
  groupId: string;
  startsAt: Date;
  rhythmWeeks: number;
  durationMinutes: number;
  sessionCount?: number | undefined;
  endsOn?: string | undefined;
  /** Left out: the group's own. */
  place?: string | null | undefined;
  videoLink?: string | null | undefined;
  workingTime?: boolean | undefined;
}

export interface RunView {
  run: DiscussionRun;
  sessions: (DiscussionSession & { closing: boolean })[];
}

export class CaseDiscussionRunService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** A leader starts a run; the group has one run going at a time. */
  async start(actor: Actor, input: NewRun): Promise<RunView> {
    return this.store.transaction(async (store) => {
      const group = await groupOf(store, actor, input.groupId, 'leader', { lock: true });
      if ((await store.caseDiscussionRuns.runsOf(group.id)).some((r) => r.status !== 'closed')) {
        throw new DomainError('conflict', 'The group already has a run going: close it first.', { issues: [{ field: 'groupId', message: 'A run is going.' }] });
      }
      const run: DiscussionRun = {
        id: crypto.randomUUID(),
        groupId: group.id,
        startsAt: input.startsAt,
        rhythmWeeks: input.rhythmWeeks,
        durationMinutes: input.durationMinutes,
        sessionCount: input.sessionCount ?? null,
        endsOn: input.endsOn ?? null,
        place: input.place === undefined ? group.place : input.place,
        videoLink: input.videoLink === undefined ? group.videoLink : input.videoLink,
        workingTime: input.workingTime ?? group.workingTime,
        status: 'active',
        createdAt: this.clock.now(),
        createdBy: actor.id,
      };
      const timeZone = await zoneOf(store, group);
      checkRunLength(run, timeZone);
      await store.caseDiscussionRuns.createRun(run);
      await addSessions(store, run, runSessionTimes(run, timeZone), 'planned');
      return viewOf(store, run);
    });
  }

  /** The group (its host, leaders' disciplines, place, working time) and its runs, for anyone in it. */
  async group(actor: Actor, groupId: string): Promise<{ group: DiscussionGroup; host: Host; runs: DiscussionRun[] }> {
    const group = await groupOf(this.store, actor, groupId, 'any');
    return { group, host: await hostOf(this.store, group), runs: await this.store.caseDiscussionRuns.runsOf(group.id) };
  }

  /**
   * Who is in the group, by name (those who accepted): what its pages show as leaders, presenters
   * and the attendance list. Everyone in a group knows who else sits in it; no one else sees this.
   */
  async people(actor: Actor, groupId: string): Promise<(DiscussionPerson & { name: string })[]> {
    const group = await groupOf(this.store, actor, groupId, 'any');
    return Promise.all(inGroup(group).map(async (p) => ({ ...p, name: (await this.store.directory.findPerson(p.userId))?.name ?? 'Former colleague' })));
  }

  /** The group's host's time zone (the service's or the practice's): the local time a run's first session is given in. */
  async timeZone(actor: Actor, groupId: string): Promise<string> {
    return zoneOf(this.store, await groupOf(this.store, actor, groupId, 'any'));
  }

  /** A run and its sessions, for anyone in the group. */
  async read(actor: Actor, runId: string): Promise<RunView> {
    const run = await this.store.caseDiscussionRuns.findRun(runId);
    if (!run) throw notFound('Run');
    await groupOf(this.store, actor, run.groupId, 'any');
    return viewOf(this.store, run);
  }

  /** Pause, resume, extend or close a run (leaders). */
  async move(actor: Actor, runId: string, move: RunMove, input: { sessionCount?: number | undefined; endsOn?: string | undefined } = {}): Promise<RunView> {
    return this.store.transaction(async (store) => {
      const run = await store.caseDiscussionRuns.findRun(runId, { lock: true });
      if (!run) throw notFound('Run');
      const group = await groupOf(store, actor, run.groupId, 'leader');
      checkRunMove(run, move);
      const now = this.clock.now();
      const sessions = await store.caseDiscussionRuns.sessionsOf(run.id);
      const ahead = (status: DiscussionSession['status']) => sessions.filter((s) => s.status === status && s.startsAt > now).map((s) => s.id);
      let next: DiscussionRun = run;
      if (move === 'pause' || move === 'close') {
        await store.caseDiscussionRuns.setSessionStatus(ahead('planned'), 'cancelled');
        next = { ...run, status: move === 'pause' ? 'paused' : 'closed' };
      } else if (move === 'resume') {
        await store.caseDiscussionRuns.setSessionStatus(ahead('cancelled'), 'planned');
        next = { ...run, status: 'active' };
      } else {
        next = { ...run, ...extended(run, input) };
        const timeZone = await zoneOf(store, group);
        checkRunLength(next, timeZone);
        // The rhythm is the run's: its first sessions are the ones it has, the rest are new.
        await addSessions(store, next, runSessionTimes(next, timeZone).slice(sessions.length), run.status === 'paused' ? 'cancelled' : 'planned');
      }
      await store.caseDiscussionRuns.updateRun(run.id, { status: next.status, sessionCount: next.sessionCount, endsOn: next.endsOn });
      return viewOf(store, next);
    });
  }
}

async function zoneOf(store: Store, group: DiscussionGroup): Promise<string> {
  return (await hostOf(store, group)).timeZone;
}

async function addSessions(store: Store, run: DiscussionRun, starts: Date[], status: DiscussionSession['status']): Promise<void> {
  for (const startsAt of starts) {
    await store.caseDiscussions.createSession({ id: crypto.randomUUID(), groupId: run.groupId, runId: run.id, startsAt, endsAt: new Date(startsAt.getTime() + run.durationMinutes * 60_000), status });
  }
}

async function viewOf(store: Store, run: DiscussionRun): Promise<RunView> {
  const sessions = await store.caseDiscussionRuns.sessionsOf(run.id);
  const closing = closingSession(sessions);
  return { run, sessions: sessions.map((s) => ({ ...s, closing: s.id === closing?.id })) };
}
