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

/**
 * A request and where it stands for its reader, side by side: what a triage page hands out,
 * without copying each of its fifty requests into a situated one (that copy was a tenth of a
 * queue page's server time).
 */
export interface RequestInSituation {
  request: ListedRequest;
  situation: Situation;
}

/** The request each situated one was made from (see situatedFrom). */
const SOURCES = new WeakMap<SituatedRequest, ListedRequest>();

export function situate(actor: Actor, request: ListedRequest, now: Date): SituatedRequest {
  return inOne({ request, situation: situationOf(actor, request, now) });
}

/** The request and its situation as one situated request (a copy of the request). */
export function inOne({ request, situation }: RequestInSituation): SituatedRequest {
  const situated: SituatedRequest = { ...request, situation };
  SOURCES.set(situated, request);
  return situated;
}

export function situationOf(actor: Actor, request: ListedRequest, now: Date): Situation {
  const sides = sidesOf(actor, request);
  return {
    sides,
    allowedActions: movesNow(request, sides),
    sla: slaView(request, now),
    waitingMs: request.submittedAt ? now.getTime() - new Date(request.submittedAt).getTime() : null,
  };
}

/**
 * The request a situated one was made from. A request a list kept (store/request-pages.ts) is
 * frozen and shared by every caller, poll after poll: what an interface writes from it alone can
 * be kept with it (api/view-json.ts).
 */
export const situatedFrom = (situated: SituatedRequest): ListedRequest | undefined => SOURCES.get(situated);
