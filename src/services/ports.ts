/**
 * What the services need from the outside world. The store (drizzle) implements these; the
 * services never import drizzle, Hono or a runtime.
 */
import type { RequestState } from '../domain/lifecycle.js';
import type { VersionedResource } from '../domain/resource-versions.js';
import type { ConsultationRequest, Identifier, Priority, SubSpecialty } from '../domain/request.js';
import type { SlaTargets } from '../domain/sla.js';
import type { ClinicianLoad } from '../domain/triage.js';
import type { Interval, WeeklyWindow } from '../domain/availability.js';

export type UserRole = 'gp' | 'psychiatrist' | 'group-leader' | 'administrator';

/** Who is calling: a signed-in person or a system client (an EHR). */
export interface Actor {
  kind: 'user' | 'client';
  id: string;
  display: string;
  role: UserRole | 'system';
  organisationId: string;
  /** Consulting services the actor works in (psychiatrists, group leaders). */
  serviceIds: string[];
  /** Granted scopes of a system client; empty for users. */
  scopes: string[];
}

export interface ConsultingService {
  id: string;
  organisationId: string;
  name: string;
  timeZone: string;
  slaTargets: SlaTargets;
  reconsultMonths: number;
  active: boolean;
}

export interface RequestFilters {
  states?: RequestState[] | undefined;
  /** Which closed requests match, when closed ones are wanted by how they ended (FHIR status search). */
  closedKinds?: ('after-decline' | 'after-outcome')[] | undefined;
  priorities?: Priority[] | undefined;
  /** The field of psychiatry the request calls for (FHIR `performer-type`); an empty list matches nothing. */
  subSpecialties?: SubSpecialty[] | undefined;
  requesterId?: string | undefined;
  serviceId?: string | undefined;
  assigneeId?: string | undefined;
  patient?: { system: string; value: string } | undefined;
  updatedSince?: Date | undefined;
  ids?: string[] | undefined;
  /** The requesting system's identifier; `system` undefined matches any system. */
  identifier?: { system?: string | undefined; value: string } | undefined;
  updated?: DateRange | undefined;
  /** When the request was written (FHIR `authored`). */
  authored?: DateRange | undefined;
  /** Liaison's own reference number, e.g. LSN-001234. */
  reference?: string | undefined;
  /** Requests with an appointment, optionally starting within this range. */
  appointment?: DateRange | undefined;
  /** Requests with advice or an outcome: those that have a care plan (FHIR CarePlan). */
  carePlan?: boolean | undefined;
  /** Requests in which this person takes part (as requesting GP or assigned psychiatrist). */
  participantId?: string | undefined;
  // FHIR search's OR lists (comma-separated values): a request matches when its value is any of them.
  requesterIds?: string[] | undefined;
  serviceIds?: string[] | undefined;
  participantIds?: string[] | undefined;
  patients?: { system: string; value: string }[] | undefined;
  /** Assigned to one of these psychiatrists, or routed to one of these services (FHIR Task `owner`). */
  owners?: { assigneeIds: string[]; serviceIds: string[] } | undefined;
  /** Each set must hold, by any one of its identifiers (`ours`: Liaison's reference number). */
  identifierSets?: IdentifierMatch[][] | undefined;
}

export interface IdentifierMatch {
  /** Undefined matches any system. */
  system?: string | undefined;
  value: string;
  ours?: boolean | undefined;
}

/** Versions made in a time window (FHIR `_since`: at or after `since`; `_at`: before `until`). */
export interface VersionWindow {
  since?: Date | undefined;
  until?: Date | undefined;
}

export interface DateRange {
  gt?: Date | undefined;
  ge?: Date | undefined;
  lt?: Date | undefined;
  le?: Date | undefined;
}

/** Orders a list can come in; each is served by an index within each access scope. */
export type RequestSort = 'updated-desc' | 'updated-asc' | 'authored-desc' | 'authored-asc';

/** What an actor may see: their organisation's requests and those routed to their services. */
export interface AccessScope {
  organisationId: string;
  serviceIds: string[];
}

/** Where the previous page ended: the sort column's value and the id of its last row. */
export interface PageCursor {
  at: Date;
  id: string;
}

/**
 * Where a page of a list in triage order ended (risk, priority, when its time runs out as at the
 * list's moment, submission, id), and that moment: see runsOutAt in domain/triage.ts.
 */
export interface TriagePosition {
  atRisk: boolean;
  priority: Priority;
  runsOutAt: Date | null;
  submittedAt: Date | null;
  id: string;
}

