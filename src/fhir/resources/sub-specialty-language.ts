/**
 * The sub-specialty a request calls for and the patient's language, in and out of a ServiceRequest.
 * Sub-specialty: `performerType` (R4: the desired type of performer) with a coding of Liaison's
 * sub-specialty CodeSystem; the EHR's other codings and text are kept. Language: the contained
 * Patient's `communication` (the preferred one, else the first), a BCP 47 coding; for a patient named
 * by a logical reference, which has no Patient to carry it, the patient-language extension.
 */
import { LANGUAGE_TAG, SUB_SPECIALTIES, type ConsultationRequest, type SubSpecialty } from '../../domain/request.js';
import { BCP47, CODE_SYSTEM, EXTENSION } from '../canonical.js';
import { arr, str, type Json } from '../types.js';
import { SERVICE_REQUEST_PATH } from './service-request-paths.js';

type Fail = (field: string, message: string, code?: string) => void;

const isOurs = (c: Json) => c.system === CODE_SYSTEM.subSpecialty;

/** The sub-specialty named in performerType; a code Liaison does not know is a 422. */
export function subSpecialtyOf(sr: Json, fail: Fail): SubSpecialty | null {
  const codes = arr((sr.performerType as Json | undefined)?.coding).filter(isOurs).map((c) => str(c.code) ?? '');
  const unknown = codes.find((c) => !SUB_SPECIALTIES.includes(c as SubSpecialty));
  if (unknown !== undefined) {
    fail(SERVICE_REQUEST_PATH.subSpecialty, `'${unknown}' is not a Liaison sub-specialty; use one of ${SUB_SPECIALTIES.join(', ')} (${CODE_SYSTEM.subSpecialty}).`, 'code-invalid');
    return null;
  }
  if (new Set(codes).size > 1) {
    fail(SERVICE_REQUEST_PATH.subSpecialty, 'Name one sub-specialty per request.', 'value');
    return null;
  }
  return (codes[0] as SubSpecialty | undefined) ?? null;
}

/** performerType as the EHR sent it, its sub-specialty coding kept current; undefined when there is nothing to show. */
export function performerTypeOf(r: Pick<ConsultationRequest, 'subSpecialty'>, sent: Json | undefined): Json | undefined {
  const codings = arr(sent?.coding);
  const ours = codings.filter(isOurs);
  if (ours.length === 1 && ours[0]!.code === r.subSpecialty) return sent;
  if (!ours.length && r.subSpecialty === null) return sent;
  const others = codings.filter((c) => !isOurs(c));
  const coding = [...(r.subSpecialty ? [{ system: CODE_SYSTEM.subSpecialty, code: r.subSpecialty }] : []), ...others];
  const { coding: _coding, ...rest } = sent ?? {};
  const shown = { ...rest, ...(coding.length ? { coding } : {}) };
  return Object.keys(shown).length ? shown : undefined;
}

/** A language tag as Liaison keeps it: the primary language in lower case (`EN-GB` → `en-GB`). */
const normalised = (tag: string) => tag.replace(/^[A-Za-z]+/, (primary) => primary.toLowerCase());
const sameTag = (a: string | null, b: string | null) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

const readable = (c: Json) => c.system === BCP47 || c.system === undefined;
const codingsOf = (entry: Json | undefined) => arr((entry?.language as Json | undefined)?.coding);

/**
 * Where a Patient names its language: the preferred communication, else the first that has a
 * BCP 47 coding (or a coding with no system); null when none does.
 */
function languageCoding(patient: Json | undefined): { entry: number; coding: number; code: string | undefined } | null {
  const communication = arr(patient?.communication);
  const preferred = communication.findIndex((c) => c.preferred === true);
  const entry = preferred >= 0 ? preferred : communication.findIndex((c) => codingsOf(c).some(readable));
  const coding = entry >= 0 ? codingsOf(communication[entry]).findIndex(readable) : -1;
  return coding >= 0 ? { entry, coding, code: str(codingsOf(communication[entry])[coding]!.code) } : null;
}

/**
 * The patient's language: the contained Patient's communication, else the patient-language
 * extension. A value that is not a BCP 47 tag is a 422 naming where it was found.
 */
export function patientLanguageOf(sr: Json, fail: Fail): string | null {
  const contained = arr(sr.contained);
  const ref = str((sr.subject as Json | undefined)?.reference);
  const index = ref?.startsWith('#') ? contained.findIndex((c) => c.resourceType === 'Patient' && `#${String(c.id)}` === ref) : -1;
  const found = index >= 0 ? languageCoding(contained[index]) : null;
  if (found) {
    const path = `ServiceRequest.contained[${index}].communication[${found.entry}].language.coding[${found.coding}].code`;
    return checked(found.code, path, fail);
  }
  const extension = arr(sr.extension).find((e) => e.url === EXTENSION.patientLanguage);
  return extension ? checked(str(extension.valueCode), SERVICE_REQUEST_PATH.patientLanguage, fail) : null;
}

function checked(code: string | undefined, path: string, fail: Fail): string | null {
  if (code && LANGUAGE_TAG.test(normalised(code))) return normalised(code);
  fail(path, `The patient's language must be a BCP 47 language tag such as tr or pt-BR (system ${BCP47}).`, 'code-invalid');
  return null;
}

/** A Patient (as sent, or Liaison's own) naming the request's language: unchanged when it already does. */
export function withLanguage(patient: Json, language: string | null): Json {
  const found = languageCoding(patient);
  if (sameTag(found?.code ?? null, language)) return patient;
  // Entries that name a language Liaison reads give way to the current one; others (text only, other systems) stay, not preferred.
  const others = arr(patient.communication)
    .filter((c) => !codingsOf(c).some(readable))
    .map(({ preferred: _preferred, ...rest }) => rest);
  const communication = [...(language ? [{ language: { coding: [{ system: BCP47, code: language }] }, preferred: true }] : []), ...others];
  const { communication: _communication, ...rest } = patient;
  return { ...rest, ...(communication.length ? { communication } : {}) };
}

/** The patient-language extension, for a patient named by a logical reference. */
export const languageExtension = (language: string | null): Json[] => (language ? [{ url: EXTENSION.patientLanguage, valueCode: language }] : []);
