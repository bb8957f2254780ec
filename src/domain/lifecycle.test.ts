/**
 * The consultation request lifecycle, tested exhaustively against an independent restatement.
 *
 * EXPECTED below is written out by hand from PRODUCT.md ("The request lifecycle") and is
 * deliberately NOT derived from TRANSITIONS: if someone changes the table in lifecycle.ts,
 * these tests fail and the change has to be made on purpose, in both places.
 */
import { describe, expect, it } from 'vitest';
import {
  REQUEST_ACTIONS,
  REQUEST_STATES,
  allowedActions,
  transition,
  type RequestAction,
  type RequestState,
  type Side,
} from './lifecycle.js';

const SIDES: readonly Side[] = ['requester', 'consultant'];

/** The states, in the order the module declares them. */
const EXPECTED_STATES: readonly RequestState[] = [
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
];

/** The actions, in the order the module declares them (allowedActions keeps this order). */
const EXPECTED_ACTIONS: readonly RequestAction[] = [
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
];

interface ExpectedMove {
  from: readonly RequestState[];
  to: RequestState;
  by: readonly Side[];
}

/**
 * The lifecycle, restated:
 * - submit: draft → submitted, by the requester (GP).
 * - cancel: draft / submitted / awaiting-information / accepted / scheduled → cancelled, by the requester.
 * - accept: submitted → accepted, by the consultant (psychiatrist).
 * - decline: submitted / awaiting-information / accepted → declined, by the consultant.
 * - redirect: submitted / awaiting-information / accepted → redirected, by the consultant.
 * - request-information: submitted → awaiting-information, by the consultant.
 * - provide-information: awaiting-information → submitted, by the requester.
 * - give-advice: submitted / accepted → advice-given, by the consultant.
 * - convert-to-joint: advice-given → accepted, by the requester.
 * - schedule: accepted / scheduled → scheduled, by the consultant (again: a reschedule).
 * - complete: accepted / scheduled → completed, by the consultant.
 * - close: completed / advice-given / declined → closed, by the requester.
 * - enter-in-error: every state except entered-in-error → entered-in-error, by the requester (an administrator sees no request).
 * - reconsult: advice-given / completed / closed → submitted, by the requester (a follow-up question).
 * - cancel-visit: scheduled → accepted, by the requester or the consultant (the visit is called off).
 * - propose-times: accepted → accepted, by the consultant (times for the GP to choose from).
 * - choose-time: accepted → scheduled, by the requester (one of the proposed times; needs an open proposal).
 * - decline-times: accepted → accepted, by the requester (none of the proposed times suits).
 */
const EXPECTED: Record<RequestAction, ExpectedMove> = {
  submit: { from: ['draft'], to: 'submitted', by: ['requester'] },
  cancel: {
    from: ['draft', 'submitted', 'awaiting-information', 'accepted', 'scheduled'],
    to: 'cancelled',
    by: ['requester'],
  },
  accept: { from: ['submitted'], to: 'accepted', by: ['consultant'] },
  decline: { from: ['submitted', 'awaiting-information', 'accepted'], to: 'declined', by: ['consultant'] },
  redirect: { from: ['submitted', 'awaiting-information', 'accepted'], to: 'redirected', by: ['consultant'] },
  'request-information': { from: ['submitted'], to: 'awaiting-information', by: ['consultant'] },
  'provide-information': { from: ['awaiting-information'], to: 'submitted', by: ['requester'] },
  'give-advice': { from: ['submitted', 'accepted'], to: 'advice-given', by: ['consultant'] },
  'convert-to-joint': { from: ['advice-given'], to: 'accepted', by: ['requester'] },
  schedule: { from: ['accepted', 'scheduled'], to: 'scheduled', by: ['consultant'] },
  complete: { from: ['accepted', 'scheduled'], to: 'completed', by: ['consultant'] },
  close: { from: ['completed', 'advice-given', 'declined'], to: 'closed', by: ['requester'] },
  'enter-in-error': {
    from: [
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
    ],
    to: 'entered-in-error',
    by: ['requester'],
  },
  reconsult: { from: ['advice-given', 'completed', 'closed'], to: 'submitted', by: ['requester'] },
  'cancel-visit': { from: ['scheduled'], to: 'accepted', by: ['requester', 'consultant'] },
  'propose-times': { from: ['accepted'], to: 'accepted', by: ['consultant'] },
  'choose-time': { from: ['accepted'], to: 'scheduled', by: ['requester'] },
  'decline-times': { from: ['accepted'], to: 'accepted', by: ['requester'] },
};

/** Expected legal actions from a state (optionally for one side), from EXPECTED only, in declaration order. */
function expectedAllowed(from: RequestState, side?: Side): RequestAction[] {
  return EXPECTED_ACTIONS.filter((a) => {
    const move = EXPECTED[a];
    return move.from.includes(from) && (side === undefined || move.by.includes(side));
  });
}

