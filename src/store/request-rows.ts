/** Converts between database rows and the domain's ConsultationRequest. */
import type { ConsultationRequest } from '../domain/request.js';
import { resourceVersionsOf } from '../domain/resource-versions.js';
import { consultationRequests } from './schema.js';

export type RequestRow = typeof consultationRequests.$inferSelect;
export type NewRequestRow = typeof consultationRequests.$inferInsert;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const date = (s: string | null): Date | null => (s ? new Date(s) : null);

export function toDomain(row: RequestRow): ConsultationRequest {
  return {
    id: row.id,
    reference: row.reference,
    version: row.version,
    state: row.state,
    organisationId: row.organisationId,
    requesterId: row.requesterId,
    requesterAsSent: row.requesterAsSent ?? null,
    serviceId: row.serviceId,
    assigneeId: row.assigneeId,
    patient: {
      identifier: { system: row.patientIdentifierSystem, value: row.patientIdentifierValue },
      name: { family: row.patientFamily, given: row.patientGiven },
      birthDate: row.patientBirthDate,
      sex: row.patientSex,
    },
    clinicalQuestion: row.clinicalQuestion,
    reason: { text: row.reasonText, codes: row.reasonCodes },
    priority: row.priority,
    requestedPriority: row.requestedPriority,
    requestedForm: row.requestedForm,
    agreedForm: row.agreedForm,
    consent: { given: row.consentGiven, recordedAt: row.consentRecordedAt ?? undefined },
    riskFlags: row.riskFlags,
    scores: {
      phq9Total: row.phq9Total ?? undefined,
      phq9Item9: row.phq9Item9 ?? undefined,
      gad7Total: row.gad7Total ?? undefined,
    },
    atRisk: row.atRisk,
    submittedAt: iso(row.submittedAt),
    dueAt: iso(row.dueAt),
    clockPausedAt: iso(row.clockPausedAt),
    firstResponseAt: iso(row.firstResponseAt),
    replacesId: row.replacesId,
    replacedById: row.replacedById,
    subSpecialty: row.subSpecialty,
    patientLanguage: row.patientLanguage,
    identifiers: row.identifiers,
    preserved: row.preserved,
    taskPreserved: row.taskPreserved,
    resourceVersions: resourceVersionsOf({ version: row.version, updatedAt: row.updatedAt.toISOString(), resourceVersions: row.resourceVersions }),
    appointment: row.appointment,
    proposedTimes: row.proposedTimes ?? null,
    outcome: row.outcome,
    authoredAt: row.authoredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toRow(r: ConsultationRequest): NewRequestRow {
  return {
    id: r.id,
    reference: r.reference,
    version: r.version,
    state: r.state,
    organisationId: r.organisationId,
    requesterId: r.requesterId,
    requesterAsSent: r.requesterAsSent,
    serviceId: r.serviceId,
    assigneeId: r.assigneeId,
    patientIdentifierSystem: r.patient.identifier.system,
    patientIdentifierValue: r.patient.identifier.value,
    patientFamily: r.patient.name.family,
    patientGiven: r.patient.name.given,
    patientBirthDate: r.patient.birthDate,
    patientSex: r.patient.sex,
    clinicalQuestion: r.clinicalQuestion,
    reasonText: r.reason.text,
    reasonCodes: r.reason.codes,
    priority: r.priority,
    requestedPriority: r.requestedPriority,
    requestedForm: r.requestedForm,
    agreedForm: r.agreedForm,
    consentGiven: r.consent.given,
    consentRecordedAt: r.consent.recordedAt ?? null,
    riskFlags: r.riskFlags,
    phq9Total: r.scores.phq9Total ?? null,
    phq9Item9: r.scores.phq9Item9 ?? null,
    gad7Total: r.scores.gad7Total ?? null,
    atRisk: r.atRisk,
    submittedAt: date(r.submittedAt),
    dueAt: date(r.dueAt),
    clockPausedAt: date(r.clockPausedAt),
    firstResponseAt: date(r.firstResponseAt),
    replacesId: r.replacesId,
    replacedById: r.replacedById,
    subSpecialty: r.subSpecialty,
    patientLanguage: r.patientLanguage,
    identifiers: r.identifiers,
    preserved: r.preserved,
    taskPreserved: r.taskPreserved,
    resourceVersions: r.resourceVersions,
    appointment: r.appointment,
    proposedTimes: r.proposedTimes,
    outcome: r.outcome,
    authoredAt: new Date(r.authoredAt),
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
  };
}
