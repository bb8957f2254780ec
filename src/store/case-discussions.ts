/** Case-discussion groups and their invitations, sessions, agenda and attendance (runs: case-discussion-runs.ts). */
import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { DiscussionGroup, DiscussionInvitation, DiscussionItem, DiscussionPerson, DiscussionSession, GroupHost, InviteeFacts, ItemConclusions } from '../domain/case-discussion.js';
import type { CaseDiscussionsPort, InvitablePerson } from '../services/ports/case-discussions.js';
import type { Database } from './database.js';
import { toDomain } from './request-rows.js';
import {
  caseDiscussionAttendance as attendance,
  caseDiscussionGroups as groups,
  caseDiscussionItems as items,
  caseDiscussionPeople as people,
  caseDiscussionSessions as sessions,
  consultationRequests,
  consultingServices,
  organisations,
  serviceMembers,
  users,
} from './schema.js';

/** The consulting services a practice refers to: its default one, and those it sent a request. */
const referredBy = (practiceId: string) =>
  sql`(select ${organisations.defaultServiceId} from ${organisations} where ${organisations.id} = ${practiceId}
    union select ${consultationRequests.serviceId} from ${consultationRequests} where ${consultationRequests.organisationId} = ${practiceId} and ${consultationRequests.submittedAt} is not null)`;

/** At most this many people are offered on a group's set-up page. */
const INVITABLE_LIMIT = 500;

export class CaseDiscussionRepository implements CaseDiscussionsPort {
  constructor(private readonly db: Database) {}

  async createGroup(group: DiscussionGroup, invitedBy: string): Promise<void> {
    const { people: members, host, ...row } = group;
    await this.db.insert(groups).values({ ...row, serviceId: host.kind === 'service' ? host.id : null, practiceId: host.kind === 'practice' ? host.id : null });
    await this.invite(group.id, members, invitedBy, group.createdAt);
  }

  /** Invites (or invites again, after a decline or a removal) these people. */
  async invite(groupId: string, members: DiscussionPerson[], invitedBy: string, at: Date): Promise<void> {
    if (!members.length) return;
    await this.db
      .insert(people)
      .values(members.map((p) => ({ groupId, userId: p.userId, role: p.role, discipline: p.discipline, status: p.status, invitedBy, invitedAt: at, respondedAt: p.status === 'invited' ? null : at })))
      .onConflictDoUpdate({
        target: [people.groupId, people.userId],
        set: { role: sql`excluded.role`, discipline: sql`excluded.discipline`, status: sql`excluded.status`, invitedBy: sql`excluded.invited_by`, invitedAt: sql`excluded.invited_at`, respondedAt: sql`excluded.responded_at` },
      });
  }

  async remove(groupId: string, userId: string, at: Date): Promise<void> {
    await this.db.update(people).set({ status: 'removed', respondedAt: at }).where(and(eq(people.groupId, groupId), eq(people.userId, userId)));
  }

  async findGroup(id: string, options: { lock?: boolean } = {}): Promise<DiscussionGroup | null> {
    const query = this.db.select().from(groups).where(eq(groups.id, id));
    const [row] = options.lock ? await query.for('update') : await query;
    if (!row) return null;
    const members = await this.db.select({ userId: people.userId, role: people.role, status: people.status, discipline: people.discipline }).from(people).where(eq(people.groupId, id));
    const { serviceId, practiceId, ...rest } = row;
    const host: GroupHost = serviceId ? { kind: 'service', id: serviceId } : { kind: 'practice', id: practiceId! };
    return { ...rest, host, people: members };
  }

  async inviteeFacts(host: GroupHost, userIds: string[]): Promise<InviteeFacts[]> {
    if (!userIds.length) return [];
    const rows = await this.db
      .select({ userId: users.id, role: users.role, organisationId: users.organisationId, defaultServiceId: organisations.defaultServiceId })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(and(inArray(users.id, userIds), eq(users.active, true)));
    if (host.kind === 'practice') {
      const serving = new Set(await this.servingPractice(host.id, rows.map((r) => r.userId)));
      return rows.map(({ defaultServiceId: _default, ...r }) => ({ ...r, linked: serving.has(r.userId) }));
    }
    const serviceId = host.id;
    const referred = await this.db
      .selectDistinct({ organisationId: consultationRequests.organisationId })
      .from(consultationRequests)
      .where(
        and(
          eq(consultationRequests.serviceId, serviceId),
          isNotNull(consultationRequests.submittedAt),
          inArray(consultationRequests.organisationId, rows.map((r) => r.organisationId)),
        ),
      );
    const referring = new Set(referred.map((r) => r.organisationId));
    return rows.map(({ defaultServiceId, ...r }) => ({ ...r, linked: defaultServiceId === serviceId || referring.has(r.organisationId) }));
  }

  /** Which of these people work in a consulting service the practice refers to (its default one, or one it sent a request). */
  private async servingPractice(practiceId: string, userIds: string[]): Promise<string[]> {
    if (!userIds.length) return [];
    const rows = await this.db
      .selectDistinct({ userId: serviceMembers.userId })
      .from(serviceMembers)
      .where(and(inArray(serviceMembers.userId, userIds), sql`${serviceMembers.serviceId} in ${referredBy(practiceId)}`));
    return rows.map((r) => r.userId);
  }

