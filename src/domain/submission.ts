/** What submitting does to a request: readiness, risk rules, and the start of the SLA clock. */
import { DomainError } from './errors.js';
import { checkReadyToSubmit, type ConsultationRequest } from './request.js';
import { applyRiskRules } from './risk.js';
import { computeDueAt, calendarOf } from './sla.js';
import type { ConsultingService } from './directory.js';

export interface SubmissionEffect {
  patch: Partial<ConsultationRequest>;
  notes: string[];
}

export function submissionEffect(request: ConsultationRequest, service: ConsultingService, now: Date): SubmissionEffect {
  const missing = checkReadyToSubmit(request);
  if (missing.length) {
    throw new DomainError('unprocessable', 'The request is not ready to submit.', { issues: missing });
  }
  const risk = applyRiskRules({ riskFlags: request.riskFlags, scores: request.scores, priority: request.requestedPriority });
  const dueAt = computeDueAt(now, service.slaTargets[risk.priority], calendarOf(service));
  return {
    patch: {
      priority: risk.priority,
      atRisk: risk.atRisk,
      submittedAt: now.toISOString(),
      dueAt: dueAt.toISOString(),
      clockPausedAt: null,
    },
    notes: risk.notes,
  };
}
