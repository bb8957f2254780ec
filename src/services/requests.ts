/**
 * Use cases of a consultation request. Each write is one transaction: the request row, its
 * version bump and its history event commit together or not at all.
 */
import type { ProposedContent } from '../domain/amendment.js';
import { DomainError, notFound } from '../domain/errors.js';
import { transition, type RequestAction } from '../domain/lifecycle.js';
import { movesNow, needsOpenProposal } from '../domain/proposed-times.js';
import type { ConsultationRequest } from '../domain/request.js';
import { firstResourceVersions, type ExpectedVersion, type VersionedResource } from '../domain/resource-versions.js';
import { canCreateRequests, requestScopeOf, seesDraftPeriod, sidesOf, timelineFor } from '../domain/access.js';
import type { ActionInput, CreateInput, DraftInput } from './inputs.js';
import { moveEffect } from '../domain/moves.js';
import { submissionEffect } from '../domain/submission.js';
import { announce } from './announcements.js';
import { moveFacts } from './move-facts.js';
import { situate, type SituatedRequest } from './situation.js';
import { allInOrder } from './all-in-order.js';
import { appendEvent, draftFields, eventOf, lockVisible, type SideRequired } from './request-records.js';
import { amendmentOf, draftEdit, REQUESTER, type RequesterIntent } from './requester-changes.js';
import type { Actor } from '../domain/actor.js';
import { takesReferralsFrom, type ConsultingService } from '../domain/directory.js';
import type { RequestEvent } from '../domain/request-event.js';
import type { Clock, Store } from './ports/store.js';
import type { ListedRequest, PageCursor, PageRequest, RequestFilters, Reuse, StampedRequest, VersionWindow } from './queries.js';

export interface RequestDetail {
  request: SituatedRequest;
  timeline: RequestEvent[];
  /** Messages the move sent (a question, an answer, advice, an outcome letter). */
  messageIds?: string[];
}

/** A change that moves no state: the history event's action and detail, the patch, and work to finish inside the transaction. */
export interface Annotation<T> {
  action: string;
  patch: Partial<ConsultationRequest>;
  detail: Record<string, unknown>;
  finish?: (store: Store) => Promise<T>;
  /** A move made right after, in the same transaction. */
  then?: ActionInput | undefined;
}

/**
 * What a write decided under the lock does: a move (with what the consulting side's Task keeps as
 * sent, when its update also adds to it: one change, one version), an annotation, or nothing.
 */
export type Decision<T> = { move: ActionInput; kept?: Pick<ConsultationRequest, 'taskPreserved'> } | Annotation<T> | null;

export interface VersionPage {
  current: ListedRequest;
  versions: ConsultationRequest[];
  /** How many versions the caller may see in all. */
  total: number;
  /** The next page holds the versions below this one; null on the last page. */
  nextBefore: number | null;
}

export interface RequestPage {
  items: SituatedRequest[];
  next: PageCursor | null;
}

/** A page of stamped requests (see searchReusing); `request` null where the caller holds it. */
export interface StampedPage {
  items: (Omit<StampedRequest, 'request'> & { request: SituatedRequest | null })[];
  next: PageCursor | null;
}

