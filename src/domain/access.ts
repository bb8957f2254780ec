/**
 * Access rules (PRODUCT.md, "Privacy"): a user sees only their own organisation's requests
 * and the ones routed to their service. What cannot be seen does not exist: 404, never 403.
 * Administration is not care: administrators and privacy officers see no request at all —
 * they manage the directory and read the access log (ids only), never clinical content.
 */
import type { Side } from './lifecycle.js';
import type { ConsultationRequest } from './request.js';
import type { Actor } from './actor.js';

/** What an actor may see: their organisation's requests and those routed to their services. */
export interface AccessScope {
  organisationId: string;
  serviceIds: string[];
}

export function scopeOf(actor: Actor): AccessScope {
  return { organisationId: actor.organisationId, serviceIds: actor.serviceIds };
}

/** Roles that run an organisation rather than treat its patients. */
export const NON_CLINICAL_ROLES: readonly string[] = ['administrator', 'privacy-officer'];

/** Whether the actor takes part in care at all: every clinician and system client; no administrator. */
export const isClinical = (actor: Pick<Actor, 'role'>): boolean => !NON_CLINICAL_ROLES.includes(actor.role);

/** A scope that matches no organisation and no service (the nil UUID names none). */
const NO_REQUESTS: AccessScope = { organisationId: '00000000-0000-0000-0000-000000000000', serviceIds: [] };

/** The requests an actor may see, as a scope for the store's queries: none for a non-clinical role. */
export function requestScopeOf(actor: Actor): AccessScope {
  return isClinical(actor) ? scopeOf(actor) : NO_REQUESTS;
}

/**
 * A request belongs to the practice alone until it is submitted: the consulting service never
 * sees one that was not (a draft, or a draft the GP cancelled or marked entered-in-error).
 */
export function canSee(actor: Actor, request: Pick<ConsultationRequest, 'organisationId' | 'serviceId' | 'submittedAt'>): boolean {
  if (!isClinical(actor)) return false;
  if (request.organisationId === actor.organisationId) return true;
  return request.submittedAt !== null && actor.serviceIds.includes(request.serviceId);
}

/**
 * Only the practice sees what happened before submission (the drafts, their edits): the
 * consulting side's timeline and FHIR history start at submission.
 */
export function seesDraftPeriod(actor: Actor, request: Pick<ConsultationRequest, 'organisationId'>): boolean {
  return request.organisationId === actor.organisationId;
}

/** The events of a request's timeline the actor may see (seesDraftPeriod). */
export function timelineFor<E extends { toState: string }>(actor: Actor, request: Pick<ConsultationRequest, 'organisationId'>, events: E[]): E[] {
  return seesDraftPeriod(actor, request) ? events : events.filter((e) => e.toState !== 'draft');
}

/**
 * Who sees whom in the staff directory (FHIR Practitioner). A person is visible to a caller when
 *  - they work in the caller's organisation (active or not);
 *  - they are the requester or the assignee of a request the caller can see (canSee), so the
 *    references on it resolve even after they left;
 *  - they are an active psychiatrist or group leader of a service the caller's organisation
 *    refers to (its default service, or one it has submitted requests to);
 *  - they are an active GP of a practice that refers to a service of the caller's organisation
 *    (or one the caller works in), in the same sense.
 * Anyone else, administrators of other organisations included, does not exist for the caller (404).
 * The rule is one SQL condition: store/people-conditions.ts seenBy (read and Practitioner?identifier=).
 */

/** The sides an actor takes on one request; empty when they have no part in it. */
export function sidesOf(actor: Actor, request: Pick<ConsultationRequest, 'organisationId' | 'serviceId'>): Side[] {
  const sides: Side[] = [];
  const ownOrganisation = actor.organisationId === request.organisationId;
  if (ownOrganisation && (actor.role === 'gp' || actor.role === 'system')) sides.push('requester');
  const consultingRole = actor.role === 'psychiatrist' || actor.role === 'group-leader' || actor.role === 'system';
  if (actor.serviceIds.includes(request.serviceId) && consultingRole) {
    sides.push('consultant');
  }
  return sides;
}

/**
 * Whether a GP acts as the request's own GP (presents it, answers for it): its requester, or —
 * when the requesting system named no GP Liaison knows — any GP of the practice.
 */
export function actsForRequester(actor: Actor, request: Pick<ConsultationRequest, 'organisationId' | 'requesterId'>): boolean {
  if (request.requesterId !== null) return request.requesterId === actor.id;
  return actor.kind === 'user' && actor.role === 'gp' && actor.organisationId === request.organisationId;
}

export function canCreateRequests(actor: Actor): boolean {
  return actor.role === 'gp' || actor.role === 'system';
}
