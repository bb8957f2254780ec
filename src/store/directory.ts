/** Organisations, consulting services, users and system clients: who is who. */
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { clinicianAvailability, clinicianProfiles, consultationRequests, consultingServices, organisations, serviceMembers, systemClients, userIdentifiers, users } from './schema.js';
import type { Identifier } from '../domain/request.js';
import type { RequestState } from '../domain/lifecycle.js';
import type { ClinicianLoad } from '../domain/triage.js';
import type { AccessScope } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import type { ConsultingService, Person } from '../domain/directory.js';
import type { DirectoryPort } from '../services/ports/directory.js';
import { PERSON, namedBy, seenBy } from './people-conditions.js';
import { builtOnce } from './built-once.js';
import { stateIn } from './request-conditions.js';

/** An active user and the services they work in. */
const callerUser = (db: Database) =>
  db
    .select({ user: users, serviceId: serviceMembers.serviceId })
    .from(users)
    .leftJoin(serviceMembers, eq(serviceMembers.userId, users.id))
    .where(and(eq(users.id, sql.placeholder('id')), eq(users.active, true)))
    .prepare('caller_user');

/** An active system client and the consulting services of its organisation. */
const callerClient = (db: Database) =>
  db
    .select({ client: systemClients, serviceId: consultingServices.id })
    .from(systemClients)
    .leftJoin(consultingServices, eq(consultingServices.organisationId, systemClients.organisationId))
    .where(and(eq(systemClients.id, sql.placeholder('id')), eq(systemClients.active, true)))
    .prepare('caller_client');

/** Asked on every create, in and out of transactions: built once (store/built-once.ts). */
const serviceById = builtOnce<{ id: string }, ConsultingService[]>('service_by_id', (db) => db.select().from(consultingServices).where(eq(consultingServices.id, sql.placeholder('id'))));
const gpOf = builtOnce<{ userId: string; organisationId: string }, { id: string }[]>('gp_of', (db) =>
  db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, sql.placeholder('userId')), eq(users.organisationId, sql.placeholder('organisationId')), eq(users.role, 'gp'), eq(users.active, true))),
);

export class DirectoryRepository implements DirectoryPort {
  /**
   * Queries asked on every call, built once per repository (once per process on Node): drizzle
   * otherwise rebuilds their SQL text each time, which cost more than the database's own work.
   */
  private userQuery: ReturnType<typeof callerUser> | undefined;
  private clientQuery: ReturnType<typeof callerClient> | undefined;

  constructor(private readonly db: Database) {}

  /** One query: the user and the services they work in. */
  async findUser(id: string): Promise<Actor | null> {
    this.userQuery ??= callerUser(this.db);
    const rows = await this.userQuery.execute({ id });
    const first = rows[0];
    if (!first) return null;
    return {
      kind: 'user',
      id: first.user.id,
      display: first.user.name,
      role: first.user.role,
      organisationId: first.user.organisationId,
      serviceIds: rows.flatMap((r) => (r.serviceId ? [r.serviceId] : [])),
      scopes: [],
    };
  }

  async findPerson(id: string): Promise<Person | null> {
    const [row] = await this.db.select(PERSON).from(users).where(eq(users.id, id));
    return row ? (await this.withIdentifiers([row]))[0]! : null;
  }

  /**
   * A person as `viewer` may see them, or null: the rule of domain/access.ts ("Who sees whom"),
   * in one query. Each EXISTS is served by an index (requester, assignee, organisation, service).
   */
  async findPersonSeenBy(id: string, viewer: AccessScope): Promise<Person | null> {
    const [row] = await this.db.select(PERSON).from(users).where(and(eq(users.id, id), seenBy(viewer)));
    return row ? (await this.withIdentifiers([row]))[0]! : null;
  }

