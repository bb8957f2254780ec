/**
 * Structured advice (PRODUCT.md, "Advice only"): the psychiatrist's recommendations, each of
 * which the GP accepts or declines with a reason, so the implementation rate is known; and the
 * shared-care plan of an outcome: who does what next, by when.
 */
export const RECOMMENDATION_KINDS = ['medication-change', 'investigation', 'psychotherapy-referral', 'watchful-waiting', 'other'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];

export const PLAN_OWNERS = ['gp', 'psychiatrist', 'other-service'] as const;
export type PlanOwner = (typeof PLAN_OWNERS)[number];

export interface GpResponse {
  accepted: boolean;
  reason?: string | undefined;
  at: string;
  byId: string;
}

export interface Recommendation {
  id: string;
  kind: RecommendationKind;
  text: string;
  response?: GpResponse | undefined;
}

/** A recommendation as written: free text alone counts as `other`. */
export type RecommendationInput = string | { kind: RecommendationKind; text: string };

export interface PlanStep {
  who: PlanOwner;
  what: string;
  due?: string | undefined;
}

export function recommendationsFrom(inputs: readonly RecommendationInput[], newId: () => string): Recommendation[] {
  return inputs.map((r) => (typeof r === 'string' ? { id: newId(), kind: 'other', text: r } : { id: newId(), kind: r.kind, text: r.text }));
}

/** Share of answered recommendations the GP accepted; null when none was answered. */
export function implementationRate(recommendations: readonly Recommendation[]): { answered: number; accepted: number; rate: number | null } {
  const answered = recommendations.filter((r) => r.response);
  const accepted = answered.filter((r) => r.response!.accepted).length;
  return { answered: answered.length, accepted, rate: answered.length ? accepted / answered.length : null };
}
