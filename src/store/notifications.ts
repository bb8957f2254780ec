/** The outbox: notifications written in the change's transaction, claimed with FOR UPDATE SKIP LOCKED. */
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { DeliveryPreference } from '../domain/notifications.js';
import type { Channel, NewNotification, Notification, NotificationState, NotificationsPort, Recipient } from '../services/ports/notifications.js';
import type { Database } from './database.js';
import { consultationRequests, notificationPreferences, notifications, serviceMembers, users } from './schema.js';
import { builtOnce, idArray, insertRows } from './built-once.js';
import { equalsConstant, inConstants } from './constants-in-sql.js';
import { stateIn } from './request-conditions.js';

type Row = typeof notifications.$inferSelect;

/**
 * The active people named, and the psychiatrists and group leaders of the teams named (with the
 * team): built once (built-once.ts), the lists as arrays. Every change that mails reads it.
 */
const recipientRows = builtOnce<{ userIds: string; teamsOf: string }, { userId: string; email: string; organisationId: string; routine: DeliveryPreference | null; serviceId: string | null }[]>('notification_recipients', (db) => {
  const teamsOf = sql`${serviceMembers.serviceId} = any(${sql.placeholder('teamsOf')}::uuid[])`;
  return db
    .select({ userId: users.id, email: users.email, organisationId: users.organisationId, routine: notificationPreferences.routine, serviceId: serviceMembers.serviceId })
    .from(users)
    .leftJoin(serviceMembers, and(eq(serviceMembers.userId, users.id), teamsOf))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
    .where(
      and(
        eq(users.active, true),
        or(sql`${users.id} = any(${sql.placeholder('userIds')}::uuid[])`, and(isNotNull(serviceMembers.serviceId), inConstants(users.role, ['psychiatrist', 'group-leader']))),
      ),
    );
});

const toNotification = (r: Row): Notification => ({
  id: r.id,
  channel: r.channel,
  requestId: r.requestId,
  organisationId: r.organisationId,
  recipientUserId: r.recipientUserId,
  recipient: r.recipient,
  payload: r.payload,
  digest: r.digest,
  createdAt: r.createdAt,
  onceKey: r.onceKey ?? undefined,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt,
  lastError: r.lastError,
  sentAt: r.sentAt,
});

export class NotificationRepository implements NotificationsPort {
  constructor(private readonly db: Database) {}

  async enqueue(rows: NewNotification[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map(({ dueAt, onceKey, ...r }) => ({ ...r, topic: 'topic' in r.payload ? r.payload.topic : r.payload.kind, onceKey: onceKey ?? null, state: 'pending' as const, attempts: 0, nextAttemptAt: dueAt }));
    await insertRows(this.db, notifications, values, { onConflictDoNothing: notifications.onceKey });
  }

  async recipients(query: { userIds: string[]; teamsOf: string[] }): Promise<(Recipient & { teamOf: string[] })[]> {
    if (query.userIds.length === 0 && query.teamsOf.length === 0) return [];
    const rows = await recipientRows(this.db, { userIds: idArray(query.userIds), teamsOf: idArray(query.teamsOf) });
    const byUser = new Map<string, Recipient & { teamOf: string[] }>();
    for (const r of rows) {
      const found = byUser.get(r.userId) ?? { userId: r.userId, email: r.email, organisationId: r.organisationId, preference: r.routine ?? 'immediate', teamOf: [] };
      if (r.serviceId) found.teamOf.push(r.serviceId);
      byUser.set(r.userId, found);
    }
    return [...byUser.values()];
  }

  async claim<C extends Channel>(channel: C, now: Date, limit: number, leaseMs: number): Promise<Notification<C>[]> {
    // One statement: the due rows no other dispatcher holds are locked, leased and counted together.
    const due = this.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.channel, channel), equalsConstant(notifications.state, 'pending'), lt(notifications.nextAttemptAt, new Date(now.getTime() + 1))))
      .orderBy(notifications.nextAttemptAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await this.db
      .update(notifications)
      .set({ attempts: sql`${notifications.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
      .where(inArray(notifications.id, due))
      .returning();
    return (rows.map(toNotification) as Notification<C>[]).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  }

  async markSent(ids: string[], at: Date): Promise<void> {
    if (ids.length) await this.db.update(notifications).set({ state: 'sent', sentAt: at, lastError: null }).where(inArray(notifications.id, ids));
  }

  async markFailed(id: string, error: string, outcome: { state: 'pending'; nextAttemptAt: Date } | { state: 'dead' }): Promise<void> {
    await this.db
      .update(notifications)
      .set({ state: outcome.state, lastError: error.slice(0, 500), ...(outcome.state === 'pending' ? { nextAttemptAt: outcome.nextAttemptAt } : {}) })
      .where(eq(notifications.id, id));
  }

  async list(organisationId: string, state: NotificationState, after: { at: Date; id: string } | null, limit: number): Promise<Notification[]> {
    const rows = await this.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.organisationId, organisationId), eq(notifications.state, state), after ? sql`(${notifications.createdAt}, ${notifications.id}) < (${after.at}, ${after.id})` : undefined))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit);
    return rows.map(toNotification);
  }

  async replay(organisationId: string, id: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .update(notifications)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: now, lastError: null })
      .where(and(eq(notifications.id, id), eq(notifications.organisationId, organisationId), eq(notifications.state, 'dead')))
      .returning({ id: notifications.id });
    return rows.length === 1;
  }

  async clocksRunningOut(now: Date, fraction: number) {
    const r = consultationRequests;
    const rows = await this.db
      .select({ id: r.id, reference: r.reference, priority: r.priority, serviceId: r.serviceId, submittedAt: r.submittedAt, dueAt: r.dueAt })
      .from(r)
      .where(and(stateIn(['submitted']), isNull(r.firstResponseAt), isNotNull(r.dueAt), sql`${r.submittedAt} + (${r.dueAt} - ${r.submittedAt}) * ${sql.raw(String(Number(fraction)))} <= ${now.toISOString()}::timestamptz`));
    return rows.map((row) => ({ ...row, submittedAt: row.submittedAt!.toISOString(), dueAt: row.dueAt!.toISOString() }));
  }

  async pending<C extends Channel>(channel: C, limit: number): Promise<Notification<C>[]> {
    const rows = await this.db.select().from(notifications).where(and(eq(notifications.channel, channel), equalsConstant(notifications.state, 'pending'))).orderBy(notifications.createdAt, notifications.id).limit(limit);
    return rows.map(toNotification) as Notification<C>[];
  }

  async preferenceOf(userId: string): Promise<DeliveryPreference> {
    const [row] = await this.db.select({ routine: notificationPreferences.routine }).from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
    return row?.routine ?? 'immediate';
  }

  async setPreference(userId: string, routine: DeliveryPreference): Promise<void> {
    await this.db.insert(notificationPreferences).values({ userId, routine }).onConflictDoUpdate({ target: notificationPreferences.userId, set: { routine } });
  }
}
