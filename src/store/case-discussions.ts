/** Case-discussion groups, sessions, agenda and attendance. */
import { asc, eq } from 'drizzle-orm';
import type { CaseDiscussionsPort, DiscussionGroup, DiscussionItem, DiscussionSession } from '../services/ports.js';
import type { Database } from './database.js';
import { toDomain } from './request-rows.js';
import {
  caseDiscussionAttendance as attendance,
  caseDiscussionGroups as groups,
  caseDiscussionItems as items,
  caseDiscussionPeople as people,
  caseDiscussionSessions as sessions,
  consultationRequests,
} from './schema.js';

export class CaseDiscussionRepository implements CaseDiscussionsPort {
  constructor(private readonly db: Database) {}

  async createGroup(group: DiscussionGroup): Promise<void> {
    const { people: members, ...row } = group;
    await this.db.insert(groups).values(row);
    await this.db.insert(people).values(members.map((p) => ({ groupId: group.id, userId: p.userId, role: p.role })));
  }

  async findGroup(id: string): Promise<DiscussionGroup | null> {
    const [row] = await this.db.select().from(groups).where(eq(groups.id, id));
    if (!row) return null;
    const members = await this.db.select({ userId: people.userId, role: people.role }).from(people).where(eq(people.groupId, id));
    return { ...row, people: members };
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
    return rows.map((r) => r.requestId);
  }

  async itemsOf(sessionId: string) {
    const rows = await this.db
      .select({ item: items, request: consultationRequests })
      .from(items)
      .innerJoin(consultationRequests, eq(consultationRequests.id, items.requestId))
      .where(eq(items.sessionId, sessionId))
      .orderBy(asc(items.position));
    return rows.map((r) => ({ item: r.item, request: toDomain(r.request) }));
  }

  async setConclusions(itemId: string, conclusions: string): Promise<void> {
    await this.db.update(items).set({ conclusions }).where(eq(items.id, itemId));
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
