/** The administration repository: the directory as administrators change it, and the log of their changes. */
import type { AdministeredEntity, AdministrationChange, Invitation, Organisation, ServiceSettings, StaffMember, SystemClient } from '../../domain/administration.js';

/** The columns a change may set, per entity (the version moves by itself). */
export type OrganisationFields = Partial<Omit<Organisation, 'id' | 'version'>>;
export type ServiceFields = Partial<Omit<ServiceSettings, 'id' | 'organisationId' | 'team' | 'version'>>;
export type UserFields = Partial<Pick<StaffMember, 'email' | 'name' | 'role' | 'active'>>;
export type ProfileFields = Pick<StaffMember, 'languages' | 'subSpecialties' | 'weeklyCapacity'>;
export type ClientFields = Partial<Omit<SystemClient, 'id' | 'organisationId' | 'version'>>;

export interface AdministrationPort {
  /** Each read takes `lock` inside a change: the row is locked until the transaction ends. */
  organisation(id: string, lock?: boolean): Promise<Organisation | null>;
  service(id: string, lock?: boolean): Promise<ServiceSettings | null>;
  user(id: string, lock?: boolean): Promise<StaffMember | null>;
  client(id: string, lock?: boolean): Promise<SystemClient | null>;

  servicesOf(organisationId: string): Promise<ServiceSettings[]>;
  /** Every organisation, by id (there are few): FHIR Organization search. */
  organisations(): Promise<Organisation[]>;
  /** The consulting services whose triage team a person is in. */
  teamsOf(userId: string): Promise<string[]>;
  /** People of an organisation by name, `limit` after the (name, id) `after`. */
  usersOf(organisationId: string, after: { name: string; id: string } | null, limit: number): Promise<StaffMember[]>;
  clientsOf(organisationId: string): Promise<SystemClient[]>;

  insertOrganisation(o: Omit<Organisation, 'version'>, at: Date): Promise<void>;
  insertService(s: Omit<ServiceSettings, 'version' | 'team' | 'active'>, at: Date): Promise<void>;
  insertUser(u: Omit<StaffMember, 'version' | 'active'>, at: Date): Promise<void>;
  insertClient(c: Omit<SystemClient, 'version' | 'active' | 'jwksFetchedAt'>, at: Date): Promise<void>;

  /** Sets the fields and moves the version on by one; answers the new version. */
  update(entity: 'organisation', id: string, fields: OrganisationFields): Promise<number>;
  update(entity: 'service', id: string, fields: ServiceFields): Promise<number>;
  update(entity: 'user', id: string, fields: UserFields): Promise<number>;
  update(entity: 'client', id: string, fields: ClientFields): Promise<number>;
  setTeam(serviceId: string, userIds: string[]): Promise<void>;
  setIdentifiers(userId: string, identifiers: StaffMember['identifiers']): Promise<void>;
  setProfile(userId: string, profile: ProfileFields): Promise<void>;
  /** Whether an e-mail address is taken (by anyone, any organisation). */
  emailTaken(email: string, exceptUserId?: string): Promise<boolean>;
  clientIdTaken(id: string): Promise<boolean>;

  /** An invitation (its token's hash only); the person's older unused ones end now. */
  insertInvitation(invitation: Invitation): Promise<void>;
  /**
   * Uses the invitation this token hash names, once: when it is unused, unexpired at `at` and its
   * person active, marks it used and answers the person; else null (and changes nothing).
   */
  useInvitation(tokenHash: string, at: Date): Promise<{ userId: string } | null>;
  /** Of these people, those with an unused invitation still working at `at`, and until when. */
  openInvitations(userIds: string[], at: Date): Promise<{ userId: string; expiresAt: Date }[]>;

  record(change: AdministrationChange): Promise<void>;
  /** The organisation's changes, newest first, `limit` before the id `before`. */
  changesOf(organisationId: string, before: number | null, limit: number, entityId?: string): Promise<(AdministrationChange & { id: number })[]>;
}

export type { AdministeredEntity };
