/** What a consultation request is, in the clinic's words. Pure types and rules, no I/O. */
import type { RequestState } from './lifecycle.js';
import type { ResourceVersions } from './resource-versions.js';
import type { Appointment } from './appointment.js';
import type { TimesProposal } from './proposed-times.js';
import type { RequestOutcome } from './outcome.js';

export const PRIORITIES = ['routine', 'urgent', 'asap', 'stat'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Forms of consultation a GP can ask for and a psychiatrist can agree to. */
export const CONSULTATION_FORMS = [
  'joint-in-person',
  'joint-video',
  'advice-only',
  'case-discussion',
  'clinic-visit',
] as const;
export type ConsultationForm = (typeof CONSULTATION_FORMS)[number];

/**
 * What a GP may ask for: one of the forms, or `unspecified` when the requesting system named a
 * form Liaison does not know (text only, local codes). The psychiatrist then chooses the form
 * when accepting; a request is never agreed as `unspecified`.
 */
export const REQUESTED_FORMS = [...CONSULTATION_FORMS, 'unspecified'] as const;
export type RequestedForm = (typeof REQUESTED_FORMS)[number];

/** The identifier system under which every user's e-mail address names them (FHIR Practitioner.identifier). */
export const USER_EMAIL_SYSTEM = 'https://liaison.example.org/fhir/sid/user-email';

export const RISK_FLAGS = [
  'suicidal-ideation',
  'self-harm',
  'harm-to-others',
  'psychosis',
  'safeguarding',
  'severe-self-neglect',
] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

/** Why a consultant declines a request; the advice that goes with it is free text. */
export const DECLINE_REASONS = [
  'manageable-in-primary-care',
  'not-enough-information',
  'better-served-elsewhere',
  'outside-service-scope',
  'duplicate',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** What came of a consultation: who carries the care on. */
export const OUTCOME_CODES = [
  'managed-in-primary-care-with-advice',
  'joint-follow-up',
  'referred-to-specialist-team',
  'crisis-pathway',
  'other',
] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

/** Fields of psychiatry a request may call for, so it reaches a psychiatrist who practises it. */
export const SUB_SPECIALTIES = [
  'perinatal',
  'old-age',
  'child-and-adolescent',
  'addiction',
  'eating-disorders',
  'neurodevelopmental',
  'psychosis',
  'personality-disorders',
  'neuropsychiatry',
  'trauma',
] as const;
export type SubSpecialty = (typeof SUB_SPECIALTIES)[number];

/** A BCP 47 language tag as Liaison takes it: a primary language (`tr`) and optional subtags (`pt-BR`). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export interface Coding {
  system: string;
  code: string;
  display?: string | undefined;
}

export interface Identifier {
  system: string;
  value: string;
}

/** The minimum the consultant needs to know who the patient is. Never logged, never emailed. */
export interface Patient {
  identifier: { system: string; value: string };
  name: { family: string; given: string[] };
  /** Unknown when an EHR named the patient by a logical reference only. */
  birthDate: string | null;
  sex: Sex;
}

export interface SupportingScores {
  phq9Total?: number | undefined;
  /** PHQ-9 item 9 (thoughts of self-harm), 0–3. Above 0 is a risk signal. */
  phq9Item9?: number | undefined;
  gad7Total?: number | undefined;
}

export interface Consent {
  /** The patient agreed to a shared consultation between their GP and the psychiatrist. */
  given: boolean;
  recordedAt?: string | undefined;
}

/** A requester Liaison could not match to one of the practice's GPs, kept as sent. */
export interface RequesterAsSent {
  display: string | null;
  identifier: Identifier | null;
}

export interface ActorRef {
  kind: 'user' | 'client';
  id: string;
  display: string;
}

export interface ConsultationRequest {
  id: string;
  reference: string;
  version: number;
  state: RequestState;
  organisationId: string;
  /** The requesting GP; null when the requesting system named someone Liaison does not know, or no one. */
  requesterId: string | null;
  /** The requester exactly as the requesting system named them, when Liaison could not match a GP. */
  requesterAsSent: RequesterAsSent | null;
  serviceId: string;
  assigneeId: string | null;
  patient: Patient;
  clinicalQuestion: string;
  reason: { text: string; codes: Coding[] };
  priority: Priority;
  requestedPriority: Priority;
  requestedForm: RequestedForm;
  agreedForm: ConsultationForm | null;
  consent: Consent;
  riskFlags: RiskFlag[];
  scores: SupportingScores;
  /** Set once the request has a risk signal (flag or PHQ-9 item 9 > 0); drives triage order. */
  atRisk: boolean;
  submittedAt: string | null;
  dueAt: string | null;
  clockPausedAt: string | null;
  firstResponseAt: string | null;
  replacesId: string | null;
  replacedById: string | null;
  /** The field of psychiatry the question calls for, if any. */
  subSpecialty: SubSpecialty | null;
  /** The language the patient is most at ease in (BCP 47, e.g. `tr`, `pl`), if not the local one. */
  patientLanguage: string | null;
  /** The requesting system's own identifiers of this request (e.g. an EHR's order number). */
  identifiers: Identifier[];
  /** Elements an EHR sent that Liaison does not interpret, returned unchanged on read. */
  preserved: Record<string, unknown> | null;
  /** Elements of the consulting side's Task that Liaison does not interpret (notes, description), returned unchanged. */
  taskPreserved: Record<string, unknown> | null;
  /** The version of each FHIR resource, moved on only when that resource's content changes. */
  resourceVersions: ResourceVersions;
  appointment: Appointment | null;
  /** Times the psychiatrist proposed for the GP to choose from; kept declined or expired until the next proposal or booking. */
  proposedTimes: TimesProposal | null;
  outcome: RequestOutcome | null;
  /** When the request was written: the requesting system's own time, or when Liaison received it. */
  authoredAt: string;
  createdAt: string;
  updatedAt: string;
}

/** Why a request cannot be submitted yet; each names the field the GP must fix. */
export interface MissingForSubmit {
  field: string;
  message: string;
}

export function checkReadyToSubmit(r: Pick<ConsultationRequest, 'consent' | 'clinicalQuestion'>): MissingForSubmit[] {
  const missing: MissingForSubmit[] = [];
  if (!r.consent.given) {
    missing.push({ field: 'consent.given', message: "The patient's consent to a shared consultation is required to submit." });
  }
  if (r.clinicalQuestion.trim().length === 0) {
    missing.push({ field: 'clinicalQuestion', message: 'A clinical question is required to submit.' });
  }
  return missing;
}