export interface TriagePageRequest {
  /** The moment the whole list is ordered at: the first page's now, carried by its cursors. */
  asOf: Date;
  after: TriagePosition | null;
  limit: number;
}

/** A triage list: a service's queue, or the cases assigned to one clinician within what they may see. */
export type TriageList = { serviceId: string } | { assigneeId: string; scope: AccessScope };

export interface RequestNames {
  /** The requesting GP's name; null when Liaison could not match one (see requesterAsSent). */
  requesterName: string | null;
  serviceName: string;
  assigneeName: string | null;
}

export type ListedRequest = ConsultationRequest & RequestNames;

export interface RequestEvent {
  id: number;
  requestId: string;
  version: number;
  at: Date;
  actorKind: 'user' | 'client';
  actorId: string;
  actorDisplay: string;
  action: string;
  fromState: RequestState | null;
  toState: RequestState;
  detail: Record<string, unknown>;
}

export interface RequestsPort {
  findVisible(id: string, scope: AccessScope): Promise<ListedRequest | null>;
  lock(id: string): Promise<ConsultationRequest | null>;
  insert(request: ConsultationRequest): Promise<void>;
  /** `previous` lets the store skip work for what did not change. */
  /** Writes a new version; each FHIR resource's version moves on only if its content changed since `previous`. */
  update(request: ConsultationRequest, previous: ConsultationRequest): Promise<void>;
  findIdsByIdentifier(organisationId: string, system: string, value: string): Promise<string[]>;
  /** One past version, as it was (FHIR vread). */
  /** A version of the request, or of one of its FHIR resources (each versioned by its own content). */
  version(id: string, version: number, resource?: VersionedResource): Promise<ConsultationRequest | null>;
  /**
   * A page of versions, newest first, below version `before` (FHIR _history), and how many there
   * are; `submittedOnly` leaves out the versions from before submission (the practice's drafts).
   */
  versions(id: string, page: { before: number | null; limit: number; submittedOnly: boolean; window?: VersionWindow | undefined; resource?: VersionedResource | undefined }): Promise<{ versions: ConsultationRequest[]; total: number }>;
  nextReference(): Promise<string>;
  list(scope: AccessScope, filters: RequestFilters, after: PageCursor | null, limit: number, sort?: RequestSort): Promise<ListedRequest[]>;
  /** How many requests the scope sees that match (FHIR `_total=accurate`). */
  count(scope: AccessScope, filters: RequestFilters): Promise<number>;
  /** Requests of these services in these states. */
  inServices(serviceIds: string[], states: readonly RequestState[]): Promise<ListedRequest[]>;
  /** One page of a triage list in these states, in triage order as at `page.asOf`. */
  inTriageOrder(list: TriageList, states: readonly RequestState[], page: TriagePageRequest): Promise<ListedRequest[]>;
  /** A service's requests submitted in [from, to), for the measures. */
  submittedBetween(serviceId: string, from: Date, to: Date): Promise<ConsultationRequest[]>;
  /** The history of several requests, in one query. */
  eventsOf(requestIds: string[]): Promise<RequestEvent[]>;
  /** Appointments of scheduled requests in which this person takes part (as GP or psychiatrist), overlapping [from, to). */
  bookedFor(userId: string, from: Date, to: Date): Promise<(Interval & { requestId: string })[]>;
  /**
   * Holds these people's calendars until the transaction ends, so two bookings for the same
   * person (of different requests) cannot both pass the overlap check. Call before `bookedFor`.
   */
  lockCalendarsOf(userIds: string[]): Promise<void>;
  appendEvent(event: Omit<RequestEvent, 'id'>): Promise<void>;
  events(requestId: string): Promise<RequestEvent[]>;
}

/** A Liaison user as the directory shows them. */
export interface Person {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  organisationId: string;
  active: boolean;
  /** Professional identifiers registered for them (national provider numbers, EHR staff ids). */
  identifiers: Identifier[];
}

