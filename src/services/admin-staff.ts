/**
 * The people of an organisation: created by its administrators (there are no passwords: a
 * person signs in with a token issued for their address), given a role, professional
 * identifiers and what they bring to triage, deactivated when they leave — never deleted, for
 * they appear in histories. A deactivated person's next call is refused (auth/authenticate.ts
 * reads the directory on every call).
 */
import type { Actor } from '../domain/actor.js';
import type { StaffMember } from '../domain/administration.js';
import { DomainError } from '../domain/errors.js';
import { AdministrationCore, unprocessable, type ChangeAuthor, type Decided } from './administration.js';
import type { ProfileFields, UserFields } from './ports/administration.js';
import type { Store } from './ports/store.js';

export type NewStaffMember = Omit<StaffMember, 'id' | 'organisationId' | 'version' | 'active'>;
export type StaffChange = UserFields & Partial<ProfileFields> & { identifiers?: StaffMember['identifiers'] | undefined };

export class StaffAdministration {
  constructor(private readonly core: AdministrationCore) {}

  async list(actor: Actor, organisationId: string, after: { name: string; id: string } | null, limit: number): Promise<StaffMember[]> {
    this.core.ownOrganisation(actor, organisationId);
    return this.core.store.administration.usersOf(organisationId, after, limit);
  }

  async member(actor: Actor, id: string): Promise<StaffMember> {
    return this.core.own(actor, 'user', await this.core.store.administration.user(id));
  }

  async create(author: ChangeAuthor, organisationId: string, input: NewStaffMember): Promise<StaffMember> {
    if (author.kind === 'user') this.core.ownOrganisation(author.actor, organisationId);
    const id = crypto.randomUUID();
    await this.core.create(author, organisationId, 'user', id, async (store) => {
      if (!(await store.administration.organisation(organisationId))) throw new DomainError('not_found', 'Organisation not found.');
      await requireFreeEmail(store, input.email);
      const member = { ...input, email: input.email.toLowerCase(), id, organisationId };
      await store.administration.insertUser(member, this.core.clock.now());
      return member;
    });
    return (await this.core.store.administration.user(id))!;
  }

  /** A change of who they are, their role or profile; `active` deactivates or reactivates. */
  async change(actor: Actor, id: string, expectedVersion: number | null, patch: StaffChange): Promise<StaffMember> {
    await this.core.change({ kind: 'user', actor }, 'user', id, expectedVersion, (port) => port.user(id, true), async (current, store): Promise<Decided> => {
      if (patch.email !== undefined) await requireFreeEmail(store, patch.email, id);
      // The last way back in must stay open: an administrator does not lock themselves out.
      if (id === actor.id && (patch.active === false || (patch.role !== undefined && patch.role !== 'administrator'))) {
        throw unprocessable('You cannot deactivate yourself or give up your own administrator role; ask another administrator.', [{ field: patch.active === false ? 'active' : 'role', message: 'Not for your own account.' }]);
      }
      const { identifiers, languages, subSpecialties, weeklyCapacity, ...fields } = patch;
      const profileChanged = languages !== undefined || subSpecialties !== undefined || weeklyCapacity !== undefined;
      const profile: ProfileFields = { languages: languages ?? current.languages, subSpecialties: subSpecialties ?? current.subSpecialties, weeklyCapacity: weeklyCapacity === undefined ? current.weeklyCapacity : weeklyCapacity };
      return {
        action: patch.active === false ? 'deactivate' : patch.active === true ? 'reactivate' : 'update',
        fields,
        also: async (port) => {
          if (identifiers) await port.setIdentifiers(id, identifiers);
          if (profileChanged) await port.setProfile(id, profile);
        },
        logged: { ...(identifiers ? { identifiers } : {}), ...(profileChanged ? profile : {}) },
      };
    });
    return this.member(actor, id);
  }
}

export async function requireFreeEmail(store: Store, email: string, exceptUserId?: string): Promise<void> {
  if (await store.administration.emailTaken(email, exceptUserId)) {
    throw new DomainError('conflict', 'Someone already signs in with this e-mail address.', { issues: [{ field: 'email', message: 'Already in use.' }] });
  }
}
