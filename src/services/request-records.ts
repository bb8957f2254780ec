/**
 * The building blocks every request use case shares: the locked, visible, version-checked row;
 * a draft's fields from input; what an edit changed; one history event.
 */
import { changedContent } from '../domain/amendment.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { ConsultationRequest } from '../domain/request.js';
import { versionMismatch, type ExpectedVersion } from '../domain/resource-versions.js';
import { hasRiskSignal } from '../domain/risk.js';
import { canSee, sidesOf } from '../domain/access.js';
import type { Side } from '../domain/lifecycle.js';
import type { DraftInput } from './inputs.js';
import type { Actor } from '../domain/actor.js';
import type { RequestEvent } from '../domain/request-event.js';
import type { Store } from './ports/store.js';

/** Who must be calling for a write: the side they must take on the request, and what a caller who does not is told. */
export interface SideRequired {
  side: Side;
  refusal: string;
}

/**
 * The request, locked for this transaction, if the actor may see it (else 404); when a side is
 * required, the actor takes it (else 403, before If-Match: RFC 9110 §13.2.1); then If-Match (412).
 */
export async function lockVisible(store: Store, actor: Actor, id: string, expectedVersion: ExpectedVersion, required?: SideRequired): Promise<ConsultationRequest> {
  const request = await store.requests.lock(id);
  if (!request || !canSee(actor, request)) throw notFound();
  if (required && !sidesOf(actor, request).includes(required.side)) throw new DomainError('forbidden', required.refusal);
  const current = versionMismatch(request, expectedVersion);
  if (current !== null) {
    throw new DomainError('precondition_failed', `The request has changed since you read it (now version ${current}).`, {
      details: { currentVersion: current },
    });
  }
  return request;
}

export function draftFields(input: DraftInput) {
  return {
    patient: input.patient,
    clinicalQuestion: input.clinicalQuestion,
    reason: input.reason,
    priority: input.priority,
    requestedPriority: input.priority,
    requestedForm: input.requestedForm,
    consent: input.consent,
    riskFlags: input.riskFlags,
    scores: input.scores,
    subSpecialty: input.subSpecialty ?? null,
    patientLanguage: input.patientLanguage ?? null,
    atRisk: hasRiskSignal(input.riskFlags, input.scores),
  };
}

const DRAFT_CONTENT = ['patient', 'clinicalQuestion', 'reason', 'priority', 'requestedForm', 'consent', 'riskFlags', 'scores', 'serviceId', 'identifiers', 'subSpecialty', 'patientLanguage'] as const;

/** The draft content an edit changed (domain/amendment.ts compares). */
export function changedFields(before: ConsultationRequest, after: ConsultationRequest): string[] {
  return changedContent(before, Object.fromEntries(DRAFT_CONTENT.map((key) => [key, after[key]])) as Partial<ConsultationRequest>);
}

/** The history event of a change, at the request's new version. */
export function eventOf(
  actor: Actor,
  request: ConsultationRequest,
  action: string,
  fromState: ConsultationRequest['state'] | null,
  at: Date,
  detail: Record<string, unknown>,
): Omit<RequestEvent, 'id'> {
  return { requestId: request.id, version: request.version, at, actorKind: actor.kind, actorId: actor.id, actorDisplay: actor.display, action, fromState, toState: request.state, detail };
}

/** Appends one history event (eventOf's arguments). */
export async function appendEvent(store: Store, ...event: Parameters<typeof eventOf>): Promise<void> {
  await store.requests.appendEvent(eventOf(...event));
}
