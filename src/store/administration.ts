/** The directory as administrators change it: locked reads, versioned updates, and the log of changes. */
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { AdministrationChange, Invitation, Organisation, ServiceSettings, StaffMember, SystemClient } from '../domain/administration.js';
import type { AdministrationPort, ProfileFields } from '../services/ports/administration.js';
import type { Database } from './database.js';
import { administrationLog, clinicianProfiles, consultingServices, invitations, organisations, serviceMembers, systemClients, userIdentifiers, users } from './schema.js';

const TABLES = { organisation: organisations, service: consultingServices, user: users, client: systemClients } as const;

type UserRow = typeof users.$inferSelect;
type ServiceRow = typeof consultingServices.$inferSelect;
type ClientRow = typeof systemClients.$inferSelect;

export class AdministrationRepository implements AdministrationPort {
  constructor(private readonly db: Database) {}

  async organisation(id: string, lock = false): Promise<Organisation | null> {
    const query = this.db.select().from(organisations).where(eq(organisations.id, id));
    const [row] = lock ? await query.for('update') : await query;
    return row ? organisationOf(row) : null;
  }

  async organisations(): Promise<Organisation[]> {
    const rows = await this.db.select().from(organisations).orderBy(asc(organisations.id)).limit(10_000);
    return rows.map(organisationOf);
  }

  async teamsOf(userId: string): Promise<string[]> {
    const rows = await this.db.select({ serviceId: serviceMembers.serviceId }).from(serviceMembers).where(eq(serviceMembers.userId, userId)).orderBy(asc(serviceMembers.serviceId));
    return rows.map((r) => r.serviceId);
  }

  async service(id: string, lock = false): Promise<ServiceSettings | null> {
    const query = this.db.select().from(consultingServices).where(eq(consultingServices.id, id));
    const rows = lock ? await query.for('update') : await query;
    return (await this.withTeams(rows))[0] ?? null;
  }

  async servicesOf(organisationId: string): Promise<ServiceSettings[]> {
    return this.withTeams(await this.db.select().from(consultingServices).where(eq(consultingServices.organisationId, organisationId)).orderBy(asc(consultingServices.name), asc(consultingServices.id)));
  }

  private async withTeams(rows: ServiceRow[]): Promise<ServiceSettings[]> {
    if (!rows.length) return [];
    const members = await this.db.select().from(serviceMembers).where(inArray(serviceMembers.serviceId, rows.map((r) => r.id))).orderBy(asc(serviceMembers.userId));
    return rows.map(({ createdAt: _created, ...r }) => ({ ...r, team: members.filter((m) => m.serviceId === r.id).map((m) => m.userId) }));
  }

  async user(id: string, lock = false): Promise<StaffMember | null> {
    const query = this.db.select().from(users).where(eq(users.id, id));
    const rows = lock ? await query.for('update') : await query;
    return (await this.withProfiles(rows))[0] ?? null;
  }

  async usersOf(organisationId: string, after: { name: string; id: string } | null, limit: number): Promise<StaffMember[]> {
    const page = after ? or(gt(users.name, after.name), and(eq(users.name, after.name), gt(users.id, after.id))) : undefined;
    const rows = await this.db.select().from(users).where(and(eq(users.organisationId, organisationId), page)).orderBy(asc(users.name), asc(users.id)).limit(limit);
    return this.withProfiles(rows);
  }

  private async withProfiles(rows: UserRow[]): Promise<StaffMember[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [identifiers, profiles] = await Promise.all([
      this.db.select().from(userIdentifiers).where(inArray(userIdentifiers.userId, ids)).orderBy(asc(userIdentifiers.system), asc(userIdentifiers.value)),
      this.db.select().from(clinicianProfiles).where(inArray(clinicianProfiles.userId, ids)),
    ]);
    return rows.map((r) => {
      const profile = profiles.find((p) => p.userId === r.id);
      return {
        id: r.id,
        organisationId: r.organisationId,
        email: r.email,
        name: r.name,
        role: r.role,
        identifiers: identifiers.filter((i) => i.userId === r.id).map(({ system, value }) => ({ system, value })),
        languages: profile?.languages ?? [],
        subSpecialties: profile?.subSpecialties ?? [],
        weeklyCapacity: profile?.weeklyCapacity ?? null,
        active: r.active,
        version: r.version,
      };
    });
  }

  async client(id: string, lock = false): Promise<SystemClient | null> {
    const query = this.db.select().from(systemClients).where(eq(systemClients.id, id));
    const [row] = lock ? await query.for('update') : await query;
    return row ? clientOf(row) : null;
  }

  async clientsOf(organisationId: string): Promise<SystemClient[]> {
    const rows = await this.db.select().from(systemClients).where(eq(systemClients.organisationId, organisationId)).orderBy(asc(systemClients.name), asc(systemClients.id));
    return rows.map(clientOf);
  }

  async insertOrganisation(o: Omit<Organisation, 'version'>, at: Date): Promise<void> {
    await this.db.insert(organisations).values({ ...o, createdAt: at });
  }

  async insertService(s: Omit<ServiceSettings, 'version' | 'team' | 'active'>, at: Date): Promise<void> {
    await this.db.insert(consultingServices).values({ ...s, createdAt: at });
  }

