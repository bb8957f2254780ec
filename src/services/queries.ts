/** The shapes of the questions use cases ask the store: filters, sort orders, page positions, lists. */
import type { AccessScope } from '../domain/access.js';
import type { RequestState } from '../domain/lifecycle.js';
import type { ConsultationRequest, Priority, SubSpecialty } from '../domain/request.js';

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

/** Which page of a list or search: after the cursor (null: the first), how many, in which order (newest change first), read whole or without the EHR's kept elements. */
export interface PageRequest {
  after: PageCursor | null;
  limit: number;
  sort?: RequestSort | undefined;
  rows?: RequestRows | undefined;
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

/**
 * A request on a page for a caller that keeps what it made of each request (FHIR search keeps its
 * renderings): its stamp moves whenever the request or a name it carries changes (see
 * store/request-pages.ts). `request` is null when the caller said it holds it at that stamp.
 */
export interface StampedRequest {
  id: string;
  /** Where the request stands in the list's order (the cursor's value). */
  at: Date;
  stamp: string;
  request: ListedRequest | null;
}

/** Whether the caller holds what it made of this request at this stamp (it is then not read). */
export type Reuse = (id: string, stamp: string) => boolean;

/**
 * How much of each request a list reads: `whole`, or `without-kept-elements`, which leaves out
 * what an EHR sent that Liaison keeps only to give back (`preserved`, `taskPreserved`: null). The
 * JSON API and the triage lists never show those elements; reading them was a tenth of a queue
 * page's work. Only what renders FHIR, or writes a request back, needs them whole.
 */
export type RequestRows = 'whole' | 'without-kept-elements';