export interface DirectoryPort {
  findUser(id: string): Promise<Actor | null>;
  /** The user with this address; with `organisationId`, only if they work there. */
  findUserByEmail(email: string, organisationId?: string): Promise<{ id: string } | null>;
  /**
   * The active GP of the organisation whom one of these identifiers names (an identifier
   * registered for them, or their e-mail address under USER_EMAIL_SYSTEM); null when none does.
   */
  findGpByIdentifiers(organisationId: string, identifiers: Identifier[]): Promise<string | null>;
  /** A person as others may see them: name, role, organisation and e-mail (never a patient). */
  findPerson(id: string): Promise<Person | null>;
  /** The same, only if `viewer` may see them (access.ts, "Who sees whom"). */
  findPersonSeenBy(id: string, viewer: AccessScope): Promise<Person | null>;
  /** The people `viewer` may see whom any of these identifiers names (system optional; the e-mail system included). */
  findPeopleSeenByIdentifier(identifiers: { system?: string | undefined; value: string }[], viewer: AccessScope): Promise<Person[]>;
  findClient(id: string): Promise<Actor | null>;
  /** The public keys a system client signs its assertions with (a JWKS), if it registered any. */
  findClientKeys(id: string): Promise<{ keys: unknown[] } | null>;
  /** Registers (replaces) a system client's public keys. */
  setClientKeys(id: string, jwks: { keys: unknown[] }): Promise<boolean>;
  findService(id: string): Promise<ConsultingService | null>;
  listServices(): Promise<(ConsultingService & { organisationName: string })[]>;
  findDefaultServiceId(organisationId: string): Promise<string | null>;
  isPsychiatristOf(serviceId: string, userId: string): Promise<boolean>;
  isGpOf(organisationId: string, userId: string): Promise<boolean>;
  /** The psychiatrists of a service with their profile and open caseload, in one query. */
  clinicianLoads(serviceId: string, openStates: readonly RequestState[]): Promise<ClinicianLoad[]>;
  availabilityOf(userId: string): Promise<{ weekly: WeeklyWindow[]; unavailable: { start: string; end: string }[] } | null>;
  setAvailability(userId: string, availability: { weekly: WeeklyWindow[]; unavailable: { start: string; end: string }[] }): Promise<void>;
  setClinicianProfile(userId: string, profile: { weeklyCapacity: number | null; subSpecialties: string[]; languages: string[] }): Promise<void>;
}

export type MessageKind = 'question' | 'answer' | 'information' | 'advice' | 'outcome' | 'decline';

export interface Attachment {
  url: string;
  title?: string | undefined;
  contentType?: string | undefined;
}

/** A message on a request between the GP and the consulting side (FHIR Communication). */
export interface Message {
  id: string;
  requestId: string;
  kind: MessageKind;
  inResponseTo: string | null;
  authorKind: 'user' | 'client';
  authorId: string;
  authorDisplay: string;
  sentAt: Date;
  text: string;
  attachments: Attachment[];
  preserved: Record<string, unknown> | null;
  /** The sending system's identifiers of the message (written with it; not read back). */
  identifiers?: Identifier[] | undefined;
}

export interface MessagesPort {
  /** Fails with `conflict` when the request already has a message with one of its identifiers. */
  insert(message: Message): Promise<void>;
  /** Messages with this identifier (any system when `system` is undefined), on any request: at most `limit`. */
  findByIdentifier(system: string | undefined, value: string, limit: number): Promise<Message[]>;
  find(id: string): Promise<Message | null>;
  /** A page of the messages of these requests, oldest first (sent, id), after `after`: one query however many requests. */
  forRequests(requestIds: string[], after: PageCursor | null, limit: number): Promise<Message[]>;
  latest(requestId: string, kind: MessageKind): Promise<Message | null>;
}

/** What a letter to the GP is (FHIR DocumentReference.type). */
export type LetterKind = 'outcome-letter' | 'case-discussion-conclusions';

/**
 * A letter that reaches the GP (FHIR DocumentReference): an outcome letter (the message that
 * completed a request; a case discussion's conclusions when the request was agreed as one), or
 * the conclusions of a case discussion on a request its GP presented (the agenda item).
 */
export interface Letter {
  /** The outcome message's id, or the agenda item's. */
  id: string;
  kind: LetterKind;
  requestId: string;
  writtenAt: Date;
  /** Null only for conclusions recorded before authors were kept. */
  author: { kind: 'user' | 'client'; id: string; display: string } | null;
  text: string;
  outcomeCode: string | null;
  /** The case-discussion session the conclusions were drawn in. */
  session: { startsAt: Date; endsAt: Date; groupName: string } | null;
  /** Outcome letters of a re-opened request: the earlier letter this one replaces, the later one that replaces it. */
  replaces: string | null;
  replacedBy: string | null;
}

export interface LettersPort {
  find(id: string): Promise<Letter | null>;
  /** A page of the letters on the requests the scope sees that match, oldest first (written, id), after `after`. */
  page(scope: AccessScope, filters: RequestFilters, kinds: LetterKind[] | undefined, after: PageCursor | null, limit: number): Promise<Letter[]>;
  count(scope: AccessScope, filters: RequestFilters, kinds: LetterKind[] | undefined): Promise<number>;
}