describe('the lifecycle vocabulary', () => {
  it('has exactly the expected states, in order', () => {
    expect([...REQUEST_STATES]).toEqual(EXPECTED_STATES);
  });

  it('has exactly the expected actions, in order', () => {
    expect([...REQUEST_ACTIONS]).toEqual(EXPECTED_ACTIONS);
  });
});

describe('transition: every (state, action) pair, for every side', () => {
  const pairs = REQUEST_STATES.flatMap((from) => REQUEST_ACTIONS.map((action) => ({ from, action })));

  it('covers all 12 × 18 pairs', () => {
    expect(pairs).toHaveLength(12 * 18);
  });

  const legal = pairs.filter(({ from, action }) => EXPECTED[action].from.includes(from));
  const illegal = pairs.filter(({ from, action }) => !EXPECTED[action].from.includes(from));

  const legalCases = legal.flatMap(({ from, action }) =>
    SIDES.map((side) => ({ from, action, side, allowedSide: EXPECTED[action].by.includes(side) })),
  );

  it.each(legalCases.filter((c) => c.allowedSide))('$from --$action--> by $side: lands in the expected state', ({ from, action, side }) => {
    expect(transition(from, action, [side])).toEqual({ ok: true, to: EXPECTED[action].to });
  });

  it.each(legalCases.filter((c) => !c.allowedSide))('$from --$action--> by $side: refused, wrong side', ({ from, action, side }) => {
    expect(transition(from, action, [side])).toEqual({
      ok: false,
      reason: 'wrong-side',
      allowedSides: EXPECTED[action].by,
    });
  });

  it.each(legal)('$from --$action--> with no side at all: refused, wrong side', ({ from, action }) => {
    expect(transition(from, action, [])).toEqual({ ok: false, reason: 'wrong-side', allowedSides: EXPECTED[action].by });
  });

  it.each(legal)('$from --$action--> with all three sides: allowed', ({ from, action }) => {
    expect(transition(from, action, SIDES)).toEqual({ ok: true, to: EXPECTED[action].to });
  });

  const illegalCases = illegal.flatMap(({ from, action }) =>
    [...SIDES.map((side) => [side]), [], SIDES].map((sides) => ({ from, action, sides, label: sides.join('+') || 'nobody' })),
  );

  it.each(illegalCases)('$from --$action--> by $label: refused, illegal move', ({ from, action, sides }) => {
    const result = transition(from, action, sides);
    expect(result).toEqual({ ok: false, reason: 'illegal-move', allowed: allowedActions(from) });
    // ...and what it offers instead is the independently expected list, not just whatever the code says.
    expect(result).toEqual({ ok: false, reason: 'illegal-move', allowed: expectedAllowed(from) });
  });
});

describe('allowedActions', () => {
  it.each(EXPECTED_STATES)('from %s, with no side filter, lists the expected actions', (from) => {
    expect(allowedActions(from)).toEqual(expectedAllowed(from));
  });

  const perSide = EXPECTED_STATES.flatMap((from) => SIDES.map((side) => ({ from, side })));
  it.each(perSide)('from $from, for the $side side, lists what that side may do', ({ from, side }) => {
    expect(allowedActions(from, [side])).toEqual(expectedAllowed(from, side));
  });

  it('with an empty side list, allows nothing', () => {
    for (const from of EXPECTED_STATES) expect(allowedActions(from, [])).toEqual([]);
  });

  it('for combined sides, is the union in declaration order', () => {
    expect(allowedActions('submitted', ['requester', 'consultant'])).toEqual([
      'cancel',
      'accept',
      'decline',
      'redirect',
      'request-information',
      'give-advice',
      'enter-in-error',
    ]);
  });
});

