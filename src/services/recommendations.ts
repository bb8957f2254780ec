/**
 * The GP's answer to each recommendation of an advice or an outcome: accepted, or declined with
 * a reason. Answers are kept with the recommendation and in the history; the request's state
 * does not change.
 */
import type { Recommendation } from '../domain/advice.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { RequestState } from '../domain/lifecycle.js';
import { canSee, sidesOf } from './access.js';
import type { Actor, Clock, Store } from './ports.js';
import type { RequestDetail, RequestService } from './requests.js';

const ANSWERABLE: readonly RequestState[] = ['advice-given', 'completed', 'closed', 'accepted'];

export class RecommendationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly requests: RequestService,
  ) {}

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
    await this.store.transaction(async (store) => {
      const request = await store.requests.lock(requestId);
      if (!request || !canSee(actor, request)) throw notFound();
      if (!sidesOf(actor, request).includes('requester')) throw new DomainError('forbidden', 'The requesting GP answers the recommendations.');
      if (expectedVersion !== null && expectedVersion !== request.version) {
        throw new DomainError('precondition_failed', `The request has changed since you read it (now version ${request.version}).`, { details: { currentVersion: request.version } });
      }
      const recommendations = (request.outcome?.recommendations ?? []) as Recommendation[];
      const target = recommendations.find((r) => r.id === recommendationId);
      if (!target || !ANSWERABLE.includes(request.state)) throw notFound('Recommendation');
      const now = this.clock.now();
      const response = { accepted: answer.accepted, ...(answer.reason ? { reason: answer.reason } : {}), at: now.toISOString(), byId: actor.id };
      const outcome = { ...request.outcome, recommendations: recommendations.map((r) => (r.id === recommendationId ? { ...r, response } : r)) };
      const updated = { ...request, outcome, version: request.version + 1, updatedAt: now.toISOString() };
      await store.requests.update(updated, request);
      await store.requests.appendEvent({
        requestId,
        version: updated.version,
        at: now,
        actorKind: actor.kind,
        actorId: actor.id,
        actorDisplay: actor.display,
        action: 'answer-recommendation',
        fromState: request.state,
        toState: request.state,
        detail: { recommendationId, accepted: answer.accepted, ...(answer.reason ? { reason: answer.reason } : {}) },
      });
    });
    return this.requests.get(actor, requestId);
  }
}
