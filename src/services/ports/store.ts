/**
 * What the services need from the outside world: the store (drizzle implements it) and a clock.
 * The services never import drizzle, Hono or a runtime.
 */
import type { AccessLogPort } from './access-log.js';
import type { AdministrationPort } from './administration.js';
import type { AssertionsPort } from './assertions.js';
import type { CaseDiscussionRunsPort } from './case-discussion-runs.js';
import type { CaseDiscussionsPort } from './case-discussions.js';
import type { DirectoryPort } from './directory.js';
import type { LettersPort } from './letters.js';
import type { MessagesPort } from './messages.js';
import type { NotificationsPort } from './notifications.js';
import type { RequestsPort } from './requests.js';
import type { SubscriptionsPort } from './subscriptions.js';
import type { EhrConnectionsPort } from './ehr-connections.js';

/**
 * The reads that may come from a read replica (DATABASE_READ_URL) and so lag the primary by the
 * replica's delay: searches and measures. Never a read right after a write, an If-Match check,
 * or anything in a transaction: inside one, these are the transaction's own.
 */
export interface ReplicaReads {
  requests: Pick<RequestsPort, 'list' | 'listReusing' | 'count' | 'submittedBetween' | 'eventsOf'>;
  directory: Pick<DirectoryPort, 'clinicianLoads'>;
}

/** The repositories of one unit of work; `transaction` runs a use case all-or-nothing. */
export interface Store {
  requests: RequestsPort;
  directory: DirectoryPort;
  messages: MessagesPort;
  assertions: AssertionsPort;
  caseDiscussions: CaseDiscussionsPort;
  caseDiscussionRuns: CaseDiscussionRunsPort;
  accessLog: AccessLogPort;
  administration: AdministrationPort;
  letters: LettersPort;
  /** The outbox: written in the change's transaction (services/announcements.ts), delivered by notify/. */
  notifications: NotificationsPort;
  /** FHIR subscriptions (services/subscriptions.ts); their notifications go through the outbox. */
  subscriptions: SubscriptionsPort;
  /** Organisations' own FHIR servers, to which each request's Task is pushed through the outbox. */
  ehrConnections: EhrConnectionsPort;
  /** Searches and measures: the read replica's when there is one, else these same repositories. */
  replica: ReplicaReads;
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Cheap liveness check for /health. */
  ping(): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
