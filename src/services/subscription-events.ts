/**
 * Subscription notifications written into the outbox (channel rest-hook): an event for each
 * subscription that may see a request whose status changed, numbered in the change's own
 * transaction; heartbeats for quiet subscriptions. notify/hooks delivers them.
 */
import { canSee } from '../domain/access.js';
import type { ConsultationRequest } from '../domain/request.js';
import { heartbeatDue, matchesFilter, REQUEST_STATUS_TOPIC, statusChanged } from '../domain/subscriptions.js';
import type { HookPayload } from './ports/notifications.js';
import type { Store } from './ports/store.js';
import type { Subscription } from './ports/subscriptions.js';

/** One outbox row for a subscription's endpoint; `onceKey` makes a repeat (a second sweeper) a no-op. */
export async function enqueueHook(store: Store, subscription: Subscription, what: Omit<HookPayload, 'subscriptionId' | 'at'>, now: Date, onceKey?: string): Promise<void> {
  await store.notifications.enqueue([
    {
      id: crypto.randomUUID(),
      channel: 'rest-hook',
      requestId: what.requestId,
      organisationId: subscription.organisationId,
      recipientUserId: null,
      recipient: subscription.endpoint,
      payload: { subscriptionId: subscription.id, at: now.toISOString(), ...what },
      digest: false,
      dueAt: now,
      createdAt: now,
      ...(onceKey ? { onceKey } : {}),
    },
  ]);
}

/** The topic "consultation request status changed": every active subscription whose owner may see the request and whose filter matches hears of it. */
export async function notifySubscribers(store: Store, before: ConsultationRequest | null, after: ConsultationRequest, now: Date): Promise<void> {
  if (!statusChanged(before, after)) return;
  for (const subscription of await store.subscriptions.active(REQUEST_STATUS_TOPIC)) {
    if (!matchesFilter(subscription.filter, after)) continue;
    const { kind, id } = subscription.owner;
    const owner = kind === 'client' ? await store.directory.findClient(id) : await store.directory.findUser(id);
    if (!owner || !canSee(owner, after)) continue;
    const eventNumber = await store.subscriptions.nextEvent(subscription.id);
    await enqueueHook(store, subscription, { kind: 'event-notification', eventNumber, requestId: after.id }, now);
  }
}

/** Heartbeats for subscriptions nothing was sent on for their period: once per quiet spell, however many sweepers run. */
export async function sendHeartbeats(store: Store, now: Date): Promise<number> {
  const due = (await store.subscriptions.heartbeatsDue(now)).filter((s) => heartbeatDue(s.heartbeatSeconds, s.lastSentAt, now));
  for (const s of due) await enqueueHook(store, s, { kind: 'heartbeat', eventNumber: null, requestId: null }, now, `heartbeat:${s.id}:${s.lastSentAt.toISOString()}`);
  return due.length;
}