  /**
   * The active people who might be invited to a group of this host, by name (the use case checks
   * each one again): the host's clinicians and those of the other side that the host is linked to.
   */
  async invitable(host: GroupHost): Promise<InvitablePerson[]> {
    const columns = { id: users.id, name: users.name, role: users.role, organisationName: organisations.name };
    const base = () => this.db.select(columns).from(users).innerJoin(organisations, eq(organisations.id, users.organisationId));
    const active = eq(users.active, true);
    const mentalHealth = inArray(users.role, ['psychiatrist', 'group-leader']);
    let rows: InvitablePerson[];
    if (host.kind === 'practice') {
      const practiceGps = await base().where(and(active, eq(users.organisationId, host.id), eq(users.role, 'gp')));
      const serving = await base()
        .where(and(active, mentalHealth, sql`${users.id} in (select ${serviceMembers.userId} from ${serviceMembers} where ${serviceMembers.serviceId} in ${referredBy(host.id)})`));
      rows = [...practiceGps, ...serving];
    } else {
      const [service] = await this.db.select({ organisationId: consultingServices.organisationId }).from(consultingServices).where(eq(consultingServices.id, host.id));
      if (!service) return [];
      const clinicians = await base().where(and(active, mentalHealth, eq(users.organisationId, service.organisationId)));
      const gps = await base().where(
        and(
          active,
          eq(users.role, 'gp'),
          or(eq(organisations.defaultServiceId, host.id), sql`${users.organisationId} in (select distinct ${consultationRequests.organisationId} from ${consultationRequests} where ${consultationRequests.serviceId} = ${host.id} and ${consultationRequests.submittedAt} is not null)`),
        ),
      );
      rows = [...clinicians, ...gps];
    }
    return rows.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).slice(0, INVITABLE_LIMIT);
  }

  invitationsOf(userId: string): Promise<DiscussionInvitation[]> {
    return this.placesOf(userId, 'invited');
  }

  groupsOf(userId: string): Promise<DiscussionInvitation[]> {
    return this.placesOf(userId, 'accepted');
  }

  /** The groups where the person's place has this status, with who invited them. */
  private async placesOf(userId: string, status: 'invited' | 'accepted'): Promise<DiscussionInvitation[]> {
    const rows = await this.db
      .select({
        groupId: groups.id,
        groupName: groups.name,
        serviceId: groups.serviceId,
        serviceName: consultingServices.name,
        practiceId: groups.practiceId,
        practiceName: organisations.name,
        role: people.role,
        invitedById: users.id,
        invitedByName: users.name,
        invitedAt: people.invitedAt,
      })
      .from(people)
      .innerJoin(groups, eq(groups.id, people.groupId))
      .leftJoin(consultingServices, eq(consultingServices.id, groups.serviceId))
      .leftJoin(organisations, eq(organisations.id, groups.practiceId))
      .leftJoin(users, eq(users.id, people.invitedBy))
      .where(and(eq(people.userId, userId), eq(people.status, status)))
      .orderBy(asc(people.invitedAt), asc(groups.id));
    return rows.map(({ invitedById, invitedByName, serviceId, serviceName, practiceId, practiceName, ...r }) => ({
      ...r,
      host: serviceId ? { kind: 'service' as const, id: serviceId, name: serviceName ?? '' } : { kind: 'practice' as const, id: practiceId!, name: practiceName ?? '' },
      invitedBy: invitedById && invitedByName ? { id: invitedById, name: invitedByName } : null,
    }));
  }

  async respond(groupId: string, userId: string, status: 'accepted' | 'declined', at: Date): Promise<boolean> {
    const updated = await this.db
      .update(people)
      .set({ status, respondedAt: at })
      .where(and(eq(people.groupId, groupId), eq(people.userId, userId), eq(people.status, 'invited')))
      .returning({ userId: people.userId });
    return updated.length === 1;
  }

  async createSession(session: DiscussionSession): Promise<void> {
    await this.db.insert(sessions).values(session);
  }

  async findSession(id: string): Promise<DiscussionSession | null> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.id, id));
    return row ?? null;
  }

  async addItem(item: DiscussionItem): Promise<void> {
    await this.db.insert(items).values(item);
  }

  async requestsOnAgendas(groupId: string): Promise<string[]> {
    const rows = await this.db
      .select({ requestId: items.requestId })
      .from(items)
      .innerJoin(sessions, eq(sessions.id, items.sessionId))
      .where(eq(sessions.groupId, groupId));
    return rows.flatMap((r) => (r.requestId ? [r.requestId] : []));
  }

  async itemsOf(sessionId: string) {
    const rows = await this.db
      .select({ item: items, request: consultationRequests })
      .from(items)
      .leftJoin(consultationRequests, eq(consultationRequests.id, items.requestId))
      .where(eq(items.sessionId, sessionId))
      .orderBy(asc(items.position));
    return rows.map((r) => ({ item: r.item, request: r.request ? toDomain(r.request) : null }));
  }

  async setConclusions(itemId: string, concluded: ItemConclusions): Promise<void> {
    await this.db.update(items).set(concluded).where(eq(items.id, itemId));
  }

  async setAttendance(sessionId: string, entries: { userId: string; present: boolean }[]): Promise<void> {
    await this.db.delete(attendance).where(eq(attendance.sessionId, sessionId));
    if (entries.length) await this.db.insert(attendance).values(entries.map((e) => ({ sessionId, ...e })));
  }

  async attendanceOf(userId: string) {
    return this.db
      .select({ sessionId: sessions.id, groupName: groups.name, startsAt: sessions.startsAt, endsAt: sessions.endsAt, present: attendance.present })
      .from(attendance)
      .innerJoin(sessions, eq(sessions.id, attendance.sessionId))
      .innerJoin(groups, eq(groups.id, sessions.groupId))
      .where(eq(attendance.userId, userId))
      .orderBy(asc(sessions.startsAt));
  }
}
