/**
 * Triage: a consulting service's queue and a psychiatrist's own cases, in triage order, and
 * assignment (claim for oneself, or give to a colleague) with capacity warnings and suggestions.
 * Assignment does not change a request's state: it records who is responsible.
 */
import { DomainError, notFound } from '../domain/errors.js';
import { AWAITING_TRIAGE, OPEN_CASELOAD, compareForTriage, isOverCapacity, suggestAssignees, type AssignmentSuggestion } from '../domain/triage.js';
import { canSee, scopeOf, sidesOf } from './access.js';
import type { Actor, Clock, ListedRequest, Store } from './ports.js';
import type { RequestDetail, RequestService } from './requests.js';

export class TriageService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly requests: RequestService,
  ) {}

  /** The requests waiting for the service's first response, most pressing first. */
  async queue(actor: Actor, serviceId: string): Promise<ListedRequest[]> {
    if (!actor.serviceIds.includes(serviceId)) throw notFound('Consulting service');
    const waiting = await this.store.requests.inServices([serviceId], AWAITING_TRIAGE);
    const now = this.clock.now();
    return waiting.sort((a, b) => compareForTriage(a, b, now));
  }

  /** The open cases assigned to the caller, most pressing first. */
  async myCases(actor: Actor): Promise<ListedRequest[]> {
    const mine = await this.store.requests.assignedTo(actor.id, OPEN_CASELOAD);
    const now = this.clock.now();
    return mine.filter((r) => canSee(actor, r)).sort((a, b) => compareForTriage(a, b, now));
  }

  async suggestions(actor: Actor, requestId: string): Promise<AssignmentSuggestion[]> {
    const request = await this.consultantView(actor, requestId);
    const loads = await this.store.directory.clinicianLoads(request.serviceId, OPEN_CASELOAD);
    return suggestAssignees(request, loads);
  }

  /** Claims (assigneeId = the caller) or assigns a request; warns, never refuses, over capacity. */
  async assign(actor: Actor, requestId: string, assigneeId: string, expectedVersion: number | null): Promise<{ detail: RequestDetail; warnings: string[] }> {
    let warnings: string[] = [];
    const action = assigneeId === actor.id ? 'claim' : 'assign';
    const { detail } = await this.requests.annotate(actor, requestId, expectedVersion, action, async (request, _now, store) => {
      if (!sidesOf(actor, request).includes('consultant')) throw new DomainError('forbidden', 'Only the consulting service assigns its requests.');
      if (!OPEN_CASELOAD.includes(request.state)) {
        throw new DomainError('illegal_transition', `A ${request.state} request is no longer assigned.`, { details: { currentState: request.state } });
      }
      if (!(await store.directory.isPsychiatristOf(request.serviceId, assigneeId))) {
        throw new DomainError('unprocessable', 'The request must be assigned to a psychiatrist of its consulting service.', {
          issues: [{ field: 'assigneeId', message: 'Name a psychiatrist who works in this consulting service.' }],
        });
      }
      if (request.assigneeId === assigneeId) return null;
      const load = (await store.directory.clinicianLoads(request.serviceId, OPEN_CASELOAD)).find((c) => c.userId === assigneeId);
      warnings = load && isOverCapacity(load, 1) ? [`${load.name} will have ${load.caseload + 1} open cases; their weekly capacity is ${load.weeklyCapacity}.`] : [];
      return { patch: { assigneeId }, detail: { assigneeId, previousAssigneeId: request.assigneeId, ...(warnings.length ? { warnings } : {}) } };
    });
    return { detail, warnings };
  }

  private async consultantView(actor: Actor, requestId: string): Promise<ListedRequest> {
    const request = await this.store.requests.findVisible(requestId, scopeOf(actor));
    if (!request) throw notFound();
    if (!sidesOf(actor, request).includes('consultant')) throw new DomainError('forbidden', 'Only the consulting service assigns its requests.');
    return request;
  }
}
