/** The directory repository: people, system clients and their keys, services, clinicians' profiles. */
import type { Actor } from '../../domain/actor.js';
import type { WeeklyWindow } from '../../domain/availability.js';
import type { ConsultingService, Person } from '../../domain/directory.js';
import type { RequestState } from '../../domain/lifecycle.js';
import type { Identifier } from '../../domain/request.js';
import type { ClinicianLoad } from '../../domain/triage.js';
import type { AccessScope } from '../../domain/access.js';

export interface DirectoryPort {
  findUser(id: string): Promise<Actor | null>;
  /** The user with this address; with `organisationId`, only if they work there. */
  findUserByEmail(email: string, organisationId?: string): Promise<{ id: string } | null>;
  /**
   * The active GP of the organisation whom one of these identifiers names (an identifier
   * registered for them, or their e-mail address under USER_EMAIL_SYSTEM); null when none does.
   */
  findGpByIdentifiers(organisationId: string, identifiers: Identifier[]): Promise<string | null>;
  /**
   * The one active user an identity provider names by this identifier (a professional register
   * number, or the e-mail address under USER_EMAIL_SYSTEM); null when none does, or several do.
   */
  findUserByIdentifier(identifier: Identifier): Promise<{ id: string } | null>;
  /** A person as others may see them: name, role, organisation and e-mail (never a patient). */
  findPerson(id: string): Promise<Person | null>;
  /** The same, only if `viewer` may see them (access.ts, "Who sees whom"). */
  findPersonSeenBy(id: string, viewer: AccessScope): Promise<Person | null>;
  /** The people `viewer` may see whom any of these identifiers names (system optional; the e-mail system included). */
  findPeopleSeenByIdentifier(identifiers: { system?: string | undefined; value: string }[], viewer: AccessScope): Promise<Person[]>;
  findClient(id: string): Promise<Actor | null>;
  /** The public keys a system client signs its assertions with (a JWKS), if it registered any. */
  findClientKeys(id: string): Promise<{ keys: unknown[] } | null>;
  /** Where an active client's keys come from: registered (`jwks`), or fetched from `jwksUri` (cached in `jwks`). */
  findClientKeySource(id: string): Promise<{ jwks: { keys: unknown[] } | null; jwksUri: string | null; fetchedAt: Date | null } | null>;
  /** Caches the keys fetched from a client's jwks_uri (not a change of the client: its version stays). */
  cacheClientKeys(id: string, jwks: { keys: unknown[] }, at: Date): Promise<void>;
  /** Registers (replaces) a system client's public keys. */
  setClientKeys(id: string, jwks: { keys: unknown[] }): Promise<boolean>;
  findService(id: string): Promise<ConsultingService | null>;
  listServices(): Promise<(ConsultingService & { organisationName: string })[]>;
  findDefaultServiceId(organisationId: string): Promise<string | null>;
  isPsychiatristOf(serviceId: string, userId: string): Promise<boolean>;
  isGpOf(organisationId: string, userId: string): Promise<boolean>;
  /** The psychiatrists of a service with their profile and open caseload, in one query. */
  clinicianLoads(serviceId: string, openStates: readonly RequestState[]): Promise<ClinicianLoad[]>;
  availabilityOf(userId: string): Promise<{ weekly: WeeklyWindow[]; unavailable: { start: string; end: string }[] } | null>;
  setAvailability(userId: string, availability: { weekly: WeeklyWindow[]; unavailable: { start: string; end: string }[] }): Promise<void>;
  setClinicianProfile(userId: string, profile: { weeklyCapacity: number | null; subSpecialties: string[]; languages: string[] }): Promise<void>;
}
