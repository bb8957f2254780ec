/**
 * ConsultationRequest → ServiceRequest (https://hl7.org/fhir/R4/servicerequest.html).
 * Elements an EHR sent that Liaison does not interpret come back unchanged from `preserved`;
 * the elements Liaison owns are written over them.
 */
import type { ConsultationRequest } from '../../domain/request.js';
import { CODE_SYSTEM, EXTENSION, LOINC, PROFILE, REFERENCE_SYSTEM, SCORE_CODES } from '../canonical.js';
import { numberOf } from '../decimals.js';
import { serviceRequestStatus } from '../status-map.js';
import { requesterReference } from './requester.js';
import { languageExtension, performerTypeOf, withLanguage } from './sub-specialty-language.js';
import { arr, str, type Json, type Resource } from '../types.js';

export interface RequestNamesForFhir {
  requesterName?: string | null;
  serviceName?: string;
}


/** An identifier or coding without an empty system: R4 has no empty strings. */
export const identifierOf = (i: { system: string; value: string }): Json => ({ ...(i.system ? { system: i.system } : {}), value: i.value });
const codingOf = (c: { system: string; code: string; display?: string | undefined }): Json => ({
  ...(c.system ? { system: c.system } : {}),
  code: c.code,
  ...(c.display ? { display: c.display } : {}),
});

export function patientResource(r: ConsultationRequest, id: string): Resource {
  const p = r.patient;
  const patient = {
    resourceType: 'Patient',
    id,
    identifier: [identifierOf(p.identifier)],
    name: [{ family: p.name.family, ...(p.name.given.length ? { given: p.name.given } : {}) }],
    gender: p.sex,
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
  };
  return withLanguage(patient, r.patientLanguage) as Resource;
}

type ScoreKey = keyof typeof SCORE_CODES;
const SCORE_KEYS = Object.keys(SCORE_CODES) as ScoreKey[];

const scoreKeyOf = (resource: Json): ScoreKey | undefined => {
  if (resource.resourceType !== 'Observation') return undefined;
  const coding = arr((resource.code as Json | undefined)?.coding).find((c) => c.system === LOINC);
  return SCORE_KEYS.find((k) => SCORE_CODES[k].code === coding?.code);
};

function scoreObservations(r: ConsultationRequest, skip: ReadonlySet<ScoreKey> = new Set(), patientRef = '#liaison-patient'): Resource[] {
  const out: Resource[] = [];
  for (const key of SCORE_KEYS) {
    const value = r.scores[key];
    if (value === undefined || skip.has(key)) continue;
    out.push({
      resourceType: 'Observation',
      id: `liaison-${key}`,
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }],
      code: { coding: [{ system: LOINC, ...SCORE_CODES[key] }] },
      subject: { reference: patientRef },
      valueInteger: value,
    });
  }
  return out;
}

function ourExtensions(r: ConsultationRequest): Json[] {
  return [
    { url: EXTENSION.clinicalQuestion, valueString: r.clinicalQuestion },
    {
      url: EXTENSION.consent,
      extension: [
        { url: 'given', valueBoolean: r.consent.given },
        ...(r.consent.recordedAt ? [{ url: 'recordedAt', valueDate: r.consent.recordedAt }] : []),
      ],
    },
    ...r.riskFlags.map((flag) => ({ url: EXTENSION.riskFlag, valueCoding: { system: CODE_SYSTEM.riskFlag, code: flag } })),
    ...(r.requestedPriority !== r.priority ? [{ url: EXTENSION.requestedPriority, valueCode: r.requestedPriority }] : []),
    ...(r.agreedForm ? [{ url: EXTENSION.agreedForm, valueCoding: { system: CODE_SYSTEM.consultationForm, code: r.agreedForm } }] : []),
  ];
}

/**
 * Whether the subject the EHR sent still names the request's patient. A GP may have corrected the
 * patient in Liaison since; then Liaison's own rendering of the patient is the truth.
 */