export class RequestService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * One write decided under the row lock: the visible request is locked, the caller's side checked
   * (when required) before If-Match, and then `decide`, given the row as it now is, chooses a move
   * (keeping what the consulting side's Task adds as sent), a change that moves no state (kept in
   * the history like a move), or nothing. One transaction; the interfaces never pick the use case.
   */
  async decide<T = undefined>(
    actor: Actor,
    id: string,
    expectedVersion: ExpectedVersion,
    required: SideRequired | undefined,
    decide: (request: ConsultationRequest, now: Date, store: Store) => Promise<Decision<T>>,
  ): Promise<{ detail: RequestDetail; result: T | undefined }> {
    const { messageIds, result } = await this.store.transaction(async (store) => {
      const request = await lockVisible(store, actor, id, expectedVersion, required);
      const now = this.clock.now();
      const made = await decide(request, now, store);
      if (!made) return { messageIds: [], result: undefined };
      if ('move' in made) return { messageIds: await this.applyMove(store, actor, request, made.move, now, made.kept), result: undefined };
      const updated: ConsultationRequest = { ...request, ...made.patch, version: request.version + 1, updatedAt: now.toISOString() };
      // Sent together under the row lock: the row, its history and what the outbox must read.
      await allInOrder([store.requests.update(updated, request), appendEvent(store, actor, updated, made.action, request.state, now, made.detail), announce(store, actor, request, updated, made.action, now)]);
      // An edit and a move in one transaction (a FHIR update of a draft to active: edit, then submit).
      if (made.then) return { messageIds: await this.applyMove(store, actor, updated, made.then, now), result: undefined };
      return { messageIds: [], result: await made.finish?.(store) };
    });
    return { detail: { ...(await this.get(actor, id)), ...(messageIds.length ? { messageIds } : {}) }, result };
  }

  /** A change that moves no state (an answer, an assignment, a message), made as `decide` makes it. */
  annotate<T = undefined>(
    actor: Actor,
    id: string,
    expectedVersion: ExpectedVersion,
    action: string,
    change: (request: ConsultationRequest, now: Date, store: Store) => Promise<Omit<Annotation<T>, 'action'> | null>,
  ): Promise<{ detail: RequestDetail; result: T | undefined }> {
    return this.decide(actor, id, expectedVersion, undefined, async (request, now, store) => {
      const made = await change(request, now, store);
      return made && { action, ...made };
    });
  }

  /** The same use cases inside a larger transaction (the store of that transaction). */
  within(store: Store): RequestService {
    return new RequestService(store, this.clock);
  }

  async create(actor: Actor, input: CreateInput, options: { submit: boolean }): Promise<RequestDetail> {
    return this.get(actor, await this.insertNew(actor, input, options));
  }

  /** `create`, answered with the request alone (no timeline): what a FHIR create returns, one read less. */
  async createRequest(actor: Actor, input: CreateInput, options: { submit: boolean }): Promise<SituatedRequest> {
    return this.find(actor, await this.insertNew(actor, input, options));
  }

  private async insertNew(actor: Actor, input: CreateInput, options: { submit: boolean }): Promise<string> {
    if (!canCreateRequests(actor)) throw new DomainError('forbidden', 'Only GPs and their EHR systems create consultation requests.');
    // Independent reads, sent at once. A reference taken for a create that then fails is a gap in
    // the numbering, as a rolled-back transaction leaves one.
    const [requester, service, reference] = await allInOrder([this.requesterFor(actor, input), this.serviceFor(actor, input.serviceId), this.store.requests.nextReference()]);
    const now = this.clock.now();
    const id = await this.store.transaction(async (store) => {
      const draft: ConsultationRequest = {
        ...draftFields(input),
        id: crypto.randomUUID(),
        reference,
        version: 1,
        state: 'draft',
        organisationId: actor.organisationId,
        ...requester,
        serviceId: service.id,
        assigneeId: null,
        agreedForm: null,
        submittedAt: null,
        dueAt: null,
        clockPausedAt: null,
        firstResponseAt: null,
        replacesId: null,
        replacedById: null,
        proposedTimes: null,
        identifiers: input.identifiers ?? [],
        preserved: input.preserved ?? null,
        taskPreserved: null,
        resourceVersions: firstResourceVersions(now.toISOString()),
        appointment: null,
        outcome: null,
        authoredAt: input.authoredAt ?? now.toISOString(),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      // Submitted at once, the request's first version is the submitted one: the draft it was for a
      // moment is history (two events), not a version a reader could fetch.
      const submission = options.submit ? submissionEffect(draft, service, now) : null;
      const request: ConsultationRequest = submission ? { ...draft, ...submission.patch, state: 'submitted' } : draft;
      const events = [
        eventOf(actor, { ...request, state: 'draft' }, 'create', null, now, {}),
        ...(submission ? [eventOf(actor, request, 'submit', 'draft', now, submission.notes.length ? { notes: submission.notes } : {})] : []),
      ];
      // The outbox reads nothing of the new rows (and its rows have no key to them): sent beside them.
      await allInOrder([store.requests.insert(request, events), submission ? announce(store, actor, null, request, 'submit', now, { service }) : Promise.resolve()]);
      return request.id;
    });
    return id;
  }

  /** The request as the actor may see it, with its situation; without its timeline, one read. */
  async find(actor: Actor, id: string): Promise<SituatedRequest> {
    const request = await this.store.requests.findVisible(id, requestScopeOf(actor));
    if (!request) throw notFound();
    return situate(actor, request, this.clock.now());
  }

  async get(actor: Actor, id: string): Promise<RequestDetail> {
    const request = await this.find(actor, id);
    return { request, timeline: timelineFor(actor, request, await this.store.requests.events(id)) };
  }

  /**
   * A page of past versions (FHIR _history), newest first, below version `before`. The consulting
   * side never sees the versions from before submission: what the GP drafted and corrected stays
   * with the practice.
   */
  async versions(actor: Actor, id: string, page: { before: number | null; limit: number; window?: VersionWindow | undefined; resource?: VersionedResource | undefined }): Promise<VersionPage> {
    const { request } = await this.get(actor, id);
    const submittedOnly = !seesDraftPeriod(actor, request);
    const { versions, total } = await this.store.requests.versions(id, { before: page.before, limit: page.limit + 1, submittedOnly, window: page.window, resource: page.resource });
    const items = versions.slice(0, page.limit);
    const last = items.at(-1);
    const numberOf = (v: ConsultationRequest) => (page.resource ? v.resourceVersions[page.resource].version : v.version);
    return { current: request, versions: items, total, nextBefore: versions.length > page.limit && last ? numberOf(last) : null };
  }

  /** One past version (FHIR vread), under the same rule as the history. */
  async version(actor: Actor, id: string, version: number, resource?: VersionedResource): Promise<{ current: ListedRequest; version: ConsultationRequest | null }> {
    const { request } = await this.get(actor, id);
    const snapshot = await this.store.requests.version(id, version, resource);
    const shown = snapshot && (seesDraftPeriod(actor, request) || snapshot.submittedAt !== null) ? snapshot : null;
    return { current: request, version: shown };
  }

  /** How many requests the actor sees that match the filters (a search's total: from the read replica when there is one). */
  count(actor: Actor, filters: RequestFilters): Promise<number> {
    return this.store.replica.requests.count(requestScopeOf(actor), filters);
  }

  /** A page of the requests the actor sees, read from the primary (right after a write, conditional creates). */
  list(actor: Actor, filters: RequestFilters, page: PageRequest): Promise<RequestPage> {
    return this.page(this.store.requests, actor, filters, page);
  }

  /**
   * A search (the JSON list, FHIR search): the same page, from the read replica when there is one,
   * so it may lag a write by the replica's delay.
   */
  search(actor: Actor, filters: RequestFilters, page: PageRequest): Promise<RequestPage> {
    return this.page(this.store.replica.requests, actor, filters, page);
  }

  /**
   * A search for a caller that keeps what it made of each request (FHIR keeps its renderings): as
   * `search`, but a request that `reuse` says it holds at its current stamp is not read again
   * (`request` null). The rest are situated like any page's.
   */
  async searchReusing(actor: Actor, filters: RequestFilters, { after, limit, sort = 'updated-desc' }: PageRequest, reuse: Reuse): Promise<StampedPage> {
    const { entries, more } = await this.store.replica.requests.listReusing(requestScopeOf(actor), filters, { after, limit, sort }, reuse);
    const last = entries.at(-1);
    const now = this.clock.now();
    return { items: entries.map((e) => ({ ...e, request: e.request && situate(actor, e.request, now) })), next: more && last ? { at: last.at, id: last.id } : null };
  }

  private async page(requests: Store['replica']['requests'], actor: Actor, filters: RequestFilters, { after, limit, sort = 'updated-desc', rows: read = 'whole' }: PageRequest): Promise<RequestPage> {
    const rows = await requests.list(requestScopeOf(actor), filters, after, limit + 1, sort, read);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const at = last && (sort.startsWith('authored') ? last.authoredAt : last.updatedAt);
    const now = this.clock.now();
    return { items: items.map((r) => situate(actor, r, now)), next: rows.length > limit && last && at ? { at: new Date(at), id: last.id } : null };
  }

  /** Replaces (PUT) or merges (PATCH, already merged by the caller) a draft's content. */
  async updateDraft(actor: Actor, id: string, input: DraftInput, expectedVersion: ExpectedVersion, options: { submit?: boolean } = {}): Promise<RequestDetail> {
    return this.changeAsRequester(actor, id, expectedVersion, () => ({ edit: input, submit: options.submit ?? false }));
  }

  /** The requester's change to a submitted request (services/requester-changes.ts). */
  amend(actor: Actor, id: string, proposed: ProposedContent, expectedVersion: ExpectedVersion): Promise<RequestDetail> {
    return this.changeAsRequester(actor, id, expectedVersion, () => ({ amend: proposed }));
  }

  /**
   * The requesting side's update of its request (a FHIR ServiceRequest PUT): under the row lock,
   * after the side and If-Match checks, `intentOf` reads the request as it now is and says what
   * the update asks for — a draft's edit (and submission), an amendment, a move, or nothing.
   */
  async changeAsRequester(actor: Actor, id: string, expectedVersion: ExpectedVersion, intentOf: (current: ConsultationRequest) => RequesterIntent): Promise<RequestDetail> {
    const { detail } = await this.decide(actor, id, expectedVersion, REQUESTER, async (request, _now, store) => {
      const intent = intentOf(request);
      if (!intent || 'move' in intent) return intent;
      if ('amend' in intent) return amendmentOf(store, request, intent.amend);
      // Read through the transaction's own connection: a pool of them may all be waiting for this row.
      const serviceId = intent.edit.serviceId === undefined ? undefined : (await this.within(store).serviceFor(actor, intent.edit.serviceId)).id;
      return draftEdit(request, intent.edit, serviceId, intent.submit);
    });
    return detail;
  }

  /** A move (the lifecycle decides who may make it from where). */
  async act(actor: Actor, id: string, input: ActionInput, expectedVersion: ExpectedVersion): Promise<RequestDetail> {
    return (await this.decide(actor, id, expectedVersion, undefined, async () => ({ move: input }))).detail;
  }

  private async applyMove(store: Store, actor: Actor, request: ConsultationRequest, input: ActionInput, now: Date, kept?: Pick<ConsultationRequest, 'taskPreserved'>): Promise<string[]> {
    const action: RequestAction = input.action;
    const sides = sidesOf(actor, request);
    const decision = transition(request.state, action, sides);
    if (!decision.ok && decision.reason === 'illegal-move') {
      throw new DomainError('illegal_transition', `A ${request.state} request cannot be moved by '${action}'.`, {
        details: { currentState: request.state, allowedActions: movesNow(request), yourAllowedActions: movesNow(request, sides) },
      });
    }
    if (!decision.ok) {
      throw new DomainError('forbidden', `Only the ${decision.allowedSides.join(' or ')} side may '${action}' a request.`, {
        details: { currentState: request.state, yourAllowedActions: movesNow(request, sides) },
      });
    }
    // Choosing a time, or saying none suits, answers an open proposal: without one it is a 409 like any move the request does not allow.
    if (needsOpenProposal(request, action)) {
      throw new DomainError('illegal_transition', 'There are no proposed times open to answer: they were chosen, declined or withdrawn.', {
        details: { currentState: request.state, allowedActions: movesNow(request), yourAllowedActions: movesNow(request, sides) },
      });
    }
    const facts = await moveFacts(store, actor, request, input);
    const effect = moveEffect({ actor, request, now, facts, newId: () => crypto.randomUUID() }, input);
    const keeping = kept !== undefined && JSON.stringify(kept.taskPreserved) !== JSON.stringify(request.taskPreserved);
    const updated: ConsultationRequest = {
      ...request,
      ...effect.patch,
      ...(keeping ? { taskPreserved: kept.taskPreserved } : {}),
      state: decision.to,
      version: request.version + 1,
      updatedAt: now.toISOString(),
    };
    // Sent together under the row lock: the row, its history and what the outbox must read.
    await allInOrder([
      store.requests.update(updated, request),
      appendEvent(store, actor, updated, action, request.state, now, keeping ? { ...effect.detail, taskNotes: true } : effect.detail),
      announce(store, actor, request, updated, action, now, { service: facts.service }),
    ]);
    for (const message of effect.messages ?? []) {
      await store.messages.insert({
        id: message.id,
        requestId: request.id,
        kind: message.kind,
        inResponseTo: message.inResponseTo ?? null,
        authorKind: actor.kind,
        authorId: actor.id,
        authorDisplay: actor.display,
        sentAt: now,
        text: message.text,
        attachments: message.attachments ?? [],
        preserved: message.preserved ?? null,
        identifiers: message.identifiers,
      });
    }
    if (effect.created) {
      await store.requests.insert(effect.created, [eventOf(actor, effect.created, action, null, now, { replaces: request.reference })]);
      await announce(store, actor, null, effect.created, action, now);
    }
    return (effect.messages ?? []).map((m) => m.id);
  }

  /**
   * Who asked. A GP asks in their own name. An EHR system names the GP by id (which must be a GP of
   * its practice), or by identifiers matched among its practice's GPs only — a user of another
   * organisation is never matched, and an unknown identifier gets the same answer as theirs: the
   * request belongs to the practice, with the requester kept as sent. Naming no one is the same.
   */
  private async requesterFor(actor: Actor, input: Pick<CreateInput, 'requesterId' | 'requesterNamed'>): Promise<Pick<ConsultationRequest, 'requesterId' | 'requesterAsSent'>> {
    const named = input.requesterNamed;
    const matched = named ? await this.store.directory.findGpByIdentifiers(actor.organisationId, named.identifiers) : null;
    if (actor.kind === 'user') {
      const other = input.requesterId ?? matched;
      if (other && other !== actor.id) {
        throw new DomainError('invalid_input', 'A GP creates requests in their own name.', {
          issues: [{ field: 'requesterId', message: 'Leave requesterId out, or set it to your own user id.' }],
        });
      }
      return { requesterId: actor.id, requesterAsSent: null };
    }
    if (input.requesterId !== undefined) {
      if (!(await this.store.directory.isGpOf(actor.organisationId, input.requesterId))) {
        throw new DomainError('invalid_input', 'The requesting GP is not a GP of your practice.', {
          issues: [{ field: 'requesterId', message: "Set requesterId to a GP of the client's organisation, or leave it out." }],
        });
      }
      return { requesterId: input.requesterId, requesterAsSent: null };
    }
    if (matched) return { requesterId: matched, requesterAsSent: null };
    const asSent = named ? { display: named.display, identifier: named.identifiers[0] ?? null } : null;
    return { requesterId: null, requesterAsSent: asSent && (asSent.display || asSent.identifier) ? asSent : null };
  }

  private async serviceFor(actor: Actor, serviceId: string | undefined): Promise<ConsultingService> {
    const id = serviceId ?? (await this.store.directory.findDefaultServiceId(actor.organisationId));
    const service = id ? await this.store.directory.findService(id) : null;
    if (!service || !service.active) {
      throw new DomainError('invalid_input', 'Unknown consulting service.', {
        issues: [{ field: 'serviceId', message: serviceId ? 'No active consulting service has this id.' : 'Your organisation has no default consulting service; name one.' }],
      });
    }
    // The service's intake rule, set by its administrators (issue 12).
    if (!takesReferralsFrom(service, actor.organisationId)) {
      throw new DomainError('unprocessable', 'This consulting service does not take referrals from your practice.', { issues: [{ field: 'serviceId', message: 'Not among the practices this service takes referrals from.' }] });
    }
    return service;
  }
}
