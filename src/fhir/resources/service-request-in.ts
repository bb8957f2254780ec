/**
 * ServiceRequest → the request use cases' input. Runs after validation against the R4
 * definitions, so shapes are right; this enforces Liaison's profile and keeps every element
 * it does not interpret in `preserved` (nothing the EHR sent is lost).
 */
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { referencedId } from '../../domain/ids.js';
import { PRIORITIES, RISK_FLAGS, SEXES, USER_EMAIL_SYSTEM, type Identifier, type Patient, type Priority, type RiskFlag, type Sex, type SupportingScores } from '../../domain/request.js';
import type { CreateInput } from '../../services/inputs.js';
import { CODE_SYSTEM, EXTENSION, LOINC, REFERENCE_SYSTEM, SCORE_CODES } from '../canonical.js';
import { numberOf } from '../decimals.js';
import { refuseUnknownModifiers } from '../modifiers.js';
import { arr, isObject, str, type Json } from '../types.js';
import { CONSENT_REQUIRED, consentOf } from './consent-in.js';
import { requestedFormOf } from './consultation-form-codes.js';
import { requesterOf, type RequesterIn } from './requester.js';
import { SERVICE_REQUEST_PATH } from './service-request-paths.js';
import { patientLanguageOf, subSpecialtyOf } from './sub-specialty-language.js';

/** Identifies a Liaison user in a logical Practitioner reference. */
export { USER_EMAIL_SYSTEM };

export interface ServiceRequestInput {
  input: CreateInput;
  /** The ServiceRequest.status the requester asks for (on create: `draft`, or `active` to submit). */
  status: string;
  /** A literal or logical reference to the requesting practitioner, resolved by the use case. */
  requester: RequesterIn;
}

// Elements Liaison owns and rebuilds. The subject, code, reasonCode, contained resources and
// supportingInfo are kept as sent (what Liaison reads from them is refreshed on output), and so
// are meta.security and meta.tag: nothing the EHR sent is lost.
// authoredOn is read (as an instant) and also kept as written: its precision and offset are the EHR's.
const OWNED = ['id', 'meta', 'text', 'status', 'intent', 'priority', 'requester', 'performer', 'replaces'];
const ours = (url: unknown) => typeof url === 'string' && Object.values(EXTENSION).includes(url as never);

