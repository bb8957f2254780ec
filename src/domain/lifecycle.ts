/**
 * The consultation request lifecycle: which move may be made from which state, and by whom.
 *
 * This table is the single source of truth for state changes. Nothing writes a status
 * without going through {@link transition}. The FHIR status mapping (PRODUCT.md) is derived
 * from these states in the FHIR layer, never stored separately.
 */

export const REQUEST_STATES = [
  'draft',
  'submitted',
  'awaiting-information',
  'accepted',
  'scheduled',
  'advice-given',
  'completed',
  'closed',
  'declined',
  'redirected',
  'cancelled',
  'entered-in-error',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_ACTIONS = [
  'submit',
  'cancel',
  'accept',
  'decline',
  'redirect',
  'request-information',
  'provide-information',
  'give-advice',
  'convert-to-joint',
  'schedule',
  'complete',
  'close',
  'enter-in-error',
  'reconsult',
  'cancel-visit',
  'propose-times',
  'choose-time',
  'decline-times',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/**
 * The side an actor takes on one request. Only the requester side changes the request
 * itself; only the consultant side changes its fulfilment (HL7 Clinical Order Workflows:
 * the placer owns the ServiceRequest, the fulfiller owns the Task).
 */
export type Side = 'requester' | 'consultant';

interface Move {
  readonly from: readonly RequestState[];
  readonly to: RequestState;
  readonly by: readonly Side[];
}

/** Every legal move. A pair (state, action) not listed here is illegal. */
export const TRANSITIONS: Readonly<Record<RequestAction, Move>> = {
  submit: { from: ['draft'], to: 'submitted', by: ['requester'] },
  cancel: {
    from: ['draft', 'submitted', 'awaiting-information', 'accepted', 'scheduled'],
    to: 'cancelled',
    by: ['requester'],
  },
  accept: { from: ['submitted'], to: 'accepted', by: ['consultant'] },
  decline: {
    from: ['submitted', 'awaiting-information', 'accepted'],
    to: 'declined',
    by: ['consultant'],
  },
  redirect: { from: ['submitted', 'awaiting-information', 'accepted'], to: 'redirected', by: ['consultant'] },
  'request-information': { from: ['submitted'], to: 'awaiting-information', by: ['consultant'] },
  'provide-information': { from: ['awaiting-information'], to: 'submitted', by: ['requester'] },
  'give-advice': { from: ['submitted', 'accepted'], to: 'advice-given', by: ['consultant'] },
  // Advice can become a joint consultation with the GP's agreement: the GP makes the move.
  'convert-to-joint': { from: ['advice-given'], to: 'accepted', by: ['requester'] },
  // Scheduling again reschedules.
  schedule: { from: ['accepted', 'scheduled'], to: 'scheduled', by: ['consultant'] },
  complete: { from: ['accepted', 'scheduled'], to: 'completed', by: ['consultant'] },
  // The GP reviews the outcome (or the advice, or the decline) and closes the loop.
  close: { from: ['completed', 'advice-given', 'declined'], to: 'closed', by: ['requester'] },
  'enter-in-error': {
    from: REQUEST_STATES.filter((s) => s !== 'entered-in-error'),
    to: 'entered-in-error',
    // Only the practice: an administrator sees no request (administration is not care, access.ts).
    by: ['requester'],
  },
  // A follow-up question within the service's re-consult window re-opens the same request
  // (same thread, same psychiatrist) instead of starting a new referral.
  reconsult: { from: ['advice-given', 'completed', 'closed'], to: 'submitted', by: ['requester'] },
  // Either side can call off the booked visit; the request stays accepted, to be scheduled again.
  'cancel-visit': { from: ['scheduled'], to: 'accepted', by: ['requester', 'consultant'] },
  // Instead of booking, the psychiatrist proposes times; the GP chooses one (booking it) or says
  // none suits them. Answering needs an open proposal (domain/proposed-times.ts movesNow).
  'propose-times': { from: ['accepted'], to: 'accepted', by: ['consultant'] },
  'choose-time': { from: ['accepted'], to: 'scheduled', by: ['requester'] },
  'decline-times': { from: ['accepted'], to: 'accepted', by: ['requester'] },
};

export type TransitionResult =
  | { ok: true; to: RequestState }
  | { ok: false; reason: 'illegal-move'; allowed: RequestAction[] }
  | { ok: false; reason: 'wrong-side'; allowedSides: readonly Side[] };

/** The moves that can be made from a state, optionally limited to what the given sides may do. */
export function allowedActions(from: RequestState, sides?: readonly Side[]): RequestAction[] {
  return REQUEST_ACTIONS.filter((action) => {
    const move = TRANSITIONS[action];
    if (!move.from.includes(from)) return false;
    return sides === undefined || move.by.some((side) => sides.includes(side));
  });
}

/** Decides a move. Pure: the caller applies the result inside its transaction. */
export function transition(from: RequestState, action: RequestAction, sides: readonly Side[]): TransitionResult {
  const move = TRANSITIONS[action];
  if (!move.from.includes(from)) return { ok: false, reason: 'illegal-move', allowed: allowedActions(from) };
  if (!move.by.some((side) => sides.includes(side))) return { ok: false, reason: 'wrong-side', allowedSides: move.by };
  return { ok: true, to: move.to };
}
