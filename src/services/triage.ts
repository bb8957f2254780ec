/**
 * Triage: a consulting service's queue and a psychiatrist's own cases, in triage order, and
 * assignment (claim for oneself, or give to a colleague) with capacity warnings and suggestions.
 * Assignment does not change a request's state: it records who is responsible.
 */
import { DomainError, notFound } from '../domain/errors.js';
import type { RequestState } from '../domain/lifecycle.js';
import type { ExpectedVersion } from '../domain/resource-versions.js';
import { AWAITING_TRIAGE, OPEN_CASELOAD, isOverCapacity, runsOutAt, suggestAssignees, type AssignmentSuggestion } from '../domain/triage.js';
import { requestScopeOf, sidesOf } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import type { ConsultationRequest } from '../domain/request.js';
import type { ActionInput } from './inputs.js';
import type { Clock, Store } from './ports/store.js';
import type { ListedRequest, TriageList, TriagePosition } from './queries.js';
import { situationOf, type RequestInSituation } from './situation.js';
import type { RequestDetail, RequestService } from './requests.js';

/** Where a triage list's page ended, and the moment the whole list is ordered at. */
export interface TriageCursor {
  asOf: Date;
  after: TriagePosition;
}

export interface TriagePageQuery {
  cursor: TriageCursor | null;
  limit: number;
}

export interface TriagePage {
  items: RequestInSituation[];
  next: TriageCursor | null;
}

export class TriageService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly requests: RequestService,
  ) {}

  /**
   * A page of the requests waiting for the service's first response, most pressing first. The
   * first page is ordered as at now; its cursor carries that moment, so later pages continue the
   * same order however the clock has moved (see runsOutAt).
   */
  queue(actor: Actor, serviceId: string, page: TriagePageQuery): Promise<TriagePage> {
    if (!actor.serviceIds.includes(serviceId)) throw notFound('Consulting service');
    return this.page(actor, { serviceId }, AWAITING_TRIAGE, page);
  }

  /** A page of the open cases assigned to the caller, most pressing first (as the queue). */
  myCases(actor: Actor, page: TriagePageQuery): Promise<TriagePage> {
    return this.page(actor, { assigneeId: actor.id, scope: requestScopeOf(actor) }, OPEN_CASELOAD, page);
  }

  private async page(actor: Actor, list: TriageList, states: readonly RequestState[], { cursor, limit }: TriagePageQuery): Promise<TriagePage> {
    const now = this.clock.now();
    const asOf = cursor?.asOf ?? now;
    // A triage list shows no element kept as the EHR sent it (services/queries.ts RequestRows).
    const rows = await this.store.requests.inTriageOrder(list, states, { asOf, after: cursor?.after ?? null, limit: limit + 1 }, 'without-kept-elements');
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const next =
      rows.length > limit && last
        ? { asOf, after: { atRisk: last.atRisk, priority: last.priority, runsOutAt: runsOutAt(last, asOf), submittedAt: last.submittedAt ? new Date(last.submittedAt) : null, id: last.id } }
        : null;
    return { items: items.map((request) => ({ request, situation: situationOf(actor, request, now) })), next };
  }

  async suggestions(actor: Actor, requestId: string): Promise<AssignmentSuggestion[]> {
    const request = await this.consultantView(actor, requestId);
    const loads = await this.store.directory.clinicianLoads(request.serviceId, OPEN_CASELOAD);
    return suggestAssignees(request, loads);
  }

  /** Claims (assigneeId = the caller) or assigns a request; warns, never refuses, over capacity. */
  async assign(actor: Actor, requestId: string, assigneeId: string, expectedVersion: ExpectedVersion): Promise<{ detail: RequestDetail; warnings: string[] }> {
    return this.updateFulfilment(actor, requestId, { assigneeId }, expectedVersion);
  }

  /**
   * The consulting side's own record of the work, in one change: who is responsible (an
   * assignment) and what the EHR's Task keeps that Liaison does not interpret (notes, description).
   */
  updateFulfilment(actor: Actor, requestId: string, change: FulfilmentChange, expectedVersion: ExpectedVersion): Promise<{ detail: RequestDetail; warnings: string[] }> {
    return this.fulfil(actor, requestId, expectedVersion, () => ({ change }), 'Only the consulting service assigns its requests.');
  }

  /**
   * The consulting side's system updates its Task: under the row lock, after the side and If-Match
   * checks, `intentOf` reads the request as it now is and says what the update asks for — a move
   * (keeping what the Task adds as sent) or a change of the fulfilment alone.
   */
  async fulfil(
    actor: Actor,
    requestId: string,
    expectedVersion: ExpectedVersion,
    intentOf: (current: ConsultationRequest) => FulfilmentIntent,
    refusal = 'Only the consulting service updates the Task; the requester changes its ServiceRequest.',
  ): Promise<{ detail: RequestDetail; warnings: string[] }> {
    let warnings: string[] = [];
    const { detail } = await this.requests.decide(actor, requestId, expectedVersion, { side: 'consultant', refusal }, async (request, _now, store) => {
      const intent = intentOf(request);
      if ('move' in intent) return { move: intent.move, kept: { taskPreserved: intent.taskPreserved } };
      const made = await fulfilmentChange(store, actor, request, intent.change);
      warnings = made?.warnings ?? [];
      return made && { action: made.action, patch: made.patch, detail: made.detail };
    });
    return { detail, warnings };
  }

  private async consultantView(actor: Actor, requestId: string): Promise<ListedRequest> {
    const request = await this.store.requests.findVisible(requestId, requestScopeOf(actor));
    if (!request) throw notFound();
    if (!sidesOf(actor, request).includes('consultant')) throw new DomainError('forbidden', 'Only the consulting service assigns its requests.');
    return request;
  }
}