  /** Practitioner?identifier=: a registered identifier, or the e-mail address; within the same rule. */
  async findPeopleSeenByIdentifier(identifiers: { system?: string | undefined; value: string }[], viewer: AccessScope): Promise<Person[]> {
    if (!identifiers.length) return [];
    const rows = await this.db
      .select(PERSON)
      .from(users)
      .where(and(namedBy(identifiers), seenBy(viewer)))
      .orderBy(users.name, users.id)
      .limit(100);
    return this.withIdentifiers(rows);
  }

  async findGpByIdentifiers(organisationId: string, identifiers: Identifier[]): Promise<string | null> {
    if (!identifiers.length) return null;
    const [row] = await this.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.organisationId, organisationId), eq(users.role, 'gp'), eq(users.active, true), namedBy(identifiers)))
      .orderBy(users.id)
      .limit(1);
    return row?.id ?? null;
  }

  async findUserByIdentifier(identifier: Identifier): Promise<{ id: string } | null> {
    const rows = await this.db.select({ id: users.id }).from(users).where(and(eq(users.active, true), namedBy([identifier]))).limit(2);
    // Two people under one identifier is a directory mistake: sign neither in.
    return rows.length === 1 ? rows[0]! : null;
  }

  private async withIdentifiers(rows: Omit<Person, 'identifiers'>[]): Promise<Person[]> {
    if (!rows.length) return [];
    const ids = await this.db
      .select()
      .from(userIdentifiers)
      .where(inArray(userIdentifiers.userId, rows.map((r) => r.id)))
      .orderBy(userIdentifiers.system, userIdentifiers.value);
    return rows.map((r) => ({ ...r, identifiers: ids.filter((i) => i.userId === r.id).map(({ system, value }) => ({ system, value })) }));
  }

  async findUserByEmail(email: string, organisationId?: string): Promise<{ id: string } | null> {
    const here = organisationId === undefined ? undefined : eq(users.organisationId, organisationId);
    const [row] = await this.db.select({ id: users.id }).from(users).where(and(eq(users.email, email.toLowerCase()), here));
    return row ?? null;
  }

  /**
   * A system client and the consulting services of its organisation: the EHR of a practice acts
   * on the requesting side; the EHR of a mental-health organisation on the consulting side.
   */
  async findClient(id: string): Promise<Actor | null> {
    this.clientQuery ??= callerClient(this.db);
    const rows = await this.clientQuery.execute({ id });
    const first = rows[0];
    if (!first) return null;
    return {
      kind: 'client',
      id: first.client.id,
      display: first.client.name,
      role: 'system',
      organisationId: first.client.organisationId,
      // A client registered for the requesting side works no consulting service of its organisation.
      serviceIds: first.client.side === 'requesting' ? [] : rows.flatMap((r) => (r.serviceId ? [r.serviceId] : [])),
      scopes: first.client.scopes.split(/\s+/).filter(Boolean),
    };
  }


  async findClientKeys(id: string): Promise<{ keys: unknown[] } | null> {
    const [row] = await this.db.select({ jwks: systemClients.jwks }).from(systemClients).where(and(eq(systemClients.id, id), eq(systemClients.active, true)));
    const jwks = row?.jwks as { keys?: unknown } | null | undefined;
    return jwks && Array.isArray(jwks.keys) ? { keys: jwks.keys } : null;
  }

  async findClientKeySource(id: string) {
    const [row] = await this.db.select({ jwks: systemClients.jwks, jwksUri: systemClients.jwksUri, fetchedAt: systemClients.jwksFetchedAt }).from(systemClients).where(and(eq(systemClients.id, id), eq(systemClients.active, true)));
    if (!row) return null;
    const jwks = row.jwks as { keys?: unknown } | null;
    return { jwks: jwks && Array.isArray(jwks.keys) ? { keys: jwks.keys } : null, jwksUri: row.jwksUri, fetchedAt: row.fetchedAt };
  }

  async cacheClientKeys(id: string, jwks: { keys: unknown[] }, at: Date): Promise<void> {
    await this.db.update(systemClients).set({ jwks, jwksFetchedAt: at }).where(eq(systemClients.id, id));
  }

  async setClientKeys(id: string, jwks: { keys: unknown[] }): Promise<boolean> {
    const updated = await this.db.update(systemClients).set({ jwks }).where(eq(systemClients.id, id)).returning({ id: systemClients.id });
    return updated.length === 1;
  }

  async findService(id: string): Promise<ConsultingService | null> {
    const [row] = await serviceById(this.db, { id });
    return row ?? null;
  }

  async listServices(): Promise<(ConsultingService & { organisationName: string })[]> {
    const rows = await this.db
      .select({ service: consultingServices, organisationName: organisations.name })
      .from(consultingServices)
      .innerJoin(organisations, eq(organisations.id, consultingServices.organisationId))
      .where(eq(consultingServices.active, true))
      .orderBy(consultingServices.name);
    return rows.map((r) => ({ ...r.service, organisationName: r.organisationName }));
  }

  async findDefaultServiceId(organisationId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ id: organisations.defaultServiceId })
      .from(organisations)
      .where(eq(organisations.id, organisationId));
    return row?.id ?? null;
  }

  /** A user who can be assigned a request of this service: an active psychiatrist member. */
  async isPsychiatristOf(serviceId: string, userId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: users.id })
      .from(serviceMembers)
      .innerJoin(users, eq(users.id, serviceMembers.userId))
      .where(
        and(
          eq(serviceMembers.serviceId, serviceId),
          eq(serviceMembers.userId, userId),
          eq(users.role, 'psychiatrist'),
          eq(users.active, true),
        ),
      );
    return row !== undefined;
  }

  async clinicianLoads(serviceId: string, openStates: readonly RequestState[]): Promise<ClinicianLoad[]> {
    const caseload = this.db
      .select({ assigneeId: consultationRequests.assigneeId, open: count().as('open') })
      .from(consultationRequests)
      .where(stateIn(openStates))
      .groupBy(consultationRequests.assigneeId)
      .as('caseload');
    const rows = await this.db
      .select({
        userId: users.id,
        name: users.name,
        open: caseload.open,
        weeklyCapacity: clinicianProfiles.weeklyCapacity,
        subSpecialties: clinicianProfiles.subSpecialties,
        languages: clinicianProfiles.languages,
      })
      .from(serviceMembers)
      .innerJoin(users, eq(users.id, serviceMembers.userId))
      .leftJoin(clinicianProfiles, eq(clinicianProfiles.userId, users.id))
      .leftJoin(caseload, eq(caseload.assigneeId, users.id))
      .where(and(eq(serviceMembers.serviceId, serviceId), eq(users.role, 'psychiatrist'), eq(users.active, true)));
    return rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      caseload: Number(r.open ?? 0),
      weeklyCapacity: r.weeklyCapacity ?? null,
      subSpecialties: r.subSpecialties ?? [],
      languages: r.languages ?? [],
    }));
  }

  async availabilityOf(userId: string) {
    const [row] = await this.db.select().from(clinicianAvailability).where(eq(clinicianAvailability.userId, userId));
    return row ? { weekly: row.weekly, unavailable: row.unavailable } : null;
  }

  async setAvailability(userId: string, availability: { weekly: { weekday: number; start: string; end: string }[]; unavailable: { start: string; end: string }[] }): Promise<void> {
    await this.db.insert(clinicianAvailability).values({ userId, ...availability }).onConflictDoUpdate({ target: clinicianAvailability.userId, set: availability });
  }

  async setClinicianProfile(userId: string, profile: { weeklyCapacity: number | null; subSpecialties: string[]; languages: string[] }): Promise<void> {
    await this.db.insert(clinicianProfiles).values({ userId, ...profile }).onConflictDoUpdate({ target: clinicianProfiles.userId, set: profile });
  }

  /** A GP of the organisation, for system clients creating a request on a GP's behalf. */
  async isGpOf(organisationId: string, userId: string): Promise<boolean> {
    const [row] = await gpOf(this.db, { userId, organisationId });
    return row !== undefined;
  }
}

