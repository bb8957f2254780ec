/**
 * What the services need from the outside world: the store (drizzle implements it) and a clock.
 * The services never import drizzle, Hono or a runtime.
 */
import type { AccessLogPort } from './access-log.js';
import type { AssertionsPort } from './assertions.js';
import type { CaseDiscussionsPort } from './case-discussions.js';
import type { DirectoryPort } from './directory.js';
import type { LettersPort } from './letters.js';
import type { MessagesPort } from './messages.js';
import type { RequestsPort } from './requests.js';

/** The repositories of one unit of work; `transaction` runs a use case all-or-nothing. */
export interface Store {
  requests: RequestsPort;
  directory: DirectoryPort;
  messages: MessagesPort;
  assertions: AssertionsPort;
  caseDiscussions: CaseDiscussionsPort;
  accessLog: AccessLogPort;
  letters: LettersPort;
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Cheap liveness check for /health. */
  ping(): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