describe('scenarios a clinician would recognise', () => {
  it('a GP cannot accept their own request', () => {
    expect(transition('submitted', 'accept', ['requester'])).toEqual({
      ok: false,
      reason: 'wrong-side',
      allowedSides: ['consultant'],
    });
  });

  it('a psychiatrist cannot submit a GP’s draft', () => {
    expect(transition('draft', 'submit', ['consultant'])).toEqual({
      ok: false,
      reason: 'wrong-side',
      allowedSides: ['requester'],
    });
  });

  it('a psychiatrist cannot cancel a request; only the GP can', () => {
    expect(transition('accepted', 'cancel', ['consultant'])).toMatchObject({ ok: false, reason: 'wrong-side' });
    expect(transition('accepted', 'cancel', ['requester'])).toEqual({ ok: true, to: 'cancelled' });
  });

  it('no side but the requester marks a record entered in error (administrators have no side: access.ts)', () => {
    expect(allowedActions('submitted', [])).toEqual([]);
    expect(transition('closed', 'enter-in-error', ['consultant'])).toMatchObject({ ok: false, reason: 'wrong-side' });
    expect(transition('closed', 'enter-in-error', ['requester'])).toEqual({ ok: true, to: 'entered-in-error' });
  });

  it('nothing leaves entered-in-error, whoever asks', () => {
    expect(allowedActions('entered-in-error')).toEqual([]);
    for (const action of REQUEST_ACTIONS) {
      expect(transition('entered-in-error', action, SIDES)).toEqual({ ok: false, reason: 'illegal-move', allowed: [] });
    }
  });

  it('redirected and cancelled requests can only be marked entered in error; a closed one can also be re-consulted', () => {
    for (const from of ['redirected', 'cancelled'] as const) {
      expect(allowedActions(from)).toEqual(['enter-in-error']);
    }
    expect(allowedActions('closed')).toEqual(['enter-in-error', 'reconsult']);
    expect(transition('closed', 'reconsult', ['consultant'])).toMatchObject({ ok: false, reason: 'wrong-side' });
  });

  it('awaiting-information ⇄ submitted: the psychiatrist asks, the GP answers, and the request is back in triage', () => {
    const asked = transition('submitted', 'request-information', ['consultant']);
    expect(asked).toEqual({ ok: true, to: 'awaiting-information' });
    // The psychiatrist cannot answer on the GP's behalf.
    expect(transition('awaiting-information', 'provide-information', ['consultant'])).toMatchObject({
      ok: false,
      reason: 'wrong-side',
    });
    // While waiting, the psychiatrist cannot accept yet...
    expect(transition('awaiting-information', 'accept', ['consultant'])).toMatchObject({ ok: false, reason: 'illegal-move' });
    const answered = transition('awaiting-information', 'provide-information', ['requester']);
    expect(answered).toEqual({ ok: true, to: 'submitted' });
    // ...but can once the answer is in.
    expect(transition('submitted', 'accept', ['consultant'])).toEqual({ ok: true, to: 'accepted' });
  });

  it('the psychiatrist can decline or redirect while waiting for information', () => {
    expect(transition('awaiting-information', 'decline', ['consultant'])).toEqual({ ok: true, to: 'declined' });
    expect(transition('awaiting-information', 'redirect', ['consultant'])).toEqual({ ok: true, to: 'redirected' });
  });

  it('advice given can be converted to a joint consultation by the GP, not by the psychiatrist', () => {
    expect(transition('advice-given', 'convert-to-joint', ['requester'])).toEqual({ ok: true, to: 'accepted' });
    expect(transition('advice-given', 'convert-to-joint', ['consultant'])).toEqual({
      ok: false,
      reason: 'wrong-side',
      allowedSides: ['requester'],
    });
  });

  it('advice given can be closed by the GP, not by the psychiatrist', () => {
    expect(transition('advice-given', 'close', ['requester'])).toEqual({ ok: true, to: 'closed' });
    expect(transition('advice-given', 'close', ['consultant'])).toMatchObject({ ok: false, reason: 'wrong-side' });
  });

  it('a declined request is closed by the GP once reviewed', () => {
    expect(transition('declined', 'close', ['requester'])).toEqual({ ok: true, to: 'closed' });
  });

  it('the happy path: draft → submitted → accepted → scheduled → completed → closed', () => {
    const steps: Array<[RequestAction, Side, RequestState]> = [
      ['submit', 'requester', 'submitted'],
      ['accept', 'consultant', 'accepted'],
      ['schedule', 'consultant', 'scheduled'],
      ['complete', 'consultant', 'completed'],
      ['close', 'requester', 'closed'],
    ];
    let state: RequestState = 'draft';
    for (const [action, side, to] of steps) {
      const result = transition(state, action, [side]);
      expect(result).toEqual({ ok: true, to });
      if (result.ok) state = result.to;
    }
    expect(state).toBe('closed');
  });

  it('a joint consultation can be completed without a separate scheduling step', () => {
    expect(transition('accepted', 'complete', ['consultant'])).toEqual({ ok: true, to: 'completed' });
  });

  it('a completed request cannot be cancelled; the GP closes it instead', () => {
    expect(transition('completed', 'cancel', ['requester'])).toEqual({
      ok: false,
      reason: 'illegal-move',
      allowed: ['close', 'enter-in-error', 'reconsult'],
    });
  });

  it('a draft cannot be accepted before it is submitted', () => {
    expect(transition('draft', 'accept', ['consultant'])).toEqual({
      ok: false,
      reason: 'illegal-move',
      allowed: ['submit', 'cancel', 'enter-in-error'],
    });
  });

  it('an illegal move is reported as illegal even to the wrong side (illegal-move wins over wrong-side)', () => {
    expect(transition('closed', 'accept', ['requester'])).toMatchObject({ ok: false, reason: 'illegal-move' });
  });
});