export function fromServiceRequest(sr: Json, mode: 'create' | 'update' = 'create'): ServiceRequestInput {
  refuseUnknownModifiers(sr, 'ServiceRequest');
  const issues: FieldIssue[] = [];
  const fail = (field: string, message: string, code = 'value') => issues.push({ field: field.startsWith('ServiceRequest.') ? field : `ServiceRequest.${field}`, message, code });

  const status = str(sr.status);
  if (mode === 'create' && status !== 'draft' && status !== 'active') fail('status', "A new consultation request is 'draft' or 'active' (submit at once).", 'business-rule');
  if (sr.intent !== 'order') fail('intent', "Liaison accepts consultation requests with intent 'order'.", 'business-rule');
  // What the GP asked for: a request Liaison raised for risk says so in requested-priority.
  const requested = str(arr(sr.extension).find((e) => e.url === EXTENSION.requestedPriority)?.valueCode);
  const priority = (requested ?? str(sr.priority) ?? 'routine') as Priority;
  if (!PRIORITIES.includes(priority)) fail('priority', 'Priority must be routine, urgent, asap or stat.', 'code-invalid');

  const form = requestedFormOf(sr.code as Json | undefined);
  if ('error' in form) fail(SERVICE_REQUEST_PATH.code, form.error, 'code-invalid');
  const requestedForm = 'form' in form ? form.form : 'unspecified';

  const contained = arr(sr.contained);
  const containedById = new Map(contained.filter((c) => typeof c.id === 'string').map((c) => [`#${c.id as string}`, c]));
  const patient = subjectOf(sr.subject as Json | undefined, containedById, fail);
  const scores = scoresOf(arr(sr.supportingInfo), containedById, fail);

  const extensions = arr(sr.extension);
  // The question where EHRs put it: Liaison's extension, else the first note, else the reason's text.
  const firstReason = arr(sr.reasonCode)[0];
  const clinicalQuestion = [str(extensions.find((e) => e.url === EXTENSION.clinicalQuestion)?.valueString), str(arr(sr.note)[0]?.text), str(firstReason?.text)].find((q) => q?.trim()) ?? '';
  if (!clinicalQuestion.trim()) {
    fail('note', 'A clinical question is required: put it in the first note (note[0].text), in reasonCode.text, or in the clinical-question extension.', 'required');
  }
  const consent = consentOf(sr, containedById);
  if (status === 'active' && !consent.given) fail(SERVICE_REQUEST_PATH.consent, CONSENT_REQUIRED, 'required');
  const riskFlags: RiskFlag[] = [];
  for (const e of extensions.filter((x) => x.url === EXTENSION.riskFlag)) {
    const coding = e.valueCoding as Json | undefined;
    const code = str(coding?.code) as RiskFlag | undefined;
    if (coding?.system === CODE_SYSTEM.riskFlag && code && RISK_FLAGS.includes(code)) riskFlags.push(code);
    else fail(SERVICE_REQUEST_PATH.riskFlag, `Unknown risk flag; use a code from ${CODE_SYSTEM.riskFlag}.`, 'code-invalid');
  }

  const reason = arr(sr.reasonCode)[0];
  const codes = arr(reason?.coding).map((c) => ({ system: str(c.system) ?? '', code: str(c.code) ?? '', display: str(c.display) }));
  const identifiers: Identifier[] = arr(sr.identifier)
    .filter((i) => i.system !== REFERENCE_SYSTEM && typeof i.value === 'string')
    .map((i) => ({ system: str(i.system) ?? '', value: i.value as string }));

  const performer = str(arr(sr.performer)[0]?.reference);
  const serviceId = performer ? referencedId(performer, 'HealthcareService') : undefined;
  if (performer && !serviceId) fail('performer', 'The performer is a Liaison consulting service: HealthcareService/{id}.', 'value');

  const subSpecialty = subSpecialtyOf(sr, fail);
  const patientLanguage = patientLanguageOf(sr, fail);
  const requester = requesterOf(sr.requester as Json | undefined, containedById, fail);
  checkLengths({ patient, identifiers, clinicalQuestion, reasonText: str(reason?.text) ?? '' }, fail);
  const authored = authoredAt(sr.authoredOn, fail);
  if (issues.length) throw new DomainError('unprocessable', 'The ServiceRequest does not meet the Liaison profile.', { issues });

  const preserved: Json = Object.fromEntries(Object.entries(sr).filter(([k]) => !OWNED.includes(k) && k !== 'resourceType'));
  setOrDrop(preserved, 'extension', extensions.filter((e) => !ours(e.url)));
  setOrDrop(preserved, 'identifier', arr(sr.identifier).filter((i) => i.system !== REFERENCE_SYSTEM));
  const meta = isObject(sr.meta) ? sr.meta : {};
  const labels = Object.fromEntries(Object.entries(meta).filter(([k]) => k === 'security' || k === 'tag'));
  if (Object.keys(labels).length) preserved.meta = labels;
  // A requester named by identifier or as a contained Practitioner is kept as sent (see requester-in.ts).
  if (requester && 'named' in requester) preserved.requester = sr.requester;

  return {
    status: status ?? '',
    requester,
    input: {
      patient: patient!,
      clinicalQuestion: clinicalQuestion.trim(),
      reason: { text: str(reason?.text) ?? '', codes },
      priority,
      requestedForm,
      consent,
      riskFlags,
      scores,
      serviceId,
      subSpecialty,
      patientLanguage,
      authoredAt: authored,
      identifiers,
      preserved: Object.keys(preserved).length ? preserved : null,
    },
  };
}

/** The EHR's authoredOn as an instant, if it names one (a leap second or year 0 does not). */
function authoredAt(value: unknown, fail: (f: string, m: string, c?: string) => void): string | undefined {
  if (typeof value !== 'string') return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1970 || at.getUTCFullYear() > 9999) {
    fail('authoredOn', 'authoredOn must be an instant between 1970 and 9999.', 'value');
    return undefined;
  }
  return at.toISOString();
}

/** Lengths Liaison stores and indexes; a longer value is refused rather than cut. */
const LIMITS = { system: 500, value: 200, name: 200, question: 4000 };

