/**
 * Each FHIR resource of a request is versioned by its own content
 * (https://hl7.org/fhir/R4/http.html#versioning): the ServiceRequest's version moves only when
 * what the ServiceRequest shows changes, the Task's only when the Task's does, the CarePlan's only
 * when the advice or outcome, a GP's answer or the people in it change, the Appointment's only
 * when the booking or the proposed times (or who takes part, or the request ending it) do. The request's own
 * version (the JSON API's ETag) moves on every change. Pure: the FHIR layer renders from the
 * same fields, and a unit test beside the renderers checks that these lists cover them.
 */
import { ENDED_WITH_REQUEST } from './appointment.js';
import type { RequestState } from './lifecycle.js';
import type { Advice, ConsultationOutcome } from './outcome.js';
import type { ConsultationRequest } from './request.js';

export interface ResourceVersion {
  version: number;
  /** When this version began (the resource's lastUpdated). */
  at: string;
}

export interface ResourceVersions {
  serviceRequest: ResourceVersion;
  task: ResourceVersion;
  carePlan: ResourceVersion;
  appointment: ResourceVersion;
}

export type VersionedResource = keyof ResourceVersions;

/** States the requester sees alike (one ServiceRequest.status): moving between them is not a new ServiceRequest. */
const REQUESTER_VIEW: Record<RequestState, string> = {
  draft: 'draft',
  submitted: 'active',
  'awaiting-information': 'active',
  accepted: 'active',
  scheduled: 'active',
  'advice-given': 'active',
  declined: 'active',
  completed: 'completed',
  closed: 'completed',
  redirected: 'revoked',
  cancelled: 'revoked',
  'entered-in-error': 'entered-in-error',
};

/** What the ServiceRequest shows of a request. */
function serviceRequestContent(r: ConsultationRequest): unknown {
  const closedAfterDecline = r.state === 'closed' && r.outcome?.kind === 'declined';
  return [
    closedAfterDecline ? 'revoked' : REQUESTER_VIEW[r.state],
    r.reference, r.patient, r.clinicalQuestion, r.reason, r.priority, r.requestedPriority, r.requestedForm, r.agreedForm, r.consent,
    r.riskFlags, r.scores, r.identifiers, r.preserved, r.replacesId, r.requesterId, r.requesterAsSent, r.serviceId, r.authoredAt, r.subSpecialty, r.patientLanguage,
  ];
}

/** What the Task shows of a request. */
function taskContent(r: ConsultationRequest): unknown {
  return [r.state, r.reference, r.agreedForm, r.priority, r.patient.identifier, r.createdAt, r.requesterId, r.requesterAsSent, r.assigneeId, r.serviceId, r.dueAt, r.outcome, r.taskPreserved];
}

/** The CarePlan's status: the plan stays in force after the consultation ends, unless the request was withdrawn or made in error. */
export function carePlanStatus(state: RequestState): 'active' | 'revoked' | 'entered-in-error' {
  if (state === 'entered-in-error') return 'entered-in-error';
  return state === 'cancelled' || state === 'redirected' ? 'revoked' : 'active';
}

/** The advice or outcome a CarePlan shows; null while the request has neither (no CarePlan). */
export function planOf(r: Pick<ConsultationRequest, 'outcome'>): Advice | ConsultationOutcome | null {
  return r.outcome?.kind === 'advice' || r.outcome?.kind === 'outcome' ? r.outcome : null;
}

/** What the CarePlan shows of a request: nothing at all until there is advice or an outcome. */
function carePlanContent(r: ConsultationRequest): unknown {
  const plan = planOf(r);
  if (!plan) return null;
  return [carePlanStatus(r.state), r.reference, r.patient.identifier, plan, r.assigneeId, r.requesterId, r.requesterAsSent, r.serviceId];
}

/** What the Appointment shows of a request (the booking, who takes part, and whether the request ended it); nothing before one is booked. */
function appointmentContent(r: ConsultationRequest): unknown {
  // Proposed times show as the Appointment until one is booked (fhir/resources/appointment.ts).
  if (r.proposedTimes) return ['proposed', r.proposedTimes, ENDED_WITH_REQUEST[r.state] ?? null, r.requesterId, r.requesterAsSent, r.assigneeId, r.patient.identifier];
  if (!r.appointment?.start) return null;
  return [r.appointment, ENDED_WITH_REQUEST[r.state] ?? null, r.requesterId, r.requesterAsSent, r.assigneeId, r.patient.identifier];
}

const CONTENT: Record<VersionedResource, (r: ConsultationRequest) => unknown> = { serviceRequest: serviceRequestContent, task: taskContent, carePlan: carePlanContent, appointment: appointmentContent };

/** A new request's versions. Its CarePlan does not exist yet (version 0): the first advice or outcome makes version 1. */
export function firstResourceVersions(at: string): ResourceVersions {
  return { serviceRequest: { version: 1, at }, task: { version: 1, at }, carePlan: { version: 0, at }, appointment: { version: 1, at } };
}

/**
 * A request's resource versions; a version kept from before they existed (or from before the
 * CarePlan or the Appointment had its own) counts as the request's own, until the next change stores it.
 */
export function resourceVersionsOf(r: Pick<ConsultationRequest, 'version' | 'updatedAt'> & { resourceVersions?: Partial<ResourceVersions> | null | undefined }): ResourceVersions {
  const own = { version: r.version, at: r.updatedAt };
  const kept = r.resourceVersions;
  return { serviceRequest: kept?.serviceRequest ?? own, task: kept?.task ?? own, carePlan: kept?.carePlan ?? own, appointment: kept?.appointment ?? own };
}

/** The resource versions after a change: each moves on only if its resource's content changed. */
export function nextResourceVersions(before: ConsultationRequest, after: ConsultationRequest): ResourceVersions {
  const current = resourceVersionsOf(before);
  const next = (resource: VersionedResource): ResourceVersion =>
    JSON.stringify(CONTENT[resource](before)) === JSON.stringify(CONTENT[resource](after)) ? current[resource] : { version: current[resource].version + 1, at: after.updatedAt };
  return { serviceRequest: next('serviceRequest'), task: next('task'), carePlan: next('carePlan'), appointment: next('appointment') };
}

/** What an If-Match names: the request's own version (JSON API) or one FHIR resource's version. */
export type ExpectedVersion = number | { resource: VersionedResource; version: number } | null;

/** The version the caller's If-Match is compared with; null when the caller gave none. */
export function versionMismatch(r: ConsultationRequest, expected: ExpectedVersion): number | null {
  if (expected === null) return null;
  const current = typeof expected === 'number' ? r.version : r.resourceVersions[expected.resource].version;
  const wanted = typeof expected === 'number' ? expected : expected.version;
  return wanted === current ? null : current;
}
