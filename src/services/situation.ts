/**
 * Where a request stands for the person looking at it, decided by the use cases so that no
 * interface computes a rule: the sides they take, the moves they may make now, and the SLA clock
 * at the service's time.
 */
import type { Actor } from '../domain/actor.js';
import { sidesOf } from '../domain/access.js';
import type { RequestAction, Side } from '../domain/lifecycle.js';
import { movesNow } from '../domain/proposed-times.js';
import { slaView, type SlaView } from '../domain/sla.js';
import type { ListedRequest } from './queries.js';

export interface Situation {
  sides: Side[];
  allowedActions: RequestAction[];
  sla: SlaView;
  /** Since submission, in milliseconds; null before. */
  waitingMs: number | null;
}

export type SituatedRequest = ListedRequest & { situation: Situation };

export function situate(actor: Actor, request: ListedRequest, now: Date): SituatedRequest {
  const sides = sidesOf(actor, request);
  return {
    ...request,
    situation: {
      sides,
      allowedActions: movesNow(request, sides),
      sla: slaView(request, now),
      waitingMs: request.submittedAt ? now.getTime() - new Date(request.submittedAt).getTime() : null,
    },
  };
}
