/**
 * The JSON API's request and response schemas. The same zod schemas validate input and
 * generate /api/openapi.json. Objects are strict: an unknown field is an error, not ignored.
 */
import { z } from '@hono/zod-openapi';
import { REQUEST_ACTIONS, REQUEST_STATES } from '../domain/lifecycle.js';
import { CONSULTATION_FORMS, PRIORITIES, REQUESTED_FORMS, RISK_FLAGS, LANGUAGE_TAG, SEXES, SUB_SPECIALTIES } from '../domain/request.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../services/paging.js';

const text = (max: number) => z.string().trim().min(1).max(max);
/** An instant a database timestamp can compare with (years 1970–9999). */
const instant = z.iso.datetime({ offset: true }).refine((v) => {
  const year = new Date(v).getUTCFullYear();
  return year >= 1970 && year <= 9999;
}, 'must be between 1970 and 9999');

export const Priority = z.enum(PRIORITIES).openapi('Priority');
export const ConsultationForm = z.enum(CONSULTATION_FORMS).openapi('ConsultationForm');
/** What a GP asks for: a form, or `unspecified` (the psychiatrist chooses it when accepting). */
export const RequestedForm = z.enum(REQUESTED_FORMS).openapi('RequestedForm', { description: 'A form of consultation, or unspecified: the psychiatrist then chooses the form when accepting.' });
/** Who asked: a GP of the practice, or — when the requesting system named no GP Liaison knows — the requester as sent (id null). */
export const Requester = z
  .object({
    id: z.string().nullable(),
    name: z.string().nullable(),
    identifier: z.object({ system: z.string(), value: z.string() }).optional(),
  })
  .openapi('Requester');
export const RequestState = z.enum(REQUEST_STATES).openapi('RequestState');
export const RequestAction = z.enum(REQUEST_ACTIONS).openapi('RequestAction');

export const Coding = z.strictObject({
  system: z.string().min(1).max(500),
  code: z.string().min(1).max(200),
  display: z.string().max(500).optional(),
});

export const Patient = z
  .strictObject({
    identifier: z.strictObject({
      system: z.string().min(1).max(500).openapi({ example: 'urn:oid:2.16.840.1.113883.2.4.6.3' }),
      value: z.string().min(1).max(100).openapi({ example: '999912345' }),
    }),
    name: z.strictObject({
      family: text(200).openapi({ example: 'Jansen' }),
      given: z.array(text(100)).min(1).max(5).openapi({ example: ['Eva'] }),
    }),
    birthDate: z.iso
      .date()
      .refine((d) => d >= '1900-01-01', 'must be on or after 1900-01-01')
      .refine((d) => d <= new Date().toISOString().slice(0, 10), 'must not be in the future'),
    sex: z.enum(SEXES),
  })
  .openapi('Patient');

/**
 * The patient as a request may already hold it: one an EHR named by a logical reference has no
 * given name or birth date, and FHIR allows a partial birth date. A JSON merge patch of such a
 * draft is checked against this, so a GP can record consent without inventing those fields.
 */
export const StoredPatient = Patient.extend({
  identifier: z.strictObject({ system: z.string().max(500), value: z.string().min(1).max(200) }),
  name: z.strictObject({ family: text(200), given: z.array(text(200)).max(5) }),
  birthDate: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date (YYYY, YYYY-MM or YYYY-MM-DD)').nullable(),
});

/** A questionnaire score: a whole number from 0 to its maximum (the same words as on FHIR). */
const score = (max: number) => {
  const message = `must be a whole number from 0 to ${max}`;
  return z.number().int(message).min(0, message).max(max, message).optional();
};

export const SupportingScores = z
  .strictObject({
    phq9Total: score(27),
    phq9Item9: score(3),
    gad7Total: score(21),
  })
  .openapi('SupportingScores');

