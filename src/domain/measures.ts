/**
 * The figures a service lead looks at (PRODUCT.md; issue "Measures"), computed from requests and
 * their history: time to triage, to first response and to consultation (median and 90th
 * percentile), the share answered within the SLA, referrals avoided, recommendations implemented.
 */
import { implementationRate, type Recommendation } from './advice.js';
import { recommendationsOf } from './outcome.js';
import { PRIORITIES, type ConsultationRequest, type Priority } from './request.js';

export interface MeasuredEvent {
  action: string;
  at: Date;
  detail: Record<string, unknown>;
}

export interface Spread {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface Measures {
  submitted: number;
  /** Submission to the triage decision: accepted, declined, redirected or answered with advice. */
  timeToTriage: Spread;
  /** Submission to the first thing the service did: a question, a claim, a decision. */
  timeToFirstResponse: Spread;
  /** Submission to the consultation: the outcome sent, or the advice given. */
  timeToConsultation: Spread;
  withinSla: { decided: number; met: number; share: number | null };
  referralsAvoided: { answered: number; avoided: number; share: number | null };
  recommendations: { answered: number; accepted: number; rate: number | null };
}

const TRIAGE = new Set(['accept', 'decline', 'redirect', 'give-advice']);
const FIRST_RESPONSE = new Set([...TRIAGE, 'request-information', 'claim', 'assign']);
const CONSULTATION = new Set(['complete', 'give-advice']);

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, medianMs: percentile(sorted, 50), p90Ms: percentile(sorted, 90) };
}

function firstAfter(events: MeasuredEvent[], submittedAt: Date, actions: Set<string>): number | null {
  const hit = events.find((e) => actions.has(e.action) && e.at >= submittedAt);
  return hit ? hit.at.getTime() - submittedAt.getTime() : null;
}

export function measure(requests: { request: ConsultationRequest; events: MeasuredEvent[] }[], now: Date): Measures {
  const triage: number[] = [];
  const first: number[] = [];
  const consultation: number[] = [];
  let decided = 0;
  let met = 0;
  let answered = 0;
  let avoided = 0;
  const recommendations: Recommendation[] = [];
  for (const { request, events } of requests) {
    if (!request.submittedAt) continue;
    const submittedAt = new Date(request.submittedAt);
    const byTime = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
    const t = firstAfter(byTime, submittedAt, TRIAGE);
    const f = firstAfter(byTime, submittedAt, FIRST_RESPONSE);
    const c = firstAfter(byTime, submittedAt, CONSULTATION);
    if (t !== null) triage.push(t);
    if (f !== null) first.push(f);
    if (c !== null) consultation.push(c);
    if (request.dueAt) {
      const due = new Date(request.dueAt);
      if (request.firstResponseAt) {
        decided += 1;
        if (new Date(request.firstResponseAt) <= due) met += 1;
      } else if (!request.clockPausedAt && request.state === 'submitted' && due < now) {
        decided += 1; // still waiting, already late: a miss
      }
    }
    const close = byTime.filter((e) => e.action === 'close' && typeof e.detail.referralAvoided === 'boolean').at(-1);
    if (close) {
      answered += 1;
      if (close.detail.referralAvoided) avoided += 1;
    }
    recommendations.push(...recommendationsOf(request.outcome).filter((r) => typeof r === 'object'));
  }
  const implemented = implementationRate(recommendations);
  return {
    submitted: requests.filter((r) => r.request.submittedAt).length,
    timeToTriage: spread(triage),
    timeToFirstResponse: spread(first),
    timeToConsultation: spread(consultation),
    withinSla: { decided, met, share: decided ? met / decided : null },
    referralsAvoided: { answered, avoided, share: answered ? avoided / answered : null },
    recommendations: { answered: implemented.answered, accepted: implemented.accepted, rate: implemented.rate },
  };
}

export function measureByPriority(requests: { request: ConsultationRequest; events: MeasuredEvent[] }[], now: Date): Record<Priority | 'all', Measures> {
  const result = { all: measure(requests, now) } as Record<Priority | 'all', Measures>;
  for (const p of PRIORITIES) result[p] = measure(requests.filter((r) => r.request.priority === p), now);
  return result;
}
