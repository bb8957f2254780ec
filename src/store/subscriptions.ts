/** FHIR subscriptions: kept per owner; the event counter moves in the change's own transaction. */
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Subscription, SubscriptionOwner, SubscriptionsPort } from '../services/ports/subscriptions.js';
import type { Database } from './database.js';
import { subscriptions } from './schema.js';
import { builtOnce } from './built-once.js';

type Row = typeof subscriptions.$inferSelect;

const toSubscription = ({ ownerKind, ownerId, ...r }: Row): Subscription => ({ ...r, owner: { kind: ownerKind, id: ownerId } });

/** Read in every status change's transaction: built once (store/built-once.ts). */
const activeOn = builtOnce<{ topic: string }, Row[]>('active_subscriptions', (db) =>
  db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.topic, sql.placeholder('topic')), eq(subscriptions.status, 'active'))),
);

export class SubscriptionRepository implements SubscriptionsPort {
  constructor(private readonly db: Database) {}

  async create({ owner, ...s }: Subscription): Promise<void> {
    await this.db.insert(subscriptions).values({ ...s, ownerKind: owner.kind, ownerId: owner.id });
  }

  async find(id: string): Promise<Subscription | null> {
    const [row] = await this.db.select().from(subscriptions).where(eq(subscriptions.id, id));
    return row ? toSubscription(row) : null;
  }

  async ownedBy(owner: SubscriptionOwner): Promise<Subscription[]> {
    const rows = await this.db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.ownerKind, owner.kind), eq(subscriptions.ownerId, owner.id)))
      .orderBy(subscriptions.createdAt, subscriptions.id);
    return rows.map(toSubscription);
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.delete(subscriptions).where(eq(subscriptions.id, id)).returning({ id: subscriptions.id })).length === 1;
  }

  async active(topic: string): Promise<Subscription[]> {
    const rows = await activeOn(this.db, { topic });
    return rows.map(toSubscription);
  }

  async nextEvent(id: string): Promise<number> {
    const [row] = await this.db
      .update(subscriptions)
      .set({ eventsSinceStart: sql`${subscriptions.eventsSinceStart} + 1` })
      .where(eq(subscriptions.id, id))
      .returning({ n: subscriptions.eventsSinceStart });
    return row!.n;
  }

  async setStatus(id: string, status: 'active' | 'error', error: string | null): Promise<void> {
    await this.db.update(subscriptions).set({ status, error }).where(eq(subscriptions.id, id));
  }

  async sentAt(id: string, at: Date): Promise<void> {
    await this.db.update(subscriptions).set({ lastSentAt: at }).where(and(eq(subscriptions.id, id), sql`${subscriptions.lastSentAt} < ${at.toISOString()}::timestamptz`));
  }

  async heartbeatsDue(now: Date): Promise<Subscription[]> {
    const rows = await this.db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.status, 'active'), isNotNull(subscriptions.heartbeatSeconds), sql`${subscriptions.lastSentAt} + make_interval(secs => ${subscriptions.heartbeatSeconds}) <= ${now.toISOString()}::timestamptz`));
    return rows.map(toSubscription);
  }
}
