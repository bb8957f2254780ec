/**
 * Case-discussion sessions (Balint-style groups): a recurring group of a consulting service (or a
 * practice) with
 * co-leaders and members, each in by an invitation they accepted; sessions with an agenda of
 * requests agreed as case discussions or presented by their own GP; the group's conclusions go
 * back to the presenting GP; attendance is recorded per session. The patient's identity is shown
 * only to those who may see the request anyway (the requesting practice, the consulting
 * service); everyone else in the group, leaders included, sees the case pseudonymised.
 * Each use case that writes is one transaction.
 */
import { DomainError, notFound, type FieldIssue } from '../domain/errors.js';
import type { OutcomeCode } from '../domain/request.js';
import { sessionTimes } from '../domain/pseudonym.js';
import { actsForRequester, canSee, scopeOf } from '../domain/access.js';
import { groupOf, inGroup, inviteesFor, personOf, sessionOf } from './case-discussion-membership.js';
import type { Actor } from '../domain/actor.js';
import { NOT_PRESENTABLE, type Discipline, type DiscussionGroup, type DiscussionInvitation, type GroupHost } from '../domain/case-discussion.js';
import { maySetUp } from '../domain/case-discussion-host.js';
import { findHost, hostOf } from './case-discussion-host.js';
import { sessionView, type SessionView } from './case-discussion-view.js';
import type { Clock, Store } from './ports/store.js';
import type { RequestService } from './requests.js';


/** How many accepted requests a practice's group's leader is offered at most. */
const CANDIDATES_READ = 200;

/** A service's group discusses the requests routed to it; a practice's group its own practice's requests. */
const onHostsAgenda = (group: DiscussionGroup, request: { serviceId: string; organisationId: string }) =>
  group.host.kind === 'service' ? request.serviceId === group.host.id : request.organisationId === group.host.id;

const requestIssue = (message: string): { issues: FieldIssue[] } => ({ issues: [{ field: 'requestId', message }] });

export interface NewGroup {
  /** A consulting service, or a practice (domain/case-discussion-host.ts). */
  host: GroupHost;
  name: string;
  cadenceWeeks: number;
  leaderIds: string[];
  memberIds: string[];
  /** A leader's discipline, when their role in Liaison does not say it (a GP co-leading as family physician is one). */
  disciplines?: Record<string, Discipline> | undefined;
  place?: string | null | undefined;
  videoLink?: string | null | undefined;
  workingTime?: boolean | undefined;
}