  async insertUser(u: Omit<StaffMember, 'version' | 'active'>, at: Date): Promise<void> {
    const { identifiers, languages, subSpecialties, weeklyCapacity, ...row } = u;
    await this.db.insert(users).values({ ...row, email: row.email.toLowerCase(), createdAt: at });
    await this.setIdentifiers(u.id, identifiers);
    await this.setProfile(u.id, { languages, subSpecialties, weeklyCapacity });
  }

  async insertClient(c: Omit<SystemClient, 'version' | 'active' | 'jwksFetchedAt'>, at: Date): Promise<void> {
    await this.db.insert(systemClients).values({ ...c, scopes: c.scopes.join(' '), createdAt: at });
  }

  async update(entity: keyof typeof TABLES, id: string, fields: Record<string, unknown>): Promise<number> {
    const table = TABLES[entity];
    const set: Record<string, unknown> = { ...fields, version: sql`${table.version} + 1` };
    if (entity === 'client' && Array.isArray(fields.scopes)) set.scopes = (fields.scopes as string[]).join(' ');
    if (entity === 'user' && typeof fields.email === 'string') set.email = fields.email.toLowerCase();
    const [row] = await this.db.update(table).set(set).where(eq(table.id, id)).returning({ version: table.version });
    return row!.version;
  }

  async setTeam(serviceId: string, userIds: string[]): Promise<void> {
    await this.db.delete(serviceMembers).where(eq(serviceMembers.serviceId, serviceId));
    if (userIds.length) await this.db.insert(serviceMembers).values(userIds.map((userId) => ({ serviceId, userId })));
  }

  async setIdentifiers(userId: string, identifiers: StaffMember['identifiers']): Promise<void> {
    await this.db.delete(userIdentifiers).where(eq(userIdentifiers.userId, userId));
    if (identifiers.length) await this.db.insert(userIdentifiers).values(identifiers.map((i) => ({ userId, ...i }))).onConflictDoNothing();
  }

  async setProfile(userId: string, profile: ProfileFields): Promise<void> {
    await this.db.insert(clinicianProfiles).values({ userId, ...profile }).onConflictDoUpdate({ target: clinicianProfiles.userId, set: profile });
  }

  async emailTaken(email: string, exceptUserId?: string): Promise<boolean> {
    const [row] = await this.db.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase()));
    return row !== undefined && row.id !== exceptUserId;
  }

  async insertInvitation(invitation: Invitation): Promise<void> {
    await this.db.update(invitations).set({ expiresAt: invitation.createdAt }).where(and(eq(invitations.userId, invitation.userId), isNull(invitations.usedAt), gt(invitations.expiresAt, invitation.createdAt)));
    await this.db.insert(invitations).values(invitation);
  }

  async useInvitation(tokenHash: string, at: Date): Promise<{ userId: string } | null> {
    // One statement: of two clicks at once, one marks it used and the other finds it used.
    const active = sql`exists (select 1 from ${users} where ${users.id} = ${invitations.userId} and ${users.active})`;
    const [row] = await this.db
      .update(invitations)
      .set({ usedAt: at })
      .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.usedAt), gt(invitations.expiresAt, at), active))
      .returning({ userId: invitations.userId });
    return row ?? null;
  }

  openInvitations(userIds: string[], at: Date): Promise<{ userId: string; expiresAt: Date }[]> {
    if (!userIds.length) return Promise.resolve([]);
    return this.db
      .select({ userId: invitations.userId, expiresAt: invitations.expiresAt })
      .from(invitations)
      .where(and(inArray(invitations.userId, userIds), isNull(invitations.usedAt), gt(invitations.expiresAt, at)));
  }

  async clientIdTaken(id: string): Promise<boolean> {
    const [row] = await this.db.select({ id: systemClients.id }).from(systemClients).where(eq(systemClients.id, id));
    return row !== undefined;
  }

  async record(change: AdministrationChange): Promise<void> {
    await this.db.insert(administrationLog).values(change);
  }

  async changesOf(organisationId: string, before: number | null, limit: number, entityId?: string) {
    return this.db
      .select()
      .from(administrationLog)
      .where(and(eq(administrationLog.organisationId, organisationId), before === null ? undefined : lt(administrationLog.id, before), entityId === undefined ? undefined : eq(administrationLog.entityId, entityId)))
      .orderBy(desc(administrationLog.id))
      .limit(limit);
  }
}

const organisationOf = (row: typeof organisations.$inferSelect): Organisation => ({ id: row.id, name: row.name, kind: row.kind, identifiers: row.identifiers, defaultServiceId: row.defaultServiceId, timeZone: row.timeZone, version: row.version });

function clientOf(row: ClientRow): SystemClient {
  const jwks = row.jwks as { keys?: unknown } | null;
  return {
    id: row.id,
    organisationId: row.organisationId,
    name: row.name,
    scopes: row.scopes.split(/\s+/).filter(Boolean),
    jwks: jwks && Array.isArray(jwks.keys) ? { keys: jwks.keys } : null,
    jwksUri: row.jwksUri,
    jwksFetchedAt: row.jwksFetchedAt,
    side: row.side,
    active: row.active,
    version: row.version,
  };
}
