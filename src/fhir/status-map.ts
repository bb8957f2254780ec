/**
 * The contract of PRODUCT.md: domain state ↔ ServiceRequest.status, Task.status and
 * Task.businessStatus. The FHIR layer derives these; nothing stores them.
 * https://hl7.org/fhir/R4/valueset-request-status.html, https://hl7.org/fhir/R4/valueset-task-status.html
 */
import type { RequestState } from '../domain/lifecycle.js';
import type { RequestOutcome } from '../domain/outcome.js';
import type { ConsultationRequest } from '../domain/request.js';

export type ServiceRequestStatus = 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown';
export type TaskStatus =
  | 'draft'
  | 'requested'
  | 'received'
  | 'accepted'
  | 'rejected'
  | 'ready'
  | 'cancelled'
  | 'in-progress'
  | 'on-hold'
  | 'failed'
  | 'completed'
  | 'entered-in-error';

interface Row {
  serviceRequest: ServiceRequestStatus;
  task: TaskStatus;
  business: string | null;
}

export const STATUS_MAP: Record<RequestState, Row> = {
  draft: { serviceRequest: 'draft', task: 'draft', business: null },
  submitted: { serviceRequest: 'active', task: 'requested', business: 'submitted' },
  'awaiting-information': { serviceRequest: 'active', task: 'on-hold', business: 'awaiting-information' },
  accepted: { serviceRequest: 'active', task: 'accepted', business: 'accepted' },
  scheduled: { serviceRequest: 'active', task: 'in-progress', business: 'visit-scheduled' },
  'advice-given': { serviceRequest: 'active', task: 'in-progress', business: 'advice-given' },
  completed: { serviceRequest: 'completed', task: 'completed', business: 'outcome-sent' },
  closed: { serviceRequest: 'completed', task: 'completed', business: 'closed-reviewed' },
  declined: { serviceRequest: 'active', task: 'rejected', business: 'declined' },
  redirected: { serviceRequest: 'revoked', task: 'cancelled', business: 'redirected' },
  cancelled: { serviceRequest: 'revoked', task: 'cancelled', business: 'cancelled' },
  'entered-in-error': { serviceRequest: 'entered-in-error', task: 'entered-in-error', business: null },
};

/** A declined request the GP has closed: the GP revoked it; the fulfiller's Task stays rejected. */
/** The state of a request and how it ended (which kind of answer it got), all its statuses depend on. */
type StateAndEnding = { state: ConsultationRequest['state']; outcome: Pick<RequestOutcome, 'kind'> | null };

function closedAfterDecline(r: StateAndEnding): boolean {
  return r.state === 'closed' && r.outcome?.kind === 'declined';
}

export function serviceRequestStatus(r: StateAndEnding): ServiceRequestStatus {
  return closedAfterDecline(r) ? 'revoked' : STATUS_MAP[r.state].serviceRequest;
}

export function taskStatus(r: StateAndEnding): TaskStatus {
  return closedAfterDecline(r) ? 'rejected' : STATUS_MAP[r.state].task;
}

export function businessStatus(r: StateAndEnding): string | null {
  return closedAfterDecline(r) ? 'declined' : STATUS_MAP[r.state].business;
}

/**
 * A search value as domain states. `closed` comes in two kinds that FHIR shows differently: after
 * a decline (revoked / rejected / declined) or after an outcome (completed / closed-reviewed).
 * The states listed here are the other states; `closed` is in `closed` when one kind matches.
 */
export interface StateMatch {
  states: RequestState[];
  closed: ('after-decline' | 'after-outcome')[];
}

const ALL_STATES = Object.keys(STATUS_MAP) as RequestState[];

function matching(test: (r: StateAndEnding) => boolean): StateMatch {
  return {
    states: ALL_STATES.filter((state) => state !== 'closed' && test({ state, outcome: null })),
    closed: [
      ...(test({ state: 'closed', outcome: { kind: 'declined' } }) ? (['after-decline'] as const) : []),
      ...(test({ state: 'closed', outcome: { kind: 'outcome' } }) ? (['after-outcome'] as const) : []),
    ],
  };
}

export const matchServiceRequestStatus = (status: string): StateMatch => matching((r) => serviceRequestStatus(r) === status);
export const matchTaskStatus = (status: string): StateMatch => matching((r) => taskStatus(r) === status);
export const matchBusinessStatus = (code: string): StateMatch => matching((r) => businessStatus(r) === code);
