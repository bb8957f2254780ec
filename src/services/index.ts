/**
 * The composition root of the use cases: one place builds them over a store and a clock. The
 * interfaces get use cases only (Services); the gate in auth/ (authentication, the access log,
 * the token endpoint) gets its own narrow ports (Gate). Neither can reach the store.
 */
import type { AccessLogPort } from './ports/access-log.js';
import { CallerCache } from './caller-cache.js';
import type { AssertionsPort } from './ports/assertions.js';
import type { DirectoryPort } from './ports/directory.js';
import type { Clock, Store } from './ports/store.js';
import type { KeySource } from './ports/key-source.js';
import { ClientKeys } from './client-keys.js';
import { AdministrationCore } from './administration.js';
import { ClientAdministration } from './admin-clients.js';
import { OrganisationAdministration } from './admin-organisations.js';
import { StaffAdministration } from './admin-staff.js';
import { AppointmentService } from './appointments.js';
import { CaseDiscussionRecordService } from './case-discussion-records.js';
import { CaseDiscussionRunService } from './case-discussion-runs.js';
import { CaseDiscussionSetupService } from './case-discussion-setup.js';
import { AuditService } from './audit.js';
import { CaseDiscussionService } from './case-discussions.js';
import { CasePresentationService } from './case-presentations.js';
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
  caseDiscussionRuns: CaseDiscussionRunService;
  /** Hosts, invitable people, inviting and removing people later. */
  caseDiscussionSetup: CaseDiscussionSetupService;
  casePresentations: CasePresentationService;
  caseDiscussionRecords: CaseDiscussionRecordService;
  appointments: AppointmentService;
  letters: LetterService;
  directory: DirectoryService;
  notifications: NotificationService;
  /** What administrators manage: their organisation, its services, people and system clients. */
  administration: { organisations: OrganisationAdministration; staff: StaffAdministration; clients: ClientAdministration };
  /** The privacy officer's answers from the access log. */
  audit: AuditService;
  subscriptions: SubscriptionService;
  ehrConnections: EhrConnectionService;
  /**
   * Runs `work` with use cases bound to one database transaction: everything it does is stored,
   * or nothing (FHIR transaction Bundles).
   */
  inTransaction<T>(work: (services: Services) => Promise<T>): Promise<T>;
}

/** What the gate needs: who a caller is (and who signs in to the web app), the access log, client assertions already used, the time. */
export interface Gate {
  callers: Pick<DirectoryPort, 'findUser' | 'findClient' | 'findUserByEmail' | 'findUserByIdentifier'>;
  /** A client's keys, registered or fetched from its jwks_uri (rotation: services/client-keys.ts). */
  clientKeys: ClientKeys;
  accessLog: Pick<AccessLogPort, 'record' | 'countRefusals'>;
  assertions: AssertionsPort;
  clock: Clock;
  /** Whether the database answers (the health check). */
  ping(): Promise<void>;
}

/** Production's rule when nothing else is said: https endpoints on public addresses only. */
const PUBLIC_HOOKS_ONLY: HookPolicy = { allowLocal: false };

export function buildServices(store: Store, clock: Clock, hooks: HookPolicy = PUBLIC_HOOKS_ONLY, directoryChanged?: () => void): Services {
  const requests = new RequestService(store, clock);
  return {
    requests,
    messages: new MessageService(store, clock, requests),
    triage: new TriageService(store, clock, requests),
    recommendations: new RecommendationService(requests),
    measures: new MeasuresService(store, clock),
    scheduling: new SchedulingService(store, clock, requests),
    caseDiscussions: new CaseDiscussionService(store, clock, requests),
    caseDiscussionRuns: new CaseDiscussionRunService(store, clock),
    caseDiscussionSetup: new CaseDiscussionSetupService(store, clock),
    casePresentations: new CasePresentationService(store, clock, requests),
    caseDiscussionRecords: new CaseDiscussionRecordService(store, clock),
    appointments: new AppointmentService(clock, requests),
    letters: new LetterService(store),
    directory: new DirectoryService(store),
    notifications: new NotificationService(store, clock),
    administration: administrationOf(new AdministrationCore(store, clock, directoryChanged)),
    audit: new AuditService(store, clock),
    subscriptions: new SubscriptionService(store, clock, hooks),
    ehrConnections: new EhrConnectionService(store, clock),
    inTransaction: (work) => store.transaction((tx) => work(buildServices(tx, clock, hooks, directoryChanged))),
  };
}

function administrationOf(core: AdministrationCore): Services['administration'] {
  return { organisations: new OrganisationAdministration(core), staff: new StaffAdministration(core), clients: new ClientAdministration(core) };
}

export function buildGate(store: Store, clock: Clock, keySource?: KeySource, callerCache?: CallerCache): Gate {
  return {
    callers: callerCache ? callerCache.callers(store.directory) : store.directory,
    clientKeys: new ClientKeys(store.directory, keySource, clock),
    accessLog: store.accessLog,
    assertions: store.assertions,
    clock,
    ping: () => store.ping(),
  };
}
