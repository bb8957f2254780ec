/** The requests repository: rows, versions, history, lists in each order, calendars. */
import type { Interval } from '../../domain/availability.js';
import type { RequestState } from '../../domain/lifecycle.js';
import type { ConsultationRequest } from '../../domain/request.js';
import type { RequestEvent } from '../../domain/request-event.js';
import type { VersionedResource } from '../../domain/resource-versions.js';
import type { AccessScope } from '../../domain/access.js';
import type { ListedRequest, PageCursor, RequestFilters, RequestRows, RequestSort, Reuse, StampedRequest, TriageList, TriagePageRequest, VersionWindow } from '../queries.js';

export interface RequestsPort {
  findVisible(id: string, scope: AccessScope): Promise<ListedRequest | null>;
  lock(id: string): Promise<ConsultationRequest | null>;
  /** Inserts a request with its first version, its identifiers and its first history events, together. */
  insert(request: ConsultationRequest, events: Omit<RequestEvent, 'id'>[]): Promise<void>;
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
  list(scope: AccessScope, filters: RequestFilters, after: PageCursor | null, limit: number, sort?: RequestSort, rows?: RequestRows): Promise<ListedRequest[]>;
  /** The same page (`limit` at most; `more` when the list goes on), stamped; a request the caller holds at its stamp (`reuse`) is not read. */
  listReusing(scope: AccessScope, filters: RequestFilters, page: { after: PageCursor | null; limit: number; sort: RequestSort }, reuse: Reuse): Promise<{ entries: StampedRequest[]; more: boolean }>;
  /** How many requests the scope sees that match (FHIR `_total=accurate`). */
  count(scope: AccessScope, filters: RequestFilters): Promise<number>;
  /** Requests of these services in these states. */
  inServices(serviceIds: string[], states: readonly RequestState[]): Promise<ListedRequest[]>;
  /** One page of a triage list in these states, in triage order as at `page.asOf`. */
  inTriageOrder(list: TriageList, states: readonly RequestState[], page: TriagePageRequest, rows?: RequestRows): Promise<ListedRequest[]>;
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
  /** Appends events in the order given (one statement). */
  appendEvent(...events: Omit<RequestEvent, 'id'>[]): Promise<void>;
  events(requestId: string): Promise<RequestEvent[]>;
}