/** A change of the consulting side's record alone: a new owner, or what its Task keeps as sent. */
export interface FulfilmentChange {
  assigneeId?: string | undefined;
  taskPreserved?: Record<string, unknown> | null | undefined;
}

/** What a consulting side's Task update asks for. */
export type FulfilmentIntent = { move: ActionInput; taskPreserved: Record<string, unknown> | null } | { change: FulfilmentChange };

/** The annotation a fulfilment change makes (null: nothing changes), with capacity warnings for an assignment. */
async function fulfilmentChange(store: Store, actor: Actor, request: ConsultationRequest, change: FulfilmentChange) {
  const { assigneeId } = change;
  const action = assigneeId === undefined ? 'update-task' : assigneeId === actor.id ? 'claim' : 'assign';
  const assigning = assigneeId !== undefined && request.assigneeId !== assigneeId;
  const keeping = change.taskPreserved !== undefined && JSON.stringify(change.taskPreserved) !== JSON.stringify(request.taskPreserved);
  if (assigneeId !== undefined && !OPEN_CASELOAD.includes(request.state)) {
    throw new DomainError('illegal_transition', `A ${request.state} request is no longer assigned.`, { details: { currentState: request.state } });
  }
  if (assigneeId !== undefined && !(await store.directory.isPsychiatristOf(request.serviceId, assigneeId))) {
    throw new DomainError('unprocessable', 'The request must be assigned to a psychiatrist of its consulting service.', {
      issues: [{ field: 'assigneeId', message: 'Name a psychiatrist who works in this consulting service.' }],
    });
  }
  if (!assigning && !keeping) return null;
  let warnings: string[] = [];
  if (assigning) {
    const load = (await store.directory.clinicianLoads(request.serviceId, OPEN_CASELOAD)).find((c) => c.userId === assigneeId);
    warnings = load && isOverCapacity(load, 1) ? [`${load.name} will have ${load.caseload + 1} open cases; their weekly capacity is ${load.weeklyCapacity}.`] : [];
  }
  return {
    action,
    warnings,
    patch: { ...(assigning ? { assigneeId } : {}), ...(keeping ? { taskPreserved: change.taskPreserved ?? null } : {}) },
    detail: { ...(assigning ? { assigneeId, previousAssigneeId: request.assigneeId } : {}), ...(keeping ? { taskNotes: true } : {}), ...(warnings.length ? { warnings } : {}) },
  };
}
