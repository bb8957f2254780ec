/**
 * Access rules (PRODUCT.md, "Privacy"): a user sees only their own organisation's requests
 * and the ones routed to their service. What cannot be seen does not exist: 404, never 403.
 */
import type { Side } from '../domain/lifecycle.js';
import type { ConsultationRequest } from '../domain/request.js';
import type { AccessScope, Actor } from './ports.js';

export function scopeOf(actor: Actor): AccessScope {
  return { organisationId: actor.organisationId, serviceIds: actor.serviceIds };
}

/**
 * A request belongs to the practice alone until it is submitted: the consulting service never
 * sees one that was not (a draft, or a draft the GP cancelled or marked entered-in-error).
 */
export function canSee(actor: Actor, request: Pick<ConsultationRequest, 'organisationId' | 'serviceId' | 'submittedAt'>): boolean {
  if (request.organisationId === actor.organisationId) return true;
  return request.submittedAt !== null && actor.serviceIds.includes(request.serviceId);
}

/** The sides an actor takes on one request; empty when they have no part in it. */
export function sidesOf(actor: Actor, request: Pick<ConsultationRequest, 'organisationId' | 'serviceId'>): Side[] {
  const sides: Side[] = [];
  const ownOrganisation = actor.organisationId === request.organisationId;
  if (ownOrganisation && (actor.role === 'gp' || actor.role === 'system')) sides.push('requester');
  const consultingRole = actor.role === 'psychiatrist' || actor.role === 'group-leader' || actor.role === 'system';
  if (actor.serviceIds.includes(request.serviceId) && consultingRole) {
    sides.push('consultant');
  }
  if (ownOrganisation && actor.role === 'administrator') sides.push('administrator');
  return sides;
}

export function canCreateRequests(actor: Actor): boolean {
  return actor.role === 'gp' || actor.role === 'system';
}