export class CaseDiscussionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly requests: RequestService,
  ) {}

  /**
   * A psychiatrist or psychologist of the service, or a GP of the practice, sets up a group;
   * everyone else named is invited.
   */
  async createGroup(actor: Actor, input: NewGroup): Promise<DiscussionGroup> {
    const hostWord = input.host.kind === 'service' ? 'Consulting service' : 'Practice';
    const may = maySetUp(actor, input.host);
    if (may === 'not-found') throw notFound(hostWord);
    if (may === 'forbidden') throw new DomainError('forbidden', input.host.kind === 'service' ? 'A group is set up by a psychiatrist or psychologist of the service.' : 'A practice’s group is set up by one of its GPs.');
    return this.store.transaction(async (store) => {
      const host = await findHost(store, input.host);
      if (!host) throw notFound(hostWord);
      const group: DiscussionGroup = {
        id: crypto.randomUUID(),
        host: { kind: host.kind, id: host.id },
        name: input.name,
        cadenceWeeks: input.cadenceWeeks,
        place: input.place ?? null,
        videoLink: input.videoLink ?? null,
        workingTime: input.workingTime ?? false,
        createdAt: this.clock.now(),
        people: await inviteesFor(store, actor, host, input),
      };
      await store.caseDiscussions.createGroup(group, actor.id);
      return group;
    });
  }

  /** The invitations waiting for the caller's answer. */
  invitations(actor: Actor): Promise<DiscussionInvitation[]> {
    return this.store.caseDiscussions.invitationsOf(personOf(actor));
  }

  /** The groups the caller is in (accepted), as leader or member. */
  myGroups(actor: Actor): Promise<DiscussionInvitation[]> {
    return this.store.caseDiscussions.groupsOf(personOf(actor));
  }

  /** Accepts or declines a pending invitation; there is nothing to answer otherwise (404). */
  async respond(actor: Actor, groupId: string, answer: 'accepted' | 'declined'): Promise<void> {
    const userId = personOf(actor);
    await this.store.transaction(async (store) => {
      if (!(await store.caseDiscussions.respond(groupId, userId, answer, this.clock.now()))) throw notFound('Invitation');
    });
  }

  /**
   * Schedules the next `count` sessions from `startsAt`, one every `cadenceWeeks` at the same
   * local time in the host's time zone (so across a daylight-saving change too).
   */
  async scheduleSessions(actor: Actor, groupId: string, startsAt: Date, durationMinutes: number, count: number) {
    return this.store.transaction(async (store) => {
      const group = await groupOf(store, actor, groupId, 'leader');
      const sessions = sessionTimes(startsAt, group.cadenceWeeks, count, (await hostOf(store, group)).timeZone).map((start) => ({
        id: crypto.randomUUID(),
        groupId: group.id,
        startsAt: start,
        endsAt: new Date(start.getTime() + durationMinutes * 60_000),
        runId: null,
        status: 'planned' as const,
      }));
      for (const session of sessions) await store.caseDiscussions.createSession(session);
      return sessions;
    });
  }

  /**
   * Accepted requests agreed as case discussions and not yet on an agenda — of the group's
   * service, or of the group's practice — that the leader may see, as only such a leader can add them.
   */
  async candidates(actor: Actor, groupId: string) {
    const group = await groupOf(this.store, actor, groupId, 'leader');
    const { host } = group;
    const accepted =
      host.kind === 'service'
        ? await this.store.requests.inServices([host.id], ['accepted'])
        : (await this.store.requests.list(scopeOf(actor), { states: ['accepted'] }, null, CANDIDATES_READ)).filter((r) => r.organisationId === host.id);
    const planned = new Set(await this.store.caseDiscussions.requestsOnAgendas(group.id));
    return accepted.filter((r) => canSee(actor, r) && r.agreedForm === 'case-discussion' && !planned.has(r.id));
  }

  /**
   * Puts a request on the agenda; its GP presents it. A leader adds an accepted request agreed as
   * a case discussion; the requesting GP, in the group, may choose to present their own request
   * whatever its form. Once per group (the group row is locked, so two calls cannot both add it).
   */
  async addToAgenda(actor: Actor, sessionId: string, requestId: string, minutes: number): Promise<SessionView> {
    await this.store.transaction(async (store) => {
      const { session, group } = await sessionOf(store, actor, sessionId, 'any', { lock: true });
      const { request } = await this.requests.within(store).get(actor, requestId);
      if (!onHostsAgenda(group, request)) throw new DomainError('unprocessable', `Only requests ${group.host.kind === 'service' ? 'routed to the group’s service' : 'of the group’s practice'} are discussed.`, requestIssue(group.host.kind === 'service' ? 'Another service’s request.' : 'Another practice’s request.'));
      if (actsForRequester(actor, request)) {
        if (NOT_PRESENTABLE.includes(request.state)) throw new DomainError('illegal_transition', `A ${request.state} request is not presented.`, { details: { currentState: request.state } });
      } else {
        if (!inGroup(group).some((p) => p.userId === actor.id && p.role === 'leader')) throw new DomainError('forbidden', 'Only the group’s leaders, or the GP who asked, put a request on the agenda.');
        if (request.state !== 'accepted') {
          throw new DomainError('illegal_transition', `Accept the request for discussion first; it is ${request.state}.`, { details: { currentState: request.state } });
        }
        if (request.agreedForm !== 'case-discussion') {
          throw new DomainError('unprocessable', 'Only a request agreed as a case discussion goes on the agenda, unless its GP chooses to present it.', requestIssue(`Agreed as ${request.agreedForm ?? 'nothing yet'}.`));
        }
      }
      if ((await store.caseDiscussions.requestsOnAgendas(group.id)).includes(requestId)) {
        throw new DomainError('conflict', 'The request is already on an agenda of this group.', requestIssue('Already on an agenda.'));
      }
      const position = (await store.caseDiscussions.itemsOf(sessionId)).length;
      await store.caseDiscussions.addItem({ id: crypto.randomUUID(), sessionId: session.id, requestId, kind: 'referral', title: null, question: null, presenterId: request.requesterId ?? actor.id, minutes, position, conclusions: null });
    });
    return this.view(actor, sessionId);
  }

  async view(actor: Actor, sessionId: string): Promise<SessionView> {
    const { session, group } = await sessionOf(this.store, actor, sessionId, 'any');
    return sessionView(actor, group, session, await this.store.caseDiscussions.itemsOf(sessionId), this.clock.now());
  }

  /**
   * The group's conclusions go back to the presenting GP. A request agreed as a case discussion
   * is completed with them as its outcome; one its GP chose to present keeps its own course.
   */
  async conclude(actor: Actor, sessionId: string, itemId: string, input: { conclusions: string; outcomeCode: OutcomeCode; recommendations: string[] }): Promise<SessionView> {
    await this.store.transaction(async (store) => {
      await sessionOf(store, actor, sessionId, 'leader');
      const item = (await store.caseDiscussions.itemsOf(sessionId)).find((i) => i.item.id === itemId);
      if (!item) throw notFound('Agenda item');
      const { request } = item;
      if (!request || item.item.kind !== 'referral') {
        throw new DomainError('unprocessable', 'A case a member brought is not concluded: record the group’s reflection; its presenter decides where it goes.', { issues: [{ field: 'itemId', message: 'An own case.' }] });
      }
      let outcomeMessageId: string | null = null;
      if (request.agreedForm === 'case-discussion') {
        const action = { action: 'complete' as const, summary: input.conclusions, outcomeCode: input.outcomeCode, recommendations: input.recommendations };
        outcomeMessageId = (await this.requests.within(store).act(actor, request.id, action, null)).messageIds?.[0] ?? null;
      }
      // Kept whole, with who and when: they reach the GP as a letter (FHIR DocumentReference) either way.
      await store.caseDiscussions.setConclusions(itemId, { ...input, concludedAt: this.clock.now(), concludedBy: actor.id, outcomeMessageId });
    });
    return this.view(actor, sessionId);
  }

  /** Who of the group was there; everyone else in it is recorded absent. */
  async recordAttendance(actor: Actor, sessionId: string, presentIds: string[]): Promise<void> {
    await this.store.transaction(async (store) => {
      const { session, group } = await sessionOf(store, actor, sessionId, 'leader');
      if (session.status === 'cancelled') throw new DomainError('illegal_transition', 'A cancelled session has no attendance.', { details: { currentStatus: session.status } });
      const people = inGroup(group);
      const issues: FieldIssue[] = [];
      presentIds.forEach((id, i) => {
        if (presentIds.indexOf(id) !== i) issues.push({ field: `present.${i}`, message: 'Named twice.' });
        else if (!people.some((p) => p.userId === id)) issues.push({ field: `present.${i}`, message: 'Not in the group.' });
      });
      if (issues.length) throw new DomainError('unprocessable', 'Name each person of the group who attended, once.', { issues });
      await store.caseDiscussions.setAttendance(sessionId, people.map((p) => ({ userId: p.userId, present: presentIds.includes(p.userId) })));
    });
  }

  myAttendance(actor: Actor) {
    return this.store.caseDiscussions.attendanceOf(personOf(actor));
  }
}
