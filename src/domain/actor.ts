/** Who calls Liaison: a signed-in person (by role) or a system client (an EHR). */
/** A privacy officer reads the access log of their organisation, nothing clinical. */
export type UserRole = 'gp' | 'psychiatrist' | 'group-leader' | 'administrator' | 'privacy-officer';

/** Who is calling: a signed-in person or a system client (an EHR). */
export interface Actor {
  kind: 'user' | 'client';
  id: string;
  display: string;
  role: UserRole | 'system';
  organisationId: string;
  /** Consulting services the actor works in (psychiatrists, group leaders). */
  serviceIds: string[];
  /** Granted scopes of a system client; empty for users. */
  scopes: string[];
}
