/** Case-discussion groups and their invitations, sessions, agenda and attendance (runs: case-discussion-runs.ts). */
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DiscussionGroup, DiscussionInvitation, DiscussionItem, DiscussionSession, InviteeFacts, ItemConclusions } from '../domain/case-discussion.js';
import type { CaseDiscussionsPort } from '../services/ports/case-discussions.js';
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
  users,
} from './schema.js';

export class CaseDiscussionRepository implements CaseDiscussionsPort {
  constructor(private readonly db: Database) {}

  async createGroup(group: DiscussionGroup, invitedBy: string): Promise<void> {
    const { people: members, ...row } = group;
    await this.db.insert(groups).values(row);
    await this.db.insert(people).values(
      members.map((p) => ({ groupId: group.id, userId: p.userId, role: p.role, discipline: p.discipline, status: p.status, invitedBy, invitedAt: group.createdAt, respondedAt: p.status === 'invited' ? null : group.createdAt })),
    );
  }

  async findGroup(id: string, options: { lock?: boolean } = {}): Promise<DiscussionGroup | null> {
    const query = this.db.select().from(groups).where(eq(groups.id, id));
    const [row] = options.lock ? await query.for('update') : await query;
    if (!row) return null;
    const members = await this.db.select({ userId: people.userId, role: people.role, status: people.status, discipline: people.discipline }).from(people).where(eq(people.groupId, id));
    return { ...row, people: members };
  }

  async inviteeFacts(serviceId: string, userIds: string[]): Promise<InviteeFacts[]> {
    if (!userIds.length) return [];
    const rows = await this.db
      .select({ userId: users.id, role: users.role, organisationId: users.organisationId, defaultServiceId: organisations.defaultServiceId })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(and(inArray(users.id, userIds), eq(users.active, true)));
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
    return rows.map(({ defaultServiceId, ...r }) => ({ ...r, refersToService: defaultServiceId === serviceId || referring.has(r.organisationId) }));
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
        serviceId: consultingServices.id,
        serviceName: consultingServices.name,
        role: people.role,
        invitedById: users.id,
        invitedByName: users.name,
        invitedAt: people.invitedAt,
      })
      .from(people)
      .innerJoin(groups, eq(groups.id, people.groupId))
      .innerJoin(consultingServices, eq(consultingServices.id, groups.serviceId))
      .leftJoin(users, eq(users.id, people.invitedBy))
      .where(and(eq(people.userId, userId), eq(people.status, status)))
      .orderBy(asc(people.invitedAt), asc(groups.id));
    return rows.map(({ invitedById, invitedByName, ...r }) => ({ ...r, invitedBy: invitedById && invitedByName ? { id: invitedById, name: invitedByName } : null }));
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
