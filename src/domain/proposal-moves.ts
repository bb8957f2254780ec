/**
 * The effects of the moves about proposed times (domain/proposed-times.ts): proposing, choosing
 * (a booking, with the same clash check as `schedule`) and saying none suits. Pure, like moves.ts.
 */
import { bookedAppointment } from './appointment.js';
import { DomainError } from './errors.js';
import { chosenTime, movesNow, newProposal, type TimesProposal } from './proposed-times.js';
import { sidesOf } from './access.js';
import type { ActionInput, MoveContext, MoveEffect } from './moves.js';

type Input<A extends ActionInput['action']> = Extract<ActionInput, { action: A }>;

/** What a 409 says besides why: where the request stands and the moves possible now (as a refused move's 409 does). */
export function possibleNow({ actor, request }: Pick<MoveContext, 'actor' | 'request'>): Record<string, unknown> {
  return { currentState: request.state, allowedActions: movesNow(request), yourAllowedActions: movesNow(request, sidesOf(actor, request)) };
}

const openProposal = (ctx: MoveContext): TimesProposal => {
  // The service checked an open proposal before the move (movesNow); this guards the pure function.
  const proposal = ctx.request.proposedTimes;
  if (proposal?.status !== 'open') throw new DomainError('internal', 'There is no open proposal of times.');
  return proposal;
};

export function proposeEffect(ctx: MoveContext, input: Input<'propose-times'>): MoveEffect {
  const proposal = newProposal(input, ctx.now, ctx.facts.busyProposedTimes ?? [], ctx.newId);
  return {
    patch: { proposedTimes: proposal },
    detail: { times: proposal.times, ...(proposal.location ? { location: proposal.location } : {}), ...(proposal.videoLink ? { videoLink: proposal.videoLink } : {}) },
  };
}

export function chooseEffect(ctx: MoveContext, input: Input<'choose-time'>): MoveEffect {
  const proposal = openProposal(ctx);
  const time = chosenTime(proposal, input.slotId);
  // The psychiatrist's calendar may have filled since the proposal: the same rule as a booking.
  if (ctx.facts.calendarClash) {
    throw new DomainError('conflict', 'This time has been taken since it was proposed; choose another, or say none of the times suits you.', {
      issues: [{ field: 'slotId', message: 'A participant has another consultation at this time now.' }],
      details: possibleNow(ctx),
    });
  }
  // Both have agreed to it: the psychiatrist by proposing, the GP by choosing.
  const appointment = bookedAppointment({ start: time.start, end: time.end, location: proposal.location, videoLink: proposal.videoLink }, 'gp');
  appointment.participants.psychiatrist = 'accepted';
  return { patch: { appointment, proposedTimes: null }, detail: { appointment, slotId: time.id, proposedAt: proposal.proposedAt } };
}

export function declineTimesEffect(ctx: MoveContext, input: Input<'decline-times'>): MoveEffect {
  const proposal = openProposal(ctx);
  return { patch: { proposedTimes: { ...proposal, status: 'declined', note: input.note } }, detail: { note: input.note, proposedAt: proposal.proposedAt } };
}
