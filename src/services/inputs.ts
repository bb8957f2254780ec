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

/** A lifecycle move with its arguments: domain/moves.ts. */
export type { ActionInput } from '../domain/moves.js';
