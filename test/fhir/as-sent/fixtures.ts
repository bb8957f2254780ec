/**
 * ServiceRequests and Bundles the way practice systems export them: no Liaison extension or
 * code, the GP named by the EHR's own identifiers, the question in a note or the reason's text,
 * consent as a FHIR Consent resource. Each fixture is a function of what must be unique per test.
 */
import { LOINC, ORDER_SYSTEM, PATIENT_SYSTEM, uniqueValue, type Json } from '../helpers.js';

/** A national provider register (fictional), as an EHR names its GPs. */
export const NATIONAL_PROVIDER = 'https://national-provider-register.example.org/sid/provider-number';
/** A practice system's own code list for referrals. */
export const LOCAL_CODES = 'urn:oid:2.16.840.1.113883.2.4.3.99.5.1';
export const SNOMED = 'http://snomed.info/sct';

export interface AsSent {
  order: string;
  patient: string;
}

export const fresh = (): AsSent => ({ order: uniqueValue('EHR-ORD'), patient: uniqueValue('PAT') });

const patient = (value: string, id?: string): Json => ({
  resourceType: 'Patient',
  ...(id ? { id } : {}),
  identifier: [{ system: PATIENT_SYSTEM, value }],
  name: [{ family: 'Okonkwo', given: ['Adaeze'] }],
  gender: 'female',
  birthDate: '1979-02-11',
});

/** A Consent as EHRs record it: treatment scope, LOINC patient consent, an opt-in policy rule. */
export const consent = (patientRef: string, status = 'active', id?: string): Json => ({
  resourceType: 'Consent',
  ...(id ? { id } : {}),
  status,
  scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'treatment' }] },
  category: [{ coding: [{ system: LOINC, code: '59284-0', display: 'Patient Consent' }] }],
  patient: { reference: patientRef },
  dateTime: '2026-11-18T09:30:00+01:00',
  policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
});

const phq9 = (subject: string, value: number, id?: string): Json => ({
  resourceType: 'Observation',
  ...(id ? { id } : {}),
  status: 'final',
  code: { coding: [{ system: LOINC, code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' }] },
  subject: { reference: subject },
  valueInteger: value,
});

/** The shape every fixture shares: contained Patient and Consent, the EHR's order number. */
function exported(s: AsSent, rest: Json): Json {
  return {
    resourceType: 'ServiceRequest',
    contained: [patient(s.patient, 'pat1'), consent('#pat1', 'active', 'consent1')],
    identifier: [{ system: ORDER_SYSTEM, value: s.order }],
    status: 'active',
    intent: 'order',
    priority: 'routine',
    subject: { reference: '#pat1' },
    supportingInfo: [{ reference: '#consent1', display: 'Consent to shared care' }],
    ...rest,
  };
}

/** `code` as text only; the question in the first note; the GP by national provider number. */
export const textOnly = (s: AsSent, providerNumber: string): Json =>
  exported(s, {
    code: { text: 'Psychiatric consultation' },
    note: [{ text: 'Low mood for 6 months despite citalopram 20 mg. Please advise on next step.' }, { text: 'Patient prefers mornings.' }],
    requester: { identifier: { system: NATIONAL_PROVIDER, value: providerNumber }, display: 'Dr. A. Example' },
  });

/** Local codes only; the question in reasonCode.text; a GP Liaison does not know. */
export const localCodes = (s: AsSent, providerNumber: string): Json =>
  exported(s, {
    code: { coding: [{ system: LOCAL_CODES, code: 'VERW-PSY-07', display: 'Verwijzing consultatieve psychiatrie' }], text: 'Consultative psychiatry' },
    reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'F41.1' }], text: 'Generalised anxiety not responding to CBT: medication options?' }],
    requester: { identifier: { system: NATIONAL_PROVIDER, value: providerNumber }, display: 'Dr. Locum Unknown' },
  });

/** A SNOMED CT code Liaison maps (video consultation); no requester at all. */
export const snomedNoRequester = (s: AsSent): Json =>
  exported(s, {
    code: { coding: [{ system: SNOMED, code: '719410009', display: 'Consultation via video conference (procedure)' }] },
    note: [{ text: 'Possible bipolar II disorder: joint assessment by video please.' }],
  });

const urn = () => `urn:uuid:${crypto.randomUUID()}`;

/** A transaction with Patient, Consent and a PHQ-9 Observation as entries, referenced by urn:uuid. */
export function transactionWithSupport(s: AsSent, providerNumber: string): Json {
  const [p, c, o, r] = [urn(), urn(), urn(), urn()];
  const { contained: _c, ...request } = textOnly(s, providerNumber);
  const entry = (fullUrl: string, resource: Json) => ({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      entry(p, patient(s.patient)),
      entry(c, consent(p)),
      entry(o, phq9(p, 14)),
      entry(r, { ...request, subject: { reference: p }, supportingInfo: [{ reference: c }, { reference: o }] }),
    ],
  };
}
