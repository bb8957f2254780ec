/**
 * The directory as the interfaces need it: the consulting services a request can be addressed
 * to, and the clinicians a caller may look up (only those related to them, domain/access.ts).
 */
import type { Actor } from '../domain/actor.js';
import type { Organisation, StaffMember } from '../domain/administration.js';
import type { ConsultingService, Person } from '../domain/directory.js';
import type { Store } from './ports/store.js';
import { scopeOf } from '../domain/access.js';

export type ListedService = ConsultingService & { organisationName: string };

export class DirectoryService {
  constructor(private readonly store: Store) {}

  /** Every consulting service (they are few): to name one as performer or redirect target. */
  services(): Promise<ListedService[]> {
    return this.store.directory.listServices();
  }

  async service(id: string): Promise<ListedService | null> {
    return (await this.services()).find((s) => s.id === id) ?? null;
  }

  /** Organisations are public within Liaison (name, kind, identifiers): services name their provider. */
  organisations(): Promise<Organisation[]> {
    return this.store.administration.organisations();
  }

  /**
   * A person's role where they work (FHIR PractitionerRole): their role, sub-specialties,
   * languages and triage teams — for whoever may see the person (the same rule), else null.
   */
  async roleSeenBy(actor: Actor, id: string): Promise<(StaffMember & { serviceIds: string[] }) | null> {
    if (!(await this.personSeenBy(actor, id))) return null;
    const member = await this.store.administration.user(id);
    return member ? { ...member, serviceIds: await this.store.administration.teamsOf(id) } : null;
  }

  /** A clinician the caller may see, or null: anyone else does not exist for them. */
  personSeenBy(actor: Actor, id: string): Promise<Person | null> {
    return this.store.directory.findPersonSeenBy(id, scopeOf(actor));
  }

  /** The clinicians the caller may see holding any of these identifiers (system optional). */
  peopleByIdentifier(actor: Actor, identifiers: { system?: string | undefined; value: string }[]): Promise<Person[]> {
    return this.store.directory.findPeopleSeenByIdentifier(identifiers, scopeOf(actor));
  }

  /**
   * The requesting GPs of requests the caller was already shown: the requester of a visible
   * request is someone the caller may see (domain/access.ts), so no further check is needed.
   */
  async requestersOf(requests: readonly { requesterId: string | null }[]): Promise<Person[]> {
    const ids = [...new Set(requests.flatMap((r) => (r.requesterId ? [r.requesterId] : [])))];
    const people = await Promise.all(ids.map((id) => this.store.directory.findPerson(id)));
    return people.filter((p): p is Person => p !== null);
  }
}