export interface AccessRecord {
  at: Date;
  actorKind: 'user' | 'client' | 'anonymous';
  actorId: string | null;
  interaction: string;
  /** The request the route names (refused calls included): who asked for what. */
  requestId: string | null;
  status: number;
  /** Every request whose data the response carried: who saw what. */
  disclosed: string[];
}

/** One call that disclosed a request, for "who looked at this request?". */
export interface Disclosure {
  accessId: number;
  at: Date;
  actorKind: AccessRecord['actorKind'];
  actorId: string | null;
  interaction: string;
  status: number;
}

export type DiscussionRole = 'leader' | 'member';
/** Membership is by invitation: only `accepted` people are in the group. */
export type InvitationStatus = 'invited' | 'accepted' | 'declined';

export interface DiscussionPerson {
  userId: string;
  role: DiscussionRole;
  status: InvitationStatus;
}

export interface DiscussionGroup {
  id: string;
  serviceId: string;
  name: string;
  cadenceWeeks: number;
  createdAt: Date;
  people: DiscussionPerson[];
}

/** An invitation as the invitee sees it. */
export interface DiscussionInvitation {
  groupId: string;
  groupName: string;
  serviceId: string;
  serviceName: string;
  role: DiscussionRole;
  invitedBy: { id: string; name: string } | null;
  invitedAt: Date | null;
}

/** What decides whether a person may be invited to a service's group (active users only). */
export interface InviteeFacts {
  userId: string;
  role: UserRole;
  organisationId: string;
  /** Their organisation refers to the service: it is its default service, or it sent it a request. */
  refersToService: boolean;
}

export interface DiscussionSession {
  id: string;
  groupId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface DiscussionItem {
  id: string;
  sessionId: string;
  requestId: string;
  presenterId: string;
  minutes: number;
  position: number;
  conclusions: string | null;
}

/** The group's conclusions on an agenda item, as a letter to the presenting GP. */
export interface ItemConclusions {
  conclusions: string;
  outcomeCode: string;
  recommendations: string[];
  concludedAt: Date;
  concludedBy: string;
  /** The outcome letter that carried them, when they completed the request. */
  outcomeMessageId: string | null;
}

export interface CaseDiscussionsPort {
  /** The group and its people; everyone but the creator starts as invited by `invitedBy`. */
  createGroup(group: DiscussionGroup, invitedBy: string): Promise<void>;
  /** `lock` holds the group row until the transaction ends (agenda changes one at a time). */
  findGroup(id: string, options?: { lock?: boolean }): Promise<DiscussionGroup | null>;
  /** Facts about the active users among `userIds`, for the invitation rule; inactive and unknown ones are absent. */
  inviteeFacts(serviceId: string, userIds: string[]): Promise<InviteeFacts[]>;
  /** Invitations still waiting for this person's answer. */
  invitationsOf(userId: string): Promise<DiscussionInvitation[]>;
  /** Answers a pending invitation; false when there is none. */
  respond(groupId: string, userId: string, status: 'accepted' | 'declined', at: Date): Promise<boolean>;
  createSession(session: DiscussionSession): Promise<void>;
  findSession(id: string): Promise<DiscussionSession | null>;
  addItem(item: DiscussionItem): Promise<void>;
  /** Requests already on an agenda of this group. */
  requestsOnAgendas(groupId: string): Promise<string[]>;
  itemsOf(sessionId: string): Promise<{ item: DiscussionItem; request: ConsultationRequest }[]>;
  setConclusions(itemId: string, conclusions: ItemConclusions): Promise<void>;
  setAttendance(sessionId: string, entries: { userId: string; present: boolean }[]): Promise<void>;
  attendanceOf(userId: string): Promise<{ sessionId: string; groupName: string; startsAt: Date; endsAt: Date; present: boolean }[]>;
}

/** SMART Backend Services: each client assertion (jti) is accepted once. */
export interface AssertionsPort {
  /** Records a jti; false when the client already used it. */
  remember(clientId: string, jti: string, expiresAt: Date): Promise<boolean>;
  forgetExpired(before: Date): Promise<void>;
}

export interface AccessLogPort {
  /** Writes the row and the requests it disclosed in one statement. */
  record(entry: AccessRecord): Promise<void>;
  /** Every call that disclosed this request, oldest first (served by an index on the request). */
  disclosuresOf(requestId: string): Promise<Disclosure[]>;
}

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
