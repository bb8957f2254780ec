/** Typed inputs of the request use cases, already validated at the boundary (api/ or fhir/). */
import type { Coding, Consent, DeclineReason, Identifier, OutcomeCode, Patient, Priority, RequestedForm, RiskFlag, SubSpecialty, SupportingScores } from '../domain/request.js';

export interface DraftInput {
  patient: Patient;
  clinicalQuestion: string;
  reason: { text: string; codes: Coding[] };
  priority: Priority;
  requestedForm: RequestedForm;
  consent: Consent;
  riskFlags: RiskFlag[];
  scores: SupportingScores;
  serviceId?: string | undefined;
  subSpecialty?: SubSpecialty | null | undefined;
  patientLanguage?: string | null | undefined;
  /** The requesting system's identifiers; left out on an edit, the current ones stay. */
  identifiers?: Identifier[] | undefined;
  /** Elements of an EHR's resource that Liaison does not interpret; left out, the current ones stay. */
  preserved?: Record<string, unknown> | null | undefined;
}

export interface CreateInput extends DraftInput {
  /** The GP the request is made for; required when an EHR system creates it. */
  requesterId?: string | undefined;
  /**
   * Or the GP as the requesting system names them: by any identifier registered for a user (a
   * national provider number, the EHR's staff id, the e-mail address under USER_EMAIL_SYSTEM),
   * matched among the caller's organisation's GPs only. Unmatched, the request belongs to the
   * practice and the requester is kept as sent.
   */
  requesterNamed?: { identifiers: Identifier[]; display: string | null } | undefined;
  /** When the GP wrote it, if the requesting system says (FHIR authoredOn); else now. */
  authoredAt?: string | undefined;
}

export type { DeclineReason, OutcomeCode };

import type { Attachment } from '../domain/message.js';
import type { PlanStep, RecommendationInput } from '../domain/advice.js';

export type ActionInput =
  | { action: 'submit' }
  | { action: 'cancel'; reason: string }
  | { action: 'accept'; agreedForm: RequestedForm; assigneeId?: string | undefined; acknowledgeRisk?: boolean | undefined; note?: string | undefined }
  | { action: 'decline'; reason: DeclineReason; advice: string }
  | { action: 'redirect'; serviceId: string; reason: string }
  | { action: 'request-information'; question: string; attachments?: Attachment[] | undefined; preserved?: Record<string, unknown> | undefined; identifiers?: Identifier[] | undefined }
  | { action: 'provide-information'; answer: string; attachments?: Attachment[] | undefined; preserved?: Record<string, unknown> | undefined; identifiers?: Identifier[] | undefined }
  | { action: 'give-advice'; advice: string; recommendations?: RecommendationInput[] | undefined; acknowledgeRisk?: boolean | undefined }
  | { action: 'convert-to-joint'; agreedForm: 'joint-in-person' | 'joint-video' }
  | {
      action: 'schedule';
      start: string;
      durationMinutes: number;
      location?: string | undefined;
      videoLink?: string | undefined;
    }
  | {
      action: 'complete';
      summary: string;
      outcomeCode: OutcomeCode;
      recommendations: RecommendationInput[];
      medicationAdvice?: string | undefined;
      plan?: PlanStep[] | undefined;
      followUpDate?: string | undefined;
    }
  | { action: 'close'; note?: string | undefined; referralAvoided?: boolean | undefined }
  | { action: 'enter-in-error'; reason: string }
  | { action: 'reconsult'; question: string }
  | { action: 'cancel-visit'; reason: string };
