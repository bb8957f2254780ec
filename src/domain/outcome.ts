/**
 * What the consulting side sent back on a request: a decline with advice for the GP, advice
 * with recommendations, or the outcome of a consultation with its shared-care plan. Each names
 * the message that carried it to the GP (the letter).
 */
import type { PlanStep, Recommendation } from './advice.js';
import type { DeclineReason, OutcomeCode } from './request.js';

export interface Declined {
  kind: 'declined';
  reason: DeclineReason;
  advice: string;
  messageId: string;
}

export interface Advice {
  kind: 'advice';
  advice: string;
  recommendations: Recommendation[];
  messageId: string;
  /** When it was given (absent on advice stored before this was kept). */
  at?: string | undefined;
}

export interface ConsultationOutcome {
  kind: 'outcome';
  summary: string;
  outcomeCode: OutcomeCode;
  recommendations: Recommendation[];
  medicationAdvice?: string | undefined;
  plan: PlanStep[];
  /** A date (YYYY-MM-DD) the GP should see the patient again by. */
  followUpDate?: string | undefined;
  messageId: string;
  /** When it was given (absent on outcomes stored before this was kept). */
  at?: string | undefined;
}

export type RequestOutcome = Declined | Advice | ConsultationOutcome;

/** The recommendations the GP is asked to answer, if the outcome carries any. */
export function recommendationsOf(outcome: RequestOutcome | null): Recommendation[] {
  return outcome && outcome.kind !== 'declined' ? outcome.recommendations : [];
}
