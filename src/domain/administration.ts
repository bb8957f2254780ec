/**
 * What an organisation's administrators manage (issue 12): the organisation itself, its
 * consulting services, its people and its system clients. Entities in the clinic's words; each
 * carries a version that moves on every change (ETag / If-Match), and nothing is ever deleted.
 */
import type { Identifier } from './request.js';
import type { BusinessHours, SlaTargets } from './sla.js';
import type { UserRole } from './actor.js';

export type OrganisationKind = 'practice' | 'specialist';

export interface Organisation {
  id: string;
  name: string;
  /** `practice` (refers) or `specialist` (a mental-health provider that runs consulting services). */
  kind: OrganisationKind;
  identifiers: Identifier[];
  defaultServiceId: string | null;
  timeZone: string | null;
  version: number;
}

export interface ServiceSettings {
  id: string;
  organisationId: string;
  name: string;
  specialty: string;
  subSpecialties: string[];
  timeZone: string;
  businessHours: BusinessHours;
  publicHolidays: string[];
  slaTargets: SlaTargets;
  reconsultMonths: number;
  /** Intake: the practices that may refer; null = any practice. */
  referringPractices: string[] | null;
  /** The triage team: psychiatrists and group leaders who work the service's queue. */
  team: string[];
  active: boolean;
  version: number;
}

export interface StaffMember {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  role: UserRole;
  identifiers: Identifier[];
  languages: string[];
  subSpecialties: string[];
  weeklyCapacity: number | null;
  active: boolean;
  version: number;
}

export type ClientSide = 'requesting' | 'consulting';

export interface SystemClient {
  id: string;
  organisationId: string;
  name: string;
  scopes: string[];
  /** Registered public keys (a JWKS), or those last fetched from `jwksUri`. */
  jwks: { keys: unknown[] } | null;
  jwksUri: string | null;
  jwksFetchedAt: Date | null;
  side: ClientSide | null;
  active: boolean;
  version: number;
}

/** A sign-in link sent to a person by e-mail: single use, until it expires. Only its token's hash is kept. */
export interface Invitation {
  id: string;
  organisationId: string;
  userId: string;
  tokenHash: string;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
}

/** How long an invitation's link works. */
export const INVITATION_DAYS = 7;

export type AdministeredEntity = 'organisation' | 'service' | 'user' | 'client';

/** One change in the administration log: who changed what, to which version, setting which fields. */
export interface AdministrationChange {
  at: Date;
  actorKind: 'user' | 'operator';
  actorId: string | null;
  organisationId: string;
  entity: AdministeredEntity;
  entityId: string;
  action: string;
  version: number;
  changes: Record<string, unknown>;
}

/** Roles that work a consulting service's queue: the only ones a triage team takes. */
export const TEAM_ROLES: readonly UserRole[] = ['psychiatrist', 'group-leader'];

/** SMART v2 or v1 system scopes: `system/ServiceRequest.crus`, `system/*.read`. */
export const SYSTEM_SCOPE = /^system\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)$/;

/** A public key has no private part: a JWKS carrying `d` (or symmetric `k`) is refused. */
export function privateKeyMember(jwks: { keys: unknown[] }): number | null {
  const index = jwks.keys.findIndex((k) => typeof k !== 'object' || k === null || 'd' in k || 'k' in k || !('kty' in k));
  return index === -1 ? null : index;
}