function checkLengths(input: { patient?: Patient | undefined; identifiers: Identifier[]; clinicalQuestion: string; reasonText: string }, fail: (f: string, m: string, c?: string) => void): void {
  const long = (s: string | undefined, max: number) => s !== undefined && s.length > max;
  const p = input.patient;
  if (p && (long(p.identifier.system, LIMITS.system) || long(p.identifier.value, LIMITS.value))) fail('subject', `A patient identifier's system is at most ${LIMITS.system} characters, its value ${LIMITS.value}.`, 'too-long');
  if (p && (long(p.name.family, LIMITS.name) || p.name.given.some((g) => long(g, LIMITS.name)))) fail('subject', `Patient names are at most ${LIMITS.name} characters.`, 'too-long');
  if (input.identifiers.some((i) => long(i.system, LIMITS.system) || long(i.value, LIMITS.value))) fail('identifier', `An identifier's system is at most ${LIMITS.system} characters, its value ${LIMITS.value}.`, 'too-long');
  if (long(input.clinicalQuestion, LIMITS.question) || long(input.reasonText, LIMITS.question)) fail('extension', `The clinical question and reason are at most ${LIMITS.question} characters.`, 'too-long');
}

function setOrDrop(target: Json, key: string, value: Json[]): void {
  if (value.length) target[key] = value;
  else delete target[key];
}

function subjectOf(subject: Json | undefined, contained: Map<string, Json>, fail: (f: string, m: string, c?: string) => void): Patient | undefined {
  const ref = str(subject?.reference);
  if (ref?.startsWith('#')) {
    const p = contained.get(ref);
    if (!p || p.resourceType !== 'Patient') {
      fail('subject', `The subject ${ref} is not a contained Patient.`, 'value');
      return undefined;
    }
    const identifier = arr(p.identifier).find((i) => typeof i.value === 'string');
    const name = arr(p.name)[0];
    if (!identifier) fail('contained.Patient.identifier', 'The patient needs an identifier (system and value).', 'required');
    if (!str(name?.family) && !arr(name?.given).length && !str(name?.text)) fail('contained.Patient.name', 'The patient needs a name.', 'required');
    const gender = (str(p.gender) ?? 'unknown') as Sex;
    const patient: Patient = {
      identifier: { system: str(identifier?.system) ?? '', value: str(identifier?.value) ?? '' },
      name: { family: str(name?.family) ?? str(name?.text) ?? '', given: arr(name?.given) as unknown as string[] },
      birthDate: str(p.birthDate) ?? null,
      sex: SEXES.includes(gender) ? gender : 'unknown',
    };
    return patient;
  }
  const identifier = subject?.identifier as Json | undefined;
  if (!ref && identifier && typeof identifier.value === 'string') {
    // A logical reference: the EHR need not upload a Patient first. Birth date and sex stay unknown.
    const display = str(subject?.display);
    if (!display) fail('subject.display', 'A logical patient reference needs a display name.', 'required');
    return { identifier: { system: str(identifier.system) ?? '', value: identifier.value }, name: { family: display ?? '', given: [] }, birthDate: null, sex: 'unknown' };
  }
  fail('subject', 'Name the patient as a contained Patient (#id) or by a logical reference (identifier and display).', 'required');
  return undefined;
}

const SCORE_MAX = { phq9Total: 27, phq9Item9: 3, gad7Total: 21 } as const;

function scoresOf(supportingInfo: Json[], contained: Map<string, Json>, fail: (f: string, m: string, c?: string) => void): SupportingScores {
  const values: SupportingScores = {};
  for (const info of supportingInfo) {
    const ref = str(info.reference);
    const obs = ref ? contained.get(ref) : undefined;
    if (!obs || obs.resourceType !== 'Observation') continue;
    const coding = arr((obs.code as Json | undefined)?.coding).find((c) => c.system === LOINC);
    const key = (Object.keys(SCORE_CODES) as (keyof typeof SCORE_CODES)[]).find((k) => SCORE_CODES[k].code === coding?.code);
    const value = numberOf(obs.valueInteger) ?? numberOf((obs.valueQuantity as Json | undefined)?.value);
    if (!key || value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || value > SCORE_MAX[key]) {
      const what = Number.isInteger(value) ? `${value} is outside 0–${SCORE_MAX[key]}` : `${value} is not a whole number (0–${SCORE_MAX[key]})`;
      fail('supportingInfo', `${SCORE_CODES[key].display}: ${what}.`, 'value');
      continue;
    }
    values[key] = value;
  }
  return values;
}
