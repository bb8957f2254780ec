/** Consultation requests and their append-only history. */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgSequence, pgTable, smallint, text, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { RequestState } from '../../domain/lifecycle.js';
import type { Appointment } from '../../domain/appointment.js';
import type { TimesProposal } from '../../domain/proposed-times.js';
import type { RequestOutcome } from '../../domain/outcome.js';
import type { ResourceVersions } from '../../domain/resource-versions.js';
import type { Coding, ConsultationForm, Identifier, Priority, RequestedForm, RequesterAsSent, RiskFlag, Sex, SubSpecialty } from '../../domain/request.js';
import { ts } from './columns.js';
import { consultingServices, organisations, users } from './directory.js';

/**
 * Requests not yet closed or ended (closed, cancelled, redirected, entered in error): the open
 * lists' partial indexes. A filter on any of these states implies it, so PostgreSQL uses them.
 */
const OPEN_STATES: RequestState[] = ['draft', 'submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given', 'declined', 'completed'];
const openState = (state: AnyPgColumn) => sql`${state} in (${sql.raw(OPEN_STATES.map((s) => `'${s}'`).join(', '))})`;

export const requestReferenceSeq = pgSequence('request_reference_seq', { startWith: 1000 });

export const consultationRequests = pgTable(
  'consultation_requests',
  {
    id: uuid('id').primaryKey(),
    reference: text('reference').notNull().unique(),
    version: integer('version').notNull(),
    state: text('state').$type<RequestState>().notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Null when the requesting system named a GP Liaison does not know, or none. */
    requesterId: uuid('requester_id').references(() => users.id),
    /** That requester as sent: { display, identifier }. */
    requesterAsSent: jsonb('requester_as_sent').$type<RequesterAsSent>(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => consultingServices.id),
    assigneeId: uuid('assignee_id').references(() => users.id),
    patientIdentifierSystem: text('patient_identifier_system').notNull(),
    patientIdentifierValue: text('patient_identifier_value').notNull(),
    patientFamily: text('patient_family').notNull(),
    patientGiven: text('patient_given').array().notNull(),
    /** As given: FHIR allows a partial date (1987, 1987-04). */
    patientBirthDate: text('patient_birth_date'),
    patientSex: text('patient_sex').$type<Sex>().notNull(),
    clinicalQuestion: text('clinical_question').notNull(),
    reasonText: text('reason_text').notNull(),
    reasonCodes: jsonb('reason_codes').$type<Coding[]>().notNull(),
    priority: text('priority').$type<Priority>().notNull(),
    requestedPriority: text('requested_priority').$type<Priority>().notNull(),
    requestedForm: text('requested_form').$type<RequestedForm>().notNull(),
    agreedForm: text('agreed_form').$type<ConsultationForm>(),
    consentGiven: boolean('consent_given').notNull(),
    consentRecordedAt: text('consent_recorded_at'),
    riskFlags: text('risk_flags').array().$type<RiskFlag[]>().notNull(),
    phq9Total: smallint('phq9_total'),
    phq9Item9: smallint('phq9_item9'),
    gad7Total: smallint('gad7_total'),
    atRisk: boolean('at_risk').notNull(),
    submittedAt: ts('submitted_at'),
    dueAt: ts('due_at'),
    clockPausedAt: ts('clock_paused_at'),
    firstResponseAt: ts('first_response_at'),
    replacesId: uuid('replaces_id'),
    replacedById: uuid('replaced_by_id'),
    /** The agreed joint consultation or clinic visit, once scheduled. */
    appointment: jsonb('appointment').$type<Appointment>(),
    /** Times proposed for the GP to choose from (open, declined or expired), until the next proposal or a booking. */
    proposedTimes: jsonb('proposed_times').$type<TimesProposal>(),
    subSpecialty: text('sub_specialty').$type<SubSpecialty>(),
    patientLanguage: text('patient_language'),
    /** The requesting system's identifiers; request_identifiers indexes them for lookup. */
    identifiers: jsonb('identifiers').$type<Identifier[]>().notNull().default([]),
    /** Elements of an EHR's ServiceRequest that Liaison does not interpret, returned unchanged. */
    preserved: jsonb('preserved').$type<Record<string, unknown>>(),
    /** Elements of the consulting side's Task that Liaison does not interpret (notes, description), returned unchanged. */
    taskPreserved: jsonb('task_preserved').$type<Record<string, unknown>>(),
    /** The version of each FHIR resource (ServiceRequest, Task); null on rows from before: the request's version. */
    resourceVersions: jsonb('resource_versions').$type<ResourceVersions>(),
    /** The advice or the outcome the consultant sent back. */
    outcome: jsonb('outcome').$type<RequestOutcome>(),
    /** When the request was written: the EHR's authoredOn, or when Liaison received it. */
    authoredAt: ts('authored_at').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    // Keyset pagination (updated_at desc, id desc) within each access scope. NULLS FIRST is what
    // `order by … desc` means (drizzle's default NULLS LAST matches no list's order, ascending or
    // descending, and every page sorted all its scope's rows).
    index('requests_organisation_updated_idx').on(t.organisationId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('requests_service_updated_idx').on(t.serviceId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // FHIR `authored` and `_sort=authored` within each scope.
    index('requests_organisation_authored_idx').on(t.organisationId, t.authoredAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('requests_service_authored_idx').on(t.serviceId, t.authoredAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('requests_requester_updated_idx').on(t.requesterId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('requests_assignee_updated_idx').on(t.assigneeId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The same lists by an open status (not yet closed or ended: a small part of a scope's history).
    index('requests_organisation_open_updated_idx').on(t.organisationId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(openState(t.state)),
    index('requests_service_open_updated_idx').on(t.serviceId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(openState(t.state)),
    index('requests_patient_idx').on(t.patientIdentifierSystem, t.patientIdentifierValue),
    // A service's measures over a period of submission.
    index('requests_service_submitted_idx').on(t.serviceId, t.submittedAt),
    // A psychiatrist's open caseload.
    index('requests_assignee_open_idx')
      .on(t.assigneeId)
      .where(sql`${t.state} in ('submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given')`),
    // The open part of a service's queue, for triage.
    index('requests_service_open_idx')
      .on(t.serviceId, t.atRisk, t.priority, t.dueAt)
      .where(sql`${t.state} in ('submitted', 'awaiting-information')`),
    // Clocks still running (the SLA reminder sweep, once a minute): a few rows, never the whole table.
    index('requests_running_clock_idx')
      .on(t.dueAt)
      .where(sql`${t.state} = 'submitted' and ${t.firstResponseAt} is null`),
  ],
);

/** The append-only history of a request: one row per change, kept forever. */
export const requestEvents = pgTable(
  'request_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => consultationRequests.id),
    version: integer('version').notNull(),
    at: ts('at').notNull(),
    actorKind: text('actor_kind').$type<'user' | 'client'>().notNull(),
    actorId: text('actor_id').notNull(),
    /** The actor's name at the time, kept so history reads the same after a rename. */
    actorDisplay: text('actor_display').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state').$type<RequestState>(),
    toState: text('to_state').$type<RequestState>().notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('request_events_request_idx').on(t.requestId, t.id)],
);