export const DraftBody = z
  .strictObject({
    patient: Patient,
    clinicalQuestion: text(4000).openapi({ example: 'Is this a depressive episode, and would an SSRI be appropriate?' }),
    reason: z
      .strictObject({ text: z.string().trim().max(4000).default(''), codes: z.array(Coding).max(20).default([]) })
      .default({ text: '', codes: [] }),
    priority: Priority.default('routine'),
    requestedForm: RequestedForm,
    consent: z
      .strictObject({ given: z.boolean(), recordedAt: z.iso.date().refine((d) => d >= '2000-01-01', 'must be on or after 2000-01-01').optional() })
      .default({ given: false })
      .openapi({ description: "The patient's consent to a shared consultation; required to submit." }),
    riskFlags: z.array(z.enum(RISK_FLAGS)).max(RISK_FLAGS.length).default([]),
    scores: SupportingScores.default({}),
    serviceId: z.uuid().optional().openapi({ description: "Consulting service; defaults to the organisation's default." }),
    subSpecialty: z.enum(SUB_SPECIALTIES).nullable().optional().openapi({ description: 'The field of psychiatry the question calls for.' }),
    patientLanguage: z
      .string()
      .regex(LANGUAGE_TAG, 'must be a BCP 47 language tag such as tr or pt-BR')
      .nullable()
      .optional()
      .openapi({ description: 'The language the patient is most at ease in, if not the local one.' }),
    identifiers: z
      .array(z.strictObject({ system: z.string().min(1).max(500), value: z.string().min(1).max(200) }))
      .max(10)
      .optional()
      .openapi({ description: "Your system's identifiers of this request (unique within your organisation)." }),
  })
  .openapi('ConsultationRequestDraft');

export const CreateBody = DraftBody.extend({
  requesterId: z.uuid().optional().openapi({ description: 'The requesting GP; required when an EHR system creates the request.' }),
  submit: z.boolean().default(false).openapi({ description: 'Submit at once instead of saving a draft.' }),
}).openapi('CreateConsultationRequest');

/** What a merged draft is checked against: DraftBody, with the patient as it may be stored. */
export const MergedDraft = DraftBody.extend({ patient: StoredPatient });

/** A JSON merge patch (RFC 7396) of a draft; the merged result is validated with MergedDraft. */
export const DraftPatchBody = z.record(z.string(), z.unknown()).openapi('ConsultationRequestDraftPatch');

export const IdParam = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b8a4c5e-8f7f-4a37-9f0e-6f3c1f1e2b3a' }),
});

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const ListQuery = z.strictObject({
  status: csv(REQUEST_STATES).optional().openapi({ description: 'Comma-separated states.', example: 'submitted,awaiting-information' }),
  priority: csv(PRIORITIES).optional().openapi({ example: 'urgent,asap' }),
  requesterId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  assigneeId: z.uuid().optional(),
  patientIdentifier: z
    .string()
    .regex(/^[^|]+\|[^|]+$/, 'must be system|value')
    .optional()
    .openapi({ description: 'system|value. Prefer POST /api/requests/search to keep it out of URLs.' }),
  updatedSince: instant.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const SearchBody = z
  .strictObject({
    status: z.array(RequestState).optional(),
    priority: z.array(Priority).optional(),
    requesterId: z.uuid().optional(),
    serviceId: z.uuid().optional(),
    assigneeId: z.uuid().optional(),
    patientIdentifier: z.strictObject({ system: z.string().min(1), value: z.string().min(1) }).optional(),
    updatedSince: instant.optional(),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .openapi('RequestSearch');

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem');

/** Paging of the queue, the caseload and threads: `limit` (default 50, at most 100) and the sealed `cursor` of the previous page. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).openapi({ description: `Items per page (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` }),
  cursor: z.string().max(1000).optional().openapi({ description: 'The nextCursor of the previous page, unchanged (sealed: it works only for this list).' }),
});

/** The paging fields of a page: the sealed cursor of the next page and the link to it (null on the last page). */
export const PageLinks = {
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  next: z.string().nullable().openapi({ description: 'The next page as a link (same limit); null on the last page.' }),
};
