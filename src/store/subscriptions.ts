/** FHIR subscriptions: kept per owner; the event counter moves in the change's own transaction. */
import { and, asc, between, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { Subscription, SubscriptionEvent, SubscriptionOwner, SubscriptionsPort } from '../services/ports/subscriptions.js';
import type { Database } from './database.js';
import { subscriptionEvents, subscriptions } from './schema.js';
import { builtOnce } from './built-once.js';
import { equalsConstant } from './constants-in-sql.js';

type Row = typeof subscriptions.$inferSelect;

const toSubscription = ({ ownerKind, ownerId, ...r }: Row): Subscription => ({ ...r, owner: { kind: ownerKind, id: ownerId } });

/** Read in every status change's transaction: built once (store/built-once.ts). */
const activeOn = builtOnce<{ topic: string }, Row[]>('active_subscriptions', (db) =>
  db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.topic, sql.placeholder('topic')), equalsConstant(subscriptions.status, 'active'))),
);

/**
 * One more event: the counter moves and the event is kept in one statement (one round trip in the
 * change's transaction, as the counter alone took). Built once: it runs on every status change.
 */
const recordOne = builtOnce<{ id: string; requestId: string; at: string }, { n: number }[]>('record_subscription_event', (db) =>
  db
    .with(
      db
        .$with('counted')
        .as(
          db
            .update(subscriptions)
            .set({ eventsSinceStart: sql`${subscriptions.eventsSinceStart} + 1` })
            .where(eq(subscriptions.id, sql.placeholder('id')))
            .returning({ id: subscriptions.id, eventsSinceStart: subscriptions.eventsSinceStart }),
        ),
    )
    .insert(subscriptionEvents)
    .select(sql`select id, events_since_start, ${sql.placeholder('requestId')}::uuid, ${sql.placeholder('at')}::timestamptz from counted` as never)
    .returning({ n: subscriptionEvents.eventNumber }),
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

  async recordEvent(id: string, requestId: string, at: Date): Promise<number | null> {
    const [row] = await recordOne(this.db, { id, requestId, at: at.toISOString() });
    return row?.n ?? null;
  }

  async events(id: string, since: number, until: number, limit: number): Promise<SubscriptionEvent[]> {
    return this.db
      .select({ eventNumber: subscriptionEvents.eventNumber, requestId: subscriptionEvents.requestId, occurredAt: subscriptionEvents.occurredAt })
      .from(subscriptionEvents)
      .where(and(eq(subscriptionEvents.subscriptionId, id), between(subscriptionEvents.eventNumber, since, until)))
      .orderBy(asc(subscriptionEvents.eventNumber))
      .limit(limit);
  }

  async pruneEvents(before: Date): Promise<number> {
    return (await this.db.delete(subscriptionEvents).where(lt(subscriptionEvents.occurredAt, before)).returning({ n: subscriptionEvents.eventNumber })).length;
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
      .where(and(equalsConstant(subscriptions.status, 'active'), isNotNull(subscriptions.heartbeatSeconds), sql`${subscriptions.lastSentAt} + make_interval(secs => ${subscriptions.heartbeatSeconds}) <= ${now.toISOString()}::timestamptz`));
    return rows.map(toSubscription);
  }
}
