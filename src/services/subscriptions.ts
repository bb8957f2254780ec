/**
 * FHIR subscriptions as a subscriber manages them (R4 Backport IG): create one on the topic,
 * read, list and delete its own. Creating one writes the handshake into the outbox in the same
 * transaction; the subscription is `requested` until the endpoint answers it (notify/hooks).
 * Only endpoints the policy allows (https, public addresses) may be named: an SSRF guard.
 */
import type { Actor } from '../domain/actor.js';
import { DomainError, notFound } from '../domain/errors.js';
import { endpointHost, endpointRefusal, ipLiteral, REQUEST_STATUS_TOPIC } from '../domain/subscriptions.js';
import { enqueueHook, subscriptionOwner } from './subscription-events.js';
import type { Clock, Store } from './ports/store.js';
import type { HookPolicy, Subscription, SubscriptionEvent } from './ports/subscriptions.js';

/** What a subscriber asks for; the rest (owner, status, counters) Liaison decides. */
export type SubscriptionInput = Pick<Subscription, 'criteria' | 'filter' | 'reason' | 'endpoint' | 'headers' | 'content' | 'heartbeatSeconds'>;

/** Why the policy refuses an endpoint, or undefined: a name is resolved where it can be, and every address must be public. */
export async function refusalOf(policy: HookPolicy, endpoint: string): Promise<string | undefined> {
  const host = endpointHost(endpoint);
  if (policy.allowLocal || host === undefined || ipLiteral(host) || !policy.resolve) return endpointRefusal(endpoint, null, policy.allowLocal);
  return endpointRefusal(endpoint, await policy.resolve(host).catch(() => []), false);
}

/** The most events one `$events` call returns: a subscriber asks again from the next number. */
export const EVENTS_PER_CALL = 100;

/** Which past events a subscriber asks for again: numbers, both ends included; absent ends are the first and the latest. */
export interface EventRange {
  since?: number | undefined;
  until?: number | undefined;
}

/** Subscriptions are for systems (an EHR with SMART Backend Services): people are told by mail. */
function requireClient(actor: Actor): void {
  if (actor.kind !== 'client') throw new DomainError('forbidden', 'Subscriptions are made by system clients (SMART Backend Services); people are notified by e-mail.');
}

export class SubscriptionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly policy: HookPolicy,
  ) {}

  async create(actor: Actor, input: SubscriptionInput): Promise<Subscription> {
    requireClient(actor);
    const refusal = await refusalOf(this.policy, input.endpoint);
    if (refusal) throw new DomainError('invalid_input', refusal, { issues: [{ field: 'Subscription.channel.endpoint', message: refusal, code: 'value' }] });
    const now = this.clock.now();
    const subscription: Subscription = {
      id: crypto.randomUUID(),
      organisationId: actor.organisationId,
      owner: { kind: actor.kind, id: actor.id },
      status: 'requested',
      topic: REQUEST_STATUS_TOPIC,
      ...input,
      eventsSinceStart: 0,
      lastSentAt: now,
      error: null,
      createdAt: now,
    };
    await this.store.transaction(async (store) => {
      await store.subscriptions.create(subscription);
      await enqueueHook(store, subscription, { kind: 'handshake', eventNumber: null, requestId: null }, now);
    });
    return subscription;
  }

  /** One of the caller's own subscriptions; anyone else's does not exist for them. */
  async find(actor: Actor, id: string): Promise<Subscription> {
    requireClient(actor);
    const subscription = await this.store.subscriptions.find(id);
    if (!subscription || subscription.owner.kind !== actor.kind || subscription.owner.id !== actor.id) throw notFound('Subscription');
    return subscription;
  }

  /** Any subscription, for delivering its notifications (no caller: the dispatcher). */
  findAny(id: string): Promise<Subscription | null> {
    return this.store.subscriptions.find(id);
  }

  /**
   * `$events`: the events of one of the caller's subscriptions numbered in the range, as kept (those
   * older than the retention period are gone), oldest first, at most EVENTS_PER_CALL.
   */
  async events(actor: Actor, id: string, range: EventRange): Promise<{ subscription: Subscription; events: SubscriptionEvent[] }> {
    const subscription = await this.find(actor, id);
    const since = range.since ?? 1;
    const until = Math.min(range.until ?? subscription.eventsSinceStart, subscription.eventsSinceStart);
    if (range.since !== undefined && range.until !== undefined && range.since > range.until) {
      const message = 'eventsSinceNumber is greater than eventsUntilNumber.';
      throw new DomainError('invalid_input', message, { issues: [{ field: 'eventsSinceNumber', message, code: 'value' }] });
    }
    const events = since > until ? [] : await this.store.subscriptions.events(subscription.id, since, until, EVENTS_PER_CALL);
    return { subscription, events };
  }

  list(actor: Actor): Promise<Subscription[]> {
    requireClient(actor);
    return this.store.subscriptions.ownedBy({ kind: actor.kind, id: actor.id });
  }

  /** Ends a subscription: nothing more is sent to it, what is waiting in the outbox included. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.find(actor, id);
    await this.store.subscriptions.remove(id);
  }

  /** Who a subscription acts as (null when they are gone or inactive): its notifications show what they may see. */
  ownerOf(subscription: Subscription): Promise<Actor | null> {
    return subscriptionOwner(this.store, subscription);
  }
}
