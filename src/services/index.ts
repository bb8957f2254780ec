/**
 * The composition root of the use cases: one place builds them over a store and a clock. The
 * interfaces get use cases only (Services); the gate in auth/ (authentication, the access log,
 * the token endpoint) gets its own narrow ports (Gate). Neither can reach the store.
 */
import type { AccessLogPort } from './ports/access-log.js';
import type { AssertionsPort } from './ports/assertions.js';
import type { DirectoryPort } from './ports/directory.js';
import type { Clock, Store } from './ports/store.js';
import { AppointmentService } from './appointments.js';
import { CaseDiscussionService } from './case-discussions.js';
import { DirectoryService } from './directory.js';
import { LetterService } from './letters.js';
import { MeasuresService } from './measures.js';
import { MessageService } from './messages.js';
import { NotificationService } from './notifications.js';
import { RecommendationService } from './recommendations.js';
import { RequestService } from './requests.js';
import { SchedulingService } from './scheduling.js';
import type { HookPolicy } from './ports/subscriptions.js';
import { SubscriptionService } from './subscriptions.js';
import { EhrConnectionService } from './ehr-connections.js';
import { TriageService } from './triage.js';

export interface Services {
  requests: RequestService;
  messages: MessageService;
  triage: TriageService;
  recommendations: RecommendationService;
  measures: MeasuresService;
  scheduling: SchedulingService;
  caseDiscussions: CaseDiscussionService;
  appointments: AppointmentService;
  letters: LetterService;
  directory: DirectoryService;
  notifications: NotificationService;
  subscriptions: SubscriptionService;
  ehrConnections: EhrConnectionService;
  /**
   * Runs `work` with use cases bound to one database transaction: everything it does is stored,
   * or nothing (FHIR transaction Bundles).
   */
  inTransaction<T>(work: (services: Services) => Promise<T>): Promise<T>;
}

/** What the gate needs: who a caller is, the access log, client assertions already used, the time. */
export interface Gate {
  callers: Pick<DirectoryPort, 'findUser' | 'findClient' | 'findClientKeys'>;
  accessLog: Pick<AccessLogPort, 'record'>;
  assertions: AssertionsPort;
  clock: Clock;
  /** Whether the database answers (the health check). */
  ping(): Promise<void>;
}

/** Production's rule when nothing else is said: https endpoints on public addresses only. */
const PUBLIC_HOOKS_ONLY: HookPolicy = { allowLocal: false };

export function buildServices(store: Store, clock: Clock, hooks: HookPolicy = PUBLIC_HOOKS_ONLY): Services {
  const requests = new RequestService(store, clock);
  return {
    requests,
    messages: new MessageService(store, clock, requests),
    triage: new TriageService(store, clock, requests),
    recommendations: new RecommendationService(requests),
    measures: new MeasuresService(store, clock),
    scheduling: new SchedulingService(store, clock, requests),
    caseDiscussions: new CaseDiscussionService(store, clock, requests),
    appointments: new AppointmentService(clock, requests),
    letters: new LetterService(store),
    directory: new DirectoryService(store),
    notifications: new NotificationService(store, clock),
    subscriptions: new SubscriptionService(store, clock, hooks),
    ehrConnections: new EhrConnectionService(store, clock),
    inTransaction: (work) => store.transaction((tx) => work(buildServices(tx, clock, hooks))),
  };
}

export function buildGate(store: Store, clock: Clock): Gate {
  return {
    callers: store.directory,
    accessLog: store.accessLog,
    assertions: store.assertions,
    clock,
    ping: () => store.ping(),
  };
}