function stillNamesPatient(r: ConsultationRequest, kept: Json): boolean {
  const subject = kept.subject as Json;
  const ref = str(subject.reference);
  const identifier = ref?.startsWith('#')
    ? arr(arr(kept.contained).find((c) => `#${String(c.id)}` === ref)?.identifier)[0]
    : (subject.identifier as Json | undefined);
  return (str(identifier?.system) ?? '') === r.patient.identifier.system && str(identifier?.value) === r.patient.identifier.value;
}

/**
 * The subject, contained resources and supportingInfo as the EHR sent them, with what Liaison
 * reads from them (patient demographics, scores) brought up to date.
 */
function asSent(r: ConsultationRequest, kept: Json): Json {
  const subject = kept.subject as Json;
  const patientRef = typeof subject.reference === 'string' ? subject.reference : undefined;
  const dropped = new Set<string>();
  const seen = new Set<ScoreKey>();
  const contained = arr(kept.contained).flatMap((c): Json[] => {
    if (patientRef === `#${String(c.id)}` && c.resourceType === 'Patient') {
      const p = r.patient;
      const [firstName, ...otherNames] = arr(c.name);
      const [, ...otherIds] = arr(c.identifier);
      const { birthDate: _birthDate, ...rest } = c;
      const patient = {
        ...rest,
        identifier: [{ ...arr(c.identifier)[0], ...identifierOf(p.identifier) }, ...otherIds],
        name: [{ ...firstName, family: p.name.family, ...(p.name.given.length ? { given: p.name.given } : {}) }, ...otherNames],
        gender: p.sex,
        ...(p.birthDate ? { birthDate: p.birthDate } : {}),
      };
      return [withLanguage(patient, r.patientLanguage)];
    }
    const key = scoreKeyOf(c);
    if (!key) return [c];
    const value = r.scores[key];
    if (value === undefined) {
      dropped.add(`#${String(c.id)}`);
      return [];
    }
    seen.add(key);
    // As sent (a Quantity, `14.0`) while it still says the score Liaison holds; else the score.
    if ((numberOf(c.valueInteger) ?? numberOf((c.valueQuantity as Json | undefined)?.value)) === value) return [c];
    const { valueQuantity: _quantity, ...rest } = c;
    return [{ ...rest, valueInteger: value }];
  });
  const added = scoreObservations(r, seen, patientRef);
  const supportingInfo = [...arr(kept.supportingInfo).filter((s) => !dropped.has(String(s.reference))), ...added.map((o) => ({ reference: `#${o.id}` }))];
  const all = [...contained, ...added];
  // Undefined members replace what toServiceRequest generated and vanish in JSON (R4 has no empty arrays).
  // A logical subject shows the patient's name as Liaison now has it.
  const shown = patientRef ? subject : { ...subject, display: [...r.patient.name.given, r.patient.name.family].join(' ') };
  return { contained: all.length ? all : undefined, subject: shown, supportingInfo: supportingInfo.length ? supportingInfo : undefined };
}

/** The code as the EHR sent it (other codings, text), its consultation-form coding kept current. */
function codeOf(r: ConsultationRequest, sent: Json | undefined): Json {
  if (!sent) return { coding: [{ system: CODE_SYSTEM.consultationForm, code: r.requestedForm }] };
  const codings = arr(sent.coding);
  // A form Liaison could not read stays exactly as sent until the EHR or the GP names one.
  if (r.requestedForm === 'unspecified' && !codings.some((c) => c.system === CODE_SYSTEM.consultationForm)) return sent;
  const current = codings.some((c) => c.system === CODE_SYSTEM.consultationForm && c.code === r.requestedForm);
  if (current) return sent;
  const others = codings.filter((c) => c.system !== CODE_SYSTEM.consultationForm);
  return { ...sent, coding: [{ system: CODE_SYSTEM.consultationForm, code: r.requestedForm }, ...others] };
}

