/**
 * The GP's answer to each recommendation of an advice or an outcome: accepted, or declined with
 * a reason. Answers are kept with the recommendation and in the history; the request's state
 * does not change.
 */
import { recommendationsOf } from '../domain/outcome.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { RequestState } from '../domain/lifecycle.js';
import { sidesOf } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import type { RequestDetail, RequestService } from './requests.js';

const ANSWERABLE: readonly RequestState[] = ['advice-given', 'completed', 'closed', 'accepted'];

export class RecommendationService {
  constructor(private readonly requests: RequestService) {}

  async respond(
    actor: Actor,
    requestId: string,
    recommendationId: string,
    answer: { accepted: boolean; reason?: string | undefined },
    expectedVersion: number | null,
  ): Promise<RequestDetail> {
    if (!answer.accepted && !answer.reason) {
      throw new DomainError('invalid_input', 'Say why the recommendation is not followed.', { issues: [{ field: 'reason', message: 'A reason is required when declining.' }] });
    }
    const { detail } = await this.requests.annotate(actor, requestId, expectedVersion, 'answer-recommendation', async (request, now) => {
      if (!sidesOf(actor, request).includes('requester')) throw new DomainError('forbidden', 'The requesting GP answers the recommendations.');
      const outcome = request.outcome;
      const recommendations = recommendationsOf(outcome);
      if (!outcome || outcome.kind === 'declined' || !recommendations.some((r) => r.id === recommendationId) || !ANSWERABLE.includes(request.state)) throw notFound('Recommendation');
      const reason = answer.reason ? { reason: answer.reason } : {};
      const response = { accepted: answer.accepted, ...reason, at: now.toISOString(), byId: actor.id };
      return {
        patch: { outcome: { ...outcome, recommendations: recommendations.map((r) => (r.id === recommendationId ? { ...r, response } : r)) } },
        detail: { recommendationId, accepted: answer.accepted, ...reason },
      };
    });
    return detail;
  }
}
