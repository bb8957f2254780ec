/**
 * ConsultationRequest → ServiceRequest (https://hl7.org/fhir/R4/servicerequest.html).
 * Elements an EHR sent that Liaison does not interpret come back unchanged from `preserved`;
 * the elements Liaison owns are written over them.
 */
import type { ConsultationRequest } from '../../domain/request.js';
import { CODE_SYSTEM, EXTENSION, LOINC, PROFILE, REFERENCE_SYSTEM, SCORE_CODES } from '../canonical.js';
import { serviceRequestStatus } from '../status-map.js';
import type { Json, Resource } from '../types.js';

export interface RequestNamesForFhir {
  requesterName?: string;
  serviceName?: string;
}

const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

export function patientResource(r: ConsultationRequest, id: string): Resource {
  const p = r.patient;
  return {
    resourceType: 'Patient',
    id,
    identifier: [{ system: p.identifier.system, value: p.identifier.value }],
    name: [{ family: p.name.family, ...(p.name.given.length ? { given: p.name.given } : {}) }],
    gender: p.sex,
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
  };
}

function scoreObservations(r: ConsultationRequest): Resource[] {
  const out: Resource[] = [];
  for (const key of ['phq9Total', 'phq9Item9', 'gad7Total'] as const) {
    const value = r.scores[key];
    if (value === undefined) continue;
    out.push({
      resourceType: 'Observation',
      id: `liaison-${key}`,
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey' }] }],
      code: { coding: [{ system: LOINC, ...SCORE_CODES[key] }] },
      subject: { reference: '#liaison-patient' },
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

export function toServiceRequest(r: ConsultationRequest, names: RequestNamesForFhir = {}): Resource {
  const kept = r.preserved ?? {};
  const observations = scoreObservations(r);
  const identifiers = kept.identifier !== undefined ? arr(kept.identifier) : r.identifiers.map((i) => ({ system: i.system, value: i.value }));
  const reason = r.reason.text || r.reason.codes.length ? [{ ...(r.reason.codes.length ? { coding: r.reason.codes } : {}), ...(r.reason.text ? { text: r.reason.text } : {}) }] : [];
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    meta: { versionId: String(r.version), lastUpdated: r.updatedAt, profile: [PROFILE.serviceRequest] },
    ...kept,
    contained: [patientResource(r, 'liaison-patient'), ...observations, ...arr(kept.contained)],
    extension: [...arr(kept.extension), ...ourExtensions(r)],
    identifier: [...identifiers, { use: 'secondary', system: REFERENCE_SYSTEM, value: r.reference }],
    ...(r.replacesId ? { replaces: [{ reference: `ServiceRequest/${r.replacesId}` }] } : {}),
    status: serviceRequestStatus(r),
    intent: 'order',
    priority: r.priority,
    code: { coding: [{ system: CODE_SYSTEM.consultationForm, code: r.requestedForm }] },
    subject: { reference: '#liaison-patient', display: [...r.patient.name.given, r.patient.name.family].join(' ') },
    authoredOn: r.submittedAt ?? r.createdAt,
    requester: { reference: `Practitioner/${r.requesterId}`, ...(names.requesterName ? { display: names.requesterName } : {}) },
    performer: [{ reference: `HealthcareService/${r.serviceId}`, ...(names.serviceName ? { display: names.serviceName } : {}) }],
    ...(reason.length ? { reasonCode: reason } : {}),
    ...(observations.length || kept.supportingInfo
      ? { supportingInfo: [...arr(kept.supportingInfo), ...observations.map((o) => ({ reference: `#${o.id}` }))] }
      : {}),
  };
}