/** Every reasonCode the EHR sent; the first one (the one Liaison reads) kept current. */
function reasonCodeOf(r: ConsultationRequest, ours: Json[], sent: Json[]): Json {
  if (!sent.length) return ours.length ? { reasonCode: ours } : {};
  const [first, ...rest] = sent;
  const read = { text: typeof first!.text === 'string' ? first!.text : '', codes: arr(first!.coding).map((c) => `${String(c.system)}|${String(c.code)}`) };
  const unchanged = read.text === r.reason.text && JSON.stringify(read.codes) === JSON.stringify(r.reason.codes.map((c) => `${c.system}|${c.code}`));
  const head = unchanged ? [first!] : ours;
  return head.length || rest.length ? { reasonCode: [...head, ...rest] } : {};
}

/**
 * A dateTime as the EHR wrote it (a date, a month, an offset) while it still names the instant
 * Liaison holds; else that instant. https://hl7.org/fhir/R4/datatypes.html#dateTime
 */
function asWritten(sent: unknown, instant: string): string {
  return typeof sent === 'string' && new Date(sent).getTime() === new Date(instant).getTime() ? sent : instant;
}

export function toServiceRequest(r: ConsultationRequest, names: RequestNamesForFhir = {}): Resource {
  const kept = r.preserved ?? {};
  const observations = scoreObservations(r);
  const fromEhr = kept.subject !== undefined && stillNamesPatient(r, kept) ? asSent(r, kept) : null;
  // The identifiers as sent, unless they were changed in Liaison since.
  const sentIdentifiers = arr(kept.identifier);
  const sameIdentifiers = JSON.stringify(sentIdentifiers.map((i) => `${String(i.system ?? '')}|${String(i.value)}`)) === JSON.stringify(r.identifiers.map((i) => `${i.system}|${i.value}`));
  const identifiers = kept.identifier !== undefined && sameIdentifiers ? sentIdentifiers : r.identifiers.map((i) => ({ ...(i.system ? { system: i.system } : {}), value: i.value }));
  const reason = r.reason.text || r.reason.codes.length ? [{ ...(r.reason.codes.length ? { coding: r.reason.codes.map(codingOf) } : {}), ...(r.reason.text ? { text: r.reason.text } : {}) }] : [];
  const labels = (kept.meta ?? {}) as Json;
  // A patient named by a logical reference has no Patient to carry the language: the extension does.
  const logicalSubject = fromEhr !== null && typeof (kept.subject as Json).reference !== 'string';
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    ...kept,
    // Versioned by its own content (domain/resource-versions.ts): a Task move or a message is not a new ServiceRequest.
    meta: { versionId: String(r.resourceVersions.serviceRequest.version), lastUpdated: r.resourceVersions.serviceRequest.at, profile: [PROFILE.serviceRequest], ...labels },
    contained: [patientResource(r, 'liaison-patient'), ...observations],
    extension: [...arr(kept.extension), ...ourExtensions(r), ...(logicalSubject ? languageExtension(r.patientLanguage) : [])],
    identifier: [...identifiers, { use: 'secondary', system: REFERENCE_SYSTEM, value: r.reference }],
    ...(r.replacesId ? { replaces: [{ reference: `ServiceRequest/${r.replacesId}` }] } : {}),
    status: serviceRequestStatus(r),
    intent: 'order',
    priority: r.priority,
    code: codeOf(r, kept.code as Json | undefined),
    subject: { reference: '#liaison-patient', display: [...r.patient.name.given, r.patient.name.family].join(' ') },
    authoredOn: asWritten(kept.authoredOn, r.authoredAt),
    requester: requesterReference(r, names.requesterName, kept.requester as Json | undefined),
    performer: [{ reference: `HealthcareService/${r.serviceId}`, ...(names.serviceName ? { display: names.serviceName } : {}) }],
    performerType: performerTypeOf(r, kept.performerType as Json | undefined),
    ...reasonCodeOf(r, reason, arr(kept.reasonCode)),
    ...(observations.length ? { supportingInfo: observations.map((o) => ({ reference: `#${o.id}` })) } : {}),
    ...fromEhr,
  };
}
