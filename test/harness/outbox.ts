/** The outbox as tests read it: a clinic's notifications straight from the test database. */
import { sql } from 'drizzle-orm';
import { createStore } from '../../src/store/index.js';
import type { Notification, NotificationPayload } from '../../src/services/ports/notifications.js';
import { testDatabase } from './database.js';

export const outboxStore = async () => createStore(await testDatabase());

/** A mail about a request (not an invitation). */
export type RequestMail = Notification<'email'> & { payload: NotificationPayload };

/** Every mail about these requests, oldest first. */
export async function notificationsAbout(requestIds: string[]): Promise<RequestMail[]> {
  return (await outboxAbout(requestIds)).filter((n): n is RequestMail => n.channel === 'email' && 'topic' in n.payload);
}

/** Every subscription notification about these requests, oldest first. */
export async function hookNotificationsAbout(requestIds: string[]): Promise<Notification<'rest-hook'>[]> {
  return (await outboxAbout(requestIds)).filter((n): n is Notification<'rest-hook'> => n.channel === 'rest-hook');
}

/** Every notification about these requests, oldest first. */
async function outboxAbout(requestIds: string[]): Promise<Notification[]> {
  if (requestIds.length === 0) return [];
  const db = await testDatabase();
  const result = await db.execute(sql`select id from notifications where request_id in (${sql.join(requestIds.map((id) => sql`${id}`), sql`, `)}) order by created_at, id`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string }[];
  const store = createStore(db);
  const all: Notification[] = [];
  for (const state of ['pending', 'sent', 'dead'] as const) {
    // Read through the port's own list, per organisation the rows name.
    const orgs = await db.execute(sql`select distinct organisation_id from notifications where request_id in (${sql.join(requestIds.map((id) => sql`${id}`), sql`, `)})`);
    const orgRows = (Array.isArray(orgs) ? orgs : (orgs as { rows: unknown[] }).rows) as { organisation_id: string }[];
    for (const { organisation_id } of orgRows) all.push(...(await store.notifications.list(organisation_id, state, null, 1000)).filter((n) => rows.some((r) => r.id === n.id)));
  }
  return all.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
}

/**
 * Marks every pending notification of other organisations as sent, so a test's dispatcher delivers
 * this test's mail, not the backlog every earlier test file left in the shared database.
 */
export async function quietOutbox(organisationIds: string[]): Promise<void> {
  const db = await testDatabase();
  await db.execute(sql`update notifications set state = 'sent' where state = 'pending' and organisation_id not in (${sql.join(organisationIds.map((id) => sql`${id}`), sql`, `)})`);
}
