/**
 * Subscription notifications written into the outbox (channel rest-hook): an event for each
 * subscription that may see a request whose status changed, numbered in the change's own
 * transaction and kept for `$events`; heartbeats for quiet subscriptions. notify/hooks delivers them.
 */
import { canSee } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import type { ConsultationRequest } from '../domain/request.js';
import { heartbeatDue, matchesFilter } from '../domain/subscriptions.js';
import type { HookPayload, NewNotification } from './ports/notifications.js';
import type { Store } from './ports/store.js';
import type { Subscription } from './ports/subscriptions.js';

/** The outbox row for a subscription's endpoint; `onceKey` makes a repeat (a second sweeper) a no-op. */
function hookRow(subscription: Subscription, what: Omit<HookPayload, 'subscriptionId' | 'at'>, now: Date, onceKey?: string): NewNotification<'rest-hook'> {
  return {
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
  };
}

export async function enqueueHook(store: Store, subscription: Subscription, what: Omit<HookPayload, 'subscriptionId' | 'at'>, now: Date, onceKey?: string): Promise<void> {
  await store.notifications.enqueue([hookRow(subscription, what, now, onceKey)]);
}

/** Who a subscription acts as (null when they are gone or inactive): its notifications show what they may see. */
export function subscriptionOwner(store: Store, subscription: Subscription): Promise<Actor | null> {
  const { kind, id } = subscription.owner;
  return kind === 'client' ? store.directory.findClient(id) : store.directory.findUser(id);
}

/**
 * The topic "consultation request status changed", for a request whose status changed: a numbered
 * event for every active subscription (`active`, as `SubscriptionsPort.active` reads them) whose
 * owner may see the request and whose filter matches.
 */
export async function subscriberRows(store: Store, active: Subscription[], after: ConsultationRequest, now: Date): Promise<NewNotification<'rest-hook'>[]> {
  const rows: NewNotification<'rest-hook'>[] = [];
  for (const subscription of active) {
    if (!matchesFilter(subscription.filter, after)) continue;
    const owner = await subscriptionOwner(store, subscription);
    if (!owner || !canSee(owner, after)) continue;
    const eventNumber = await store.subscriptions.recordEvent(subscription.id, after.id, now);
    // Deleted since the active ones were read: it hears nothing more.
    if (eventNumber === null) continue;
    rows.push(hookRow(subscription, { kind: 'event-notification', eventNumber, requestId: after.id }, now));
  }
  return rows;
}

/** Heartbeats for subscriptions nothing was sent on for their period: once per quiet spell, however many sweepers run. */
export async function sendHeartbeats(store: Store, now: Date): Promise<number> {
  const due = (await store.subscriptions.heartbeatsDue(now)).filter((s) => heartbeatDue(s.heartbeatSeconds, s.lastSentAt, now));
  for (const s of due) await enqueueHook(store, s, { kind: 'heartbeat', eventNumber: null, requestId: null }, now, `heartbeat:${s.id}:${s.lastSentAt.toISOString()}`);
  return due.length;
}

/** The retention sweep: events older than `days` days are no longer served by `$events`. */
export function forgetOldEvents(store: Store, now: Date, days: number): Promise<number> {
  return store.subscriptions.pruneEvents(new Date(now.getTime() - days * 86_400_000));
}
