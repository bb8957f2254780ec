/**
 * Case-discussion sessions (Balint-style groups): a recurring group of a consulting service with
 * co-leaders and members; sessions with an agenda of requests; the group's conclusions go back
 * to the presenting GP as the request's outcome; attendance is recorded per session. Members
 * see each case pseudonymised; only the presenting GP and the leaders see who the patient is.
 */
import { DomainError, notFound } from '../domain/errors.js';
import type { OutcomeCode } from '../domain/request.js';
import { pseudonymise, sessionTimes, type PseudonymisedCase } from '../domain/pseudonym.js';
import type { ConsultationRequest } from '../domain/request.js';
import type { Actor, Clock, DiscussionGroup, Store } from './ports.js';
import type { RequestService } from './requests.js';

export interface AgendaEntry {
  id: string;
  requestId: string;
  presenterId: string;
  minutes: number;
  conclusions: string | null;
  /** The full request for the presenting GP and the leaders; otherwise null. */
  identified: ConsultationRequest | null;
  /** What everyone in the group sees. */
  case: PseudonymisedCase;
}

export interface SessionView {
  id: string;
  groupId: string;
  groupName: string;
  startsAt: string;
  endsAt: string;
  agenda: AgendaEntry[];
}

export class CaseDiscussionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly requests: RequestService,
  ) {}

  async createGroup(actor: Actor, input: { serviceId: string; name: string; cadenceWeeks: number; leaderIds: string[]; memberIds: string[] }): Promise<DiscussionGroup> {
    if (!actor.serviceIds.includes(input.serviceId)) throw notFound('Consulting service');
    if (!input.leaderIds.includes(actor.id) && actor.role !== 'group-leader' && actor.role !== 'psychiatrist') {
      throw new DomainError('forbidden', 'A group is set up by a clinician of the service.');
    }
    for (const id of [...input.leaderIds, ...input.memberIds]) {
      if (!(await this.store.directory.findPerson(id))) {
        throw new DomainError('unprocessable', 'Every leader and member must be a Liaison user.', { issues: [{ field: 'memberIds', message: `Unknown user ${id}.` }] });
      }
    }
    const group: DiscussionGroup = {
      id: crypto.randomUUID(),
      serviceId: input.serviceId,
      name: input.name,
      cadenceWeeks: input.cadenceWeeks,
      createdAt: this.clock.now(),
      people: [
        ...input.leaderIds.map((userId) => ({ userId, role: 'leader' as const })),
        ...input.memberIds.filter((id) => !input.leaderIds.includes(id)).map((userId) => ({ userId, role: 'member' as const })),
      ],
    };
    await this.store.caseDiscussions.createGroup(group);
    return group;
  }

  /**
   * Schedules the next `count` sessions from `startsAt`, one every `cadenceWeeks` at the same
   * local time in the service's time zone (so across a daylight-saving change too).
   */
  async scheduleSessions(actor: Actor, groupId: string, startsAt: Date, durationMinutes: number, count: number) {
    const group = await this.groupFor(actor, groupId, 'leader');
    const service = await this.store.directory.findService(group.serviceId);
    const sessions = sessionTimes(startsAt, group.cadenceWeeks, count, service?.timeZone ?? 'UTC').map((start) => ({
      id: crypto.randomUUID(),
      groupId: group.id,
      startsAt: start,
      endsAt: new Date(start.getTime() + durationMinutes * 60_000),
    }));
    for (const session of sessions) await this.store.caseDiscussions.createSession(session);
    return sessions;
  }

  /** Accepted requests of the group's service meant for discussion and not yet on an agenda. */
  async candidates(actor: Actor, groupId: string) {
    const group = await this.groupFor(actor, groupId, 'leader');
    const accepted = await this.store.requests.inServices([group.serviceId], ['accepted']);
    const planned = new Set(await this.store.caseDiscussions.requestsOnAgendas(group.id));
    return accepted.filter((r) => (r.agreedForm ?? r.requestedForm) === 'case-discussion' && !planned.has(r.id));
  }

  /** Puts a request on the agenda; its GP presents it. The request must be accepted for discussion. */
  async addToAgenda(actor: Actor, sessionId: string, requestId: string, minutes: number): Promise<SessionView> {
    const { session, group } = await this.sessionFor(actor, sessionId, 'leader');
    const { request } = await this.requests.get(actor, requestId);
    if (request.serviceId !== group.serviceId) throw new DomainError('unprocessable', 'Only requests routed to the group’s service are discussed.', { issues: [{ field: 'requestId', message: 'Another service’s request.' }] });
    if (request.state !== 'accepted') {
      throw new DomainError('illegal_transition', `Accept the request for discussion first; it is ${request.state}.`, { details: { currentState: request.state } });
    }
    const position = (await this.store.caseDiscussions.itemsOf(sessionId)).length;
    await this.store.caseDiscussions.addItem({ id: crypto.randomUUID(), sessionId: session.id, requestId, presenterId: request.requesterId, minutes, position, conclusions: null });
    return this.view(actor, sessionId);
  }

  async view(actor: Actor, sessionId: string): Promise<SessionView> {
    const { session, group } = await this.sessionFor(actor, sessionId, 'any');
    const leader = group.people.some((p) => p.userId === actor.id && p.role === 'leader');
    const now = this.clock.now();
    const agenda = (await this.store.caseDiscussions.itemsOf(sessionId)).map(({ item, request }) => ({
      id: item.id,
      requestId: item.requestId,
      presenterId: item.presenterId,
      minutes: item.minutes,
      conclusions: item.conclusions,
      identified: leader || item.presenterId === actor.id ? request : null,
      case: pseudonymise(request, now),
    }));
    return { id: session.id, groupId: group.id, groupName: group.name, startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString(), agenda };
  }

  /** The group's conclusions go back to the presenting GP as the outcome of the request. */
  async conclude(actor: Actor, sessionId: string, itemId: string, input: { conclusions: string; outcomeCode: OutcomeCode; recommendations: string[] }): Promise<SessionView> {
    await this.sessionFor(actor, sessionId, 'leader');
    const item = (await this.store.caseDiscussions.itemsOf(sessionId)).find((i) => i.item.id === itemId);
    if (!item) throw notFound('Agenda item');
    await this.store.transaction(async (store) => {
      const tx = this.requests.within(store);
      await tx.act(actor, item.item.requestId, { action: 'complete', summary: input.conclusions, outcomeCode: input.outcomeCode, recommendations: input.recommendations }, null);
      await store.caseDiscussions.setConclusions(itemId, input.conclusions);
    });
    return this.view(actor, sessionId);
  }

  async recordAttendance(actor: Actor, sessionId: string, presentIds: string[]): Promise<void> {
    const { group } = await this.sessionFor(actor, sessionId, 'leader');
    await this.store.caseDiscussions.setAttendance(sessionId, group.people.map((p) => ({ userId: p.userId, present: presentIds.includes(p.userId) })));
  }

  myAttendance(actor: Actor) {
    return this.store.caseDiscussions.attendanceOf(actor.id);
  }

  private async groupFor(actor: Actor, groupId: string, role: 'leader' | 'any'): Promise<DiscussionGroup> {
    const group = await this.store.caseDiscussions.findGroup(groupId);
    const me = group?.people.find((p) => p.userId === actor.id);
    if (!group || !me) throw notFound('Case-discussion group');
    if (role === 'leader' && me.role !== 'leader') throw new DomainError('forbidden', 'Only the group’s leaders do this.');
    return group;
  }

  private async sessionFor(actor: Actor, sessionId: string, role: 'leader' | 'any') {
    const session = await this.store.caseDiscussions.findSession(sessionId);
    if (!session) throw notFound('Session');
    return { session, group: await this.groupFor(actor, session.groupId, role) };
  }
}
