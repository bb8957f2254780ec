/**
 * Risk rules applied at submit (PRODUCT.md, "Service levels"): a request with a risk signal
 * is raised to at least urgent and can never be routed to advice-only silently.
 */
import type { ConsultationForm, Priority, RiskFlag, SupportingScores } from './request.js';

const PRIORITY_RANK: Record<Priority, number> = { routine: 0, urgent: 1, asap: 2, stat: 3 };

export function priorityRank(p: Priority): number {
  return PRIORITY_RANK[p];
}

export function hasRiskSignal(flags: readonly RiskFlag[], scores: SupportingScores): boolean {
  return flags.length > 0 || (scores.phq9Item9 ?? 0) > 0;
}

export interface RiskDecision {
  atRisk: boolean;
  priority: Priority;
  /** Human-readable notes recorded in the request's history when a rule changed something. */
  notes: string[];
}

export function applyRiskRules(input: {
  riskFlags: readonly RiskFlag[];
  scores: SupportingScores;
  priority: Priority;
}): RiskDecision {
  const atRisk = hasRiskSignal(input.riskFlags, input.scores);
  if (!atRisk) return { atRisk, priority: input.priority, notes: [] };
  const notes: string[] = [];
  let priority = input.priority;
  if (priorityRank(priority) < priorityRank('urgent')) {
    priority = 'urgent';
    notes.push('Priority raised from routine to urgent: the request carries a risk signal.');
  }
  return { atRisk, priority, notes };
}

/**
 * A consultant may not answer a risk-flagged request with advice only unless they say so
 * explicitly (acknowledgeRisk): the move is refused otherwise, so it is never silent.
 */
export function adviceOnlyNeedsAcknowledgement(atRisk: boolean, form: ConsultationForm | null): boolean {
  return atRisk && form === 'advice-only';
}
