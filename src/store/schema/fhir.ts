/** What the FHIR interface needs beyond the request itself: versions, identifiers, messages, assertions. */
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ConsultationRequest } from '../../domain/request.js';
import { ts } from './columns.js';
import { consultationRequests } from './requests.js';

/**
 * Every version of every request, written in the same transaction as the change: the source
 * of FHIR vread and _history (https://hl7.org/fhir/R4/http.html#vread).
 */
export const requestVersions = pgTable(
  'request_versions',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => consultationRequests.id),
    version: integer('version').notNull(),
    at: ts('at').notNull(),
    snapshot: jsonb('snapshot').$type<ConsultationRequest>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.version] })],
);

/**
 * The requesting system's identifiers of a request (ServiceRequest.identifier). Unique per
 * organisation, so a retried conditional create can never make a duplicate.
 */
export const requestIdentifiers = pgTable(
  'request_identifiers',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => consultationRequests.id),
    organisationId: uuid('organisation_id').notNull(),
    system: text('system').notNull(),
    value: text('value').notNull(),
  },
  (t) => [
    uniqueIndex('request_identifiers_unique_idx').on(t.organisationId, t.system, t.value),
    index('request_identifiers_request_idx').on(t.requestId),
    // FHIR `identifier=value` and `identifier=system|value` search across the caller's scope (which
    // spans organisations for a consulting service): value first, so a search without a system is served.
    index('request_identifiers_value_idx').on(t.value, t.system),
  ],
);

/** Questions, answers, advice and outcome letters exchanged on a request (FHIR Communication). */
export const communications = pgTable(
  'communications',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => consultationRequests.id),
    kind: text('kind').$type<'question' | 'answer' | 'information' | 'advice' | 'outcome' | 'decline'>().notNull(),
    inResponseTo: uuid('in_response_to'),
    authorKind: text('author_kind').$type<'user' | 'client'>().notNull(),
    authorId: text('author_id').notNull(),
    authorDisplay: text('author_display').notNull(),
    sentAt: ts('sent_at').notNull(),
    text: text('text').notNull(),
    attachments: jsonb('attachments').$type<{ url: string; title?: string; contentType?: string }[]>().notNull(),
    /** Elements of an EHR's Communication that Liaison does not interpret, returned unchanged. */
    preserved: jsonb('preserved').$type<Record<string, unknown>>(),
  },
  // A thread read page by page in (sent_at, id) order.
  (t) => [index('communications_request_idx').on(t.requestId, t.sentAt, t.id)],
);

/**
 * The sending system's identifiers of a message (Communication.identifier), for conditional
 * create: unique per request, so a retry racing its original cannot post the message twice.
 */
export const communicationIdentifiers = pgTable(
  'communication_identifiers',
  {
    communicationId: uuid('communication_id')
      .notNull()
      .references(() => communications.id),
    requestId: uuid('request_id')
      .notNull()
      .references(() => consultationRequests.id),
    system: text('system').notNull(),
    value: text('value').notNull(),
  },
  (t) => [uniqueIndex('communication_identifiers_unique_idx').on(t.requestId, t.system, t.value), index('communication_identifiers_value_idx').on(t.value, t.system)],
);

/** Client assertion ids already used (SMART Backend Services: a `jti` is never accepted twice). */
export const usedAssertions = pgTable(
  'used_assertions',
  {
    clientId: text('client_id').notNull(),
    jti: text('jti').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.jti] }), index('used_assertions_expiry_idx').on(t.expiresAt)],
);
