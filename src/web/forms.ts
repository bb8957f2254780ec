/**
 * Form fields to use-case inputs. A form sends strings; these schemas turn them into the typed
 * inputs the use cases take, and name each bad field by the control's own name (which is also the
 * field path the use cases' errors use, so both land next to the same control). Clinical rules
 * (consent to submit, risk, who may move what) stay in the domain: only shapes are checked here.
 */
import { z } from 'zod';
import { DomainError } from '../domain/errors.js';
import { PRIORITIES, REQUESTED_FORMS, RISK_FLAGS, SEXES } from '../domain/request.js';
import type { DraftInput } from '../services/inputs.js';
import type { FieldErrors } from './components.js';

export type FormBody = Record<string, string | File | (string | File)[]>;

/** A path's `:id` that is a UUID, or the route does not match (404): never a malformed id to the database. */
export const ID_PARAM = ':id{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';

/** A form value as text ('' when absent); repeated controls (checkboxes) as a list. */
export const textOf = (form: FormBody, name: string): string => {
  const v = form[name];
  return typeof v === 'string' ? v.trim() : '';
};
export const listOf = (form: FormBody, name: string): string[] => {
  const v = form[name] ?? form[`${name}[]`];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};

const required = (max: number) => z.string().min(1, 'Fill this in.').max(max, `At most ${max} characters.`);
const optionalScore = (max: number) =>
  z
    .string()
    .transform((s) => (s === '' ? undefined : Number(s)))
    .pipe(z.number({ error: `A whole number from 0 to ${max}.` }).int(`A whole number from 0 to ${max}.`).min(0, `A whole number from 0 to ${max}.`).max(max, `A whole number from 0 to ${max}.`).optional());

export const DEFAULT_PATIENT_SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.6.3';

const RequestForm = z.object({
  'patient.identifier.system': z.string().min(1).max(500).default(DEFAULT_PATIENT_SYSTEM),
  'patient.identifier.value': required(100),
  'patient.name.family': required(200),
  'patient.name.given': required(100),
  'patient.birthDate': z.iso
    .date('A date such as 1987-04-02.')
    .refine((d) => d >= '1900-01-01', 'On or after 1900-01-01.')
    .refine((d) => d <= new Date().toISOString().slice(0, 10), 'Not in the future.'),
  'patient.sex': z.enum(SEXES, 'Choose one.'),
  clinicalQuestion: required(4000),
  'reason.text': z.string().max(4000),
  priority: z.enum(PRIORITIES, 'Choose one.'),
  requestedForm: z.enum(REQUESTED_FORMS, 'Choose one.'),
  'scores.phq9Total': optionalScore(27),
  'scores.phq9Item9': optionalScore(3),
  'scores.gad7Total': optionalScore(21),
  riskFlags: z.array(z.enum(RISK_FLAGS, 'Not a risk flag.')),
  'consent.given': z.boolean(),
});

/** The new-request form as a draft's content; a bad field is a 400 naming it. */
export function draftInputOf(form: FormBody): DraftInput {
  const names = Object.keys(RequestForm.shape).filter((n) => n !== 'riskFlags' && n !== 'consent.given');
  const raw = Object.fromEntries(names.map((n) => [n, textOf(form, n)]));
  if (!raw['patient.identifier.system']) delete raw['patient.identifier.system'];
  const parsed = RequestForm.safeParse({ ...raw, riskFlags: listOf(form, 'riskFlags'), 'consent.given': textOf(form, 'consent.given') === 'yes' });
  if (!parsed.success) throw formError(parsed.error);
  const f = parsed.data;
  return {
    patient: {
      identifier: { system: f['patient.identifier.system'], value: f['patient.identifier.value'] },
      name: { family: f['patient.name.family'], given: f['patient.name.given'].split(/\s+/).filter(Boolean) },
      birthDate: f['patient.birthDate'],
      sex: f['patient.sex'],
    },
    clinicalQuestion: f.clinicalQuestion,
    reason: { text: f['reason.text'], codes: [] },
    priority: f.priority,
    requestedForm: f.requestedForm,
    consent: { given: f['consent.given'], ...(f['consent.given'] ? { recordedAt: new Date().toISOString().slice(0, 10) } : {}) },
    riskFlags: f.riskFlags,
    scores: { phq9Total: f['scores.phq9Total'], phq9Item9: f['scores.phq9Item9'], gad7Total: f['scores.gad7Total'] },
  };
}

/** A zod failure as the use cases' own error: one issue per control name. */
export function formError(error: z.ZodError): DomainError {
  const issues = error.issues.map((i) => ({ field: String(i.path[0] ?? '(form)'), message: i.message }));
  return new DomainError('invalid_input', 'Some fields need correcting.', { issues });
}

/** The errors of a refusal by control name: `patient.name.given.0` is the given-name control. */
export function fieldErrorsOf(error: DomainError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.field.replace(/(\.\d+|\[\d+\])+$/, '');
    errors[name] ??= issue.message;
  }
  return errors;
}

/** The refusals a page shows next to fields: bad input and clinical rules that name a field. */
export const isFieldError = (error: unknown): error is DomainError => error instanceof DomainError && (error.code === 'invalid_input' || error.code === 'unprocessable');
