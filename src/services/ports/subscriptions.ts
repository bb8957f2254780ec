/** FHIR subscriptions as the use cases keep them (store/subscriptions.ts implements it). */
import type { PayloadContent, SubscriptionFilter, SubscriptionStatus } from '../../domain/subscriptions.js';

/** Who made a subscription: it sees only what they may see. */
export interface SubscriptionOwner {
  kind: 'user' | 'client';
  id: string;
}

export interface Subscription {
  id: string;
  organisationId: string;
  owner: SubscriptionOwner;
  status: SubscriptionStatus;
  topic: string;
  /** The filter criteria as the subscriber wrote them (echoed back), and what they mean. */
  criteria: string[];
  filter: SubscriptionFilter;
  reason: string;
  endpoint: string;
  /** HTTP headers sent with every notification (e.g. the subscriber's own Authorization). */
  headers: string[];
  content: PayloadContent;
  heartbeatSeconds: number | null;
  eventsSinceStart: number;
  /** When something was last sent (or the subscription made): heartbeats count from it. */
  lastSentAt: Date;
  error: string | null;
  createdAt: Date;
}

/** One event a subscription was told of, kept for `$events`. */
export interface SubscriptionEvent {
  eventNumber: number;
  requestId: string;
  occurredAt: Date;
}

export interface SubscriptionsPort {
  create(subscription: Subscription): Promise<void>;
  find(id: string): Promise<Subscription | null>;
  /** The subscriptions one owner made, oldest first. */
  ownedBy(owner: SubscriptionOwner): Promise<Subscription[]>;
  /** Removes one; false when there was none. */
  remove(id: string): Promise<boolean>;
  /** The active subscriptions of a topic. */
  active(topic: string): Promise<Subscription[]>;
  /**
   * Counts one more event for the subscription and keeps it (its number, the request, when), in
   * the caller's transaction, as one statement; returns its number (null: the subscription was deleted meanwhile).
   */
  recordEvent(id: string, requestId: string, at: Date): Promise<number | null>;
  /** The kept events numbered `since` to `until` (both included), in order, at most `limit`. */
  events(id: string, since: number, until: number, limit: number): Promise<SubscriptionEvent[]>;
  /** Forgets the events that happened before `before` (the retention sweep); how many went. */
  pruneEvents(before: Date): Promise<number>;
  setStatus(id: string, status: 'active' | 'error', error: string | null): Promise<void>;
  /** Something reached the endpoint at `at`. */
  sentAt(id: string, at: Date): Promise<void>;
  /** Active subscriptions with a heartbeat period that nothing was sent on for a period or longer. */
  heartbeatsDue(now: Date): Promise<Subscription[]>;
}

/** The addresses a host name resolves to (DNS); an IP literal resolves to itself. */
export type HostResolver = (hostname: string) => Promise<string[]>;

/** Which endpoints subscriptions may name (LIAISON_ALLOW_LOCAL_HOOKS, and how names resolve). */
export interface HookPolicy {
  allowLocal: boolean;
  /** Absent where names cannot be resolved (Workers, whose fetch never reaches private addresses): IP literals are still checked. */
  resolve?: HostResolver | undefined;
}
