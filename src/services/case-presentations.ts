/**
 * What members bring to a Balint group and what stays in it. A member presents a case in their
 * own words (a title and a short question), refused when it carries an obvious identifier; it may
 * link a request of their own, which then keeps that request's privacy rules. Leaders
 * keep private notes on a session (never part of a request). The group's reflection on a case
 * stays in the group unless its presenter takes it back: as a message on the linked request
 * (which travels as a FHIR Communication) or as a note kept for the presenter alone.
 */
import { actsForRequester } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import { NOT_PRESENTABLE } from '../domain/case-discussion.js';
import { DomainError, notFound } from '../domain/errors.js';
import { datesIn, identifyingIssues } from '../domain/presentation-screen.js';
import { inGroup, personOf, sessionOf } from './case-discussion-membership.js';
import { sessionView, type SessionView } from './case-discussion-view.js';
import { MessageService } from './messages.js';
import type { KeptReflection, LeaderNote } from './ports/case-discussion-runs.js';
import type { Clock, Store } from './ports/store.js';
import type { RequestService } from './requests.js';

export interface NewPresentation {
  title: string;
  question: string;
  minutes: number;
  /** A request of the presenter's own the case is about (optional). */
  requestId?: string | undefined;
}

const conflict = (message: string, field: string, why: string) => new DomainError('conflict', message, { issues: [{ field, message: why }] });

export class CasePresentationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly requests: RequestService,
  ) {}

  /** Anyone in the group brings a case to a session still planned. */
  async present(actor: Actor, sessionId: string, input: NewPresentation): Promise<SessionView> {
    const presenterId = personOf(actor);
    await this.store.transaction(async (store) => {
      const { session, group } = await sessionOf(store, actor, sessionId, 'any', { lock: true });
      if (session.status === 'cancelled') throw new DomainError('illegal_transition', 'The session is cancelled.', { details: { currentStatus: session.status } });
      const text = `${input.title}\n${input.question}`;
      const known = await store.caseDiscussionRuns.patientsMentioned(actor.organisationId, text, datesIn(text));
      const issues = identifyingIssues({ title: input.title, question: input.question }, known);
      if (issues.length) throw new DomainError('unprocessable', 'A case brought to the group carries no identifier: describe the patient without one.', { issues });
      if (input.requestId) {
        const { request } = await this.requests.within(store).get(actor, input.requestId);
        if (!actsForRequester(actor, request)) throw new DomainError('unprocessable', 'Only a request of your own is linked.', { issues: [{ field: 'requestId', message: 'Not your request.' }] });
        if (NOT_PRESENTABLE.includes(request.state)) throw new DomainError('illegal_transition', `A ${request.state} request is not presented.`, { details: { currentState: request.state } });
        if ((await store.caseDiscussions.requestsOnAgendas(group.id)).includes(request.id)) throw conflict('The request is already on an agenda of this group.', 'requestId', 'Already on an agenda.');
      }
      const position = (await store.caseDiscussions.itemsOf(sessionId)).length;
      await store.caseDiscussions.addItem({
        id: crypto.randomUUID(),
        sessionId,
        requestId: input.requestId ?? null,
        kind: 'own-case',
        title: input.title,
        question: input.question,
        presenterId,
        minutes: input.minutes,
        position,
        conclusions: null,
      });
    });
    return this.view(actor, sessionId);
  }

  async writeLeaderNote(actor: Actor, sessionId: string, text: string): Promise<LeaderNote> {
    return this.store.transaction(async (store) => {
      await sessionOf(store, actor, sessionId, 'leader');
      const note: LeaderNote = { id: crypto.randomUUID(), sessionId, authorId: actor.id, text, writtenAt: this.clock.now() };
      await store.caseDiscussionRuns.addLeaderNote(note);
      return note;
    });
  }

  async leaderNotes(actor: Actor, sessionId: string): Promise<LeaderNote[]> {
    await sessionOf(this.store, actor, sessionId, 'leader');
    return this.store.caseDiscussionRuns.leaderNotes(sessionId);
  }

  /** A leader records the group's reflection on a case; it can change until its presenter has taken it back. */
  async reflect(actor: Actor, sessionId: string, itemId: string, text: string): Promise<SessionView> {
    await this.store.transaction(async (store) => {
      await sessionOf(store, actor, sessionId, 'leader', { lock: true });
      const item = await store.caseDiscussionRuns.findItem(itemId);
      if (!item || item.sessionId !== sessionId) throw notFound('Agenda item');
      if (item.sharedTo) throw conflict('The presenter has already taken this reflection back.', 'text', 'Already shared.');
      await store.caseDiscussionRuns.setReflection(itemId, { text, by: actor.id, at: this.clock.now() });
    });
    return this.view(actor, sessionId);
  }

  /**
   * The presenter, and only they, takes the group's reflection back: onto the linked request, or
   * as a note for themselves alone. Nothing leaves the group otherwise.
   */
  async share(actor: Actor, sessionId: string, itemId: string, to: 'request' | 'presenter'): Promise<SessionView> {
    await this.store.transaction(async (store) => {
      const { group } = await sessionOf(store, actor, sessionId, 'any', { lock: true });
      const item = await store.caseDiscussionRuns.findItem(itemId);
      if (!item || item.sessionId !== sessionId) throw notFound('Agenda item');
      if (item.presenterId !== actor.id || !inGroup(group).some((p) => p.userId === actor.id)) throw new DomainError('forbidden', 'Only the presenter decides where the group’s reflection goes.');
      if (!item.reflection) throw conflict('The group’s reflection has not been recorded yet.', 'to', 'Nothing to share yet.');
      if (item.sharedTo) throw conflict('The reflection has already been taken back.', 'to', `Already shared to the ${item.sharedTo}.`);
      let messageId: string | null = null;
      if (to === 'request') {
        if (!item.requestId) throw new DomainError('unprocessable', 'The case links no request: keep the reflection as a note for yourself.', { issues: [{ field: 'to', message: 'No linked request.' }] });
        const messages = new MessageService(store, this.clock, this.requests.within(store));
        messageId = (await messages.addMessage(actor, item.requestId, `Reflection of the case-discussion group, shared by the presenter:\n\n${item.reflection}`)).id;
      }
      await store.caseDiscussionRuns.shareReflection(itemId, { to, at: this.clock.now(), messageId });
    });
    return this.view(actor, sessionId);
  }

  /** The reflections the caller kept for themselves alone. */
  keptReflections(actor: Actor): Promise<KeptReflection[]> {
    return this.store.caseDiscussionRuns.reflectionsKeptBy(personOf(actor));
  }

  private async view(actor: Actor, sessionId: string): Promise<SessionView> {
    const { session, group } = await sessionOf(this.store, actor, sessionId, 'any');
    return sessionView(actor, group, session, await this.store.caseDiscussions.itemsOf(sessionId), this.clock.now());
  }
}
