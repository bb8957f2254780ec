/**
 * Times the psychiatrist proposes for a joint consultation, for the GP to choose from (issue 14).
 * The psychiatrist proposes two to five times, each free in their calendar and, where Liaison knows
 * the GP, in the GP's; the GP chooses one (which books it, like `schedule`) or says none suits
 * them, with a short note back. A proposal expires when one is chosen, when the psychiatrist
 * books directly, or when the request moves on. FHIR shows it as the request's Appointment with
 * `status: proposed` and the proposed times as `requestedPeriod` (fhir/resources/appointment.ts).
 */
import { DomainError } from './errors.js';
import { allowedActions, type RequestAction, type RequestState, type Side } from './lifecycle.js';

export const PROPOSED_TIMES_MIN = 2;
export const PROPOSED_TIMES_MAX = 5;

export interface ProposedTime {
  id: string;
  start: string;
  end: string;
}

export interface TimesProposal {
  times: ProposedTime[];
  location?: string | undefined;
  videoLink?: string | undefined;
  proposedAt: string;
  /** open: waiting for the GP; declined: none suits the GP (their note is for the psychiatrist); expired: the request moved on without a choice. */
  status: 'open' | 'declined' | 'expired';
  /** The GP's note when none of the times suits them. */
  note?: string | undefined;
}

/** The moves that answer a proposal: possible only while one is open. */
const ANSWERS_TO_PROPOSAL: readonly RequestAction[] = ['choose-time', 'decline-times'];

/** Moves that keep a proposal as it is or deal with it themselves. */
const PROPOSAL_MOVES: readonly RequestAction[] = ['propose-times', 'choose-time', 'decline-times'];

/** Bookings: the proposal gives way to the appointment. */
const BOOKINGS: readonly RequestAction[] = ['schedule', 'choose-time'];

export const isOpen = (p: TimesProposal | null | undefined): p is TimesProposal => p?.status === 'open';

/**
 * The moves possible now: the lifecycle's, less the answers to a proposal when none is open.
 * The situation of every request and every 409 say these.
 */
export function movesNow(request: { state: RequestState; proposedTimes: TimesProposal | null }, sides?: readonly Side[]): RequestAction[] {
  const open = isOpen(request.proposedTimes);
  return allowedActions(request.state, sides).filter((a) => open || !ANSWERS_TO_PROPOSAL.includes(a));
}

/** Whether the move needs an open proposal the request does not have. */
export function needsOpenProposal(request: { proposedTimes: TimesProposal | null }, action: RequestAction): boolean {
  return ANSWERS_TO_PROPOSAL.includes(action) && !isOpen(request.proposedTimes);
}

/**
 * What happens to a proposal when another move is made: a booking replaces it (its history keeps
 * it); any other move expires it. `undefined`: unchanged.
 */
export function proposalAfter(proposal: TimesProposal | null, action: RequestAction): TimesProposal | null | undefined {
  if (!proposal || (PROPOSAL_MOVES.includes(action) && action !== 'choose-time')) return undefined;
  if (BOOKINGS.includes(action)) return null;
  return proposal.status === 'expired' ? undefined : { ...proposal, status: 'expired' };
}

export interface ProposalInput {
  times: string[];
  durationMinutes: number;
  location?: string | undefined;
  videoLink?: string | undefined;
}

/**
 * A new proposal, checked: two to five distinct times, all still ahead, none clashing with the
 * psychiatrist's or the GP's calendar (`busy`: the indexes of the times that do).
 */
export function newProposal(input: ProposalInput, now: Date, busy: readonly number[], newId: () => string): TimesProposal {
  if (input.times.length < PROPOSED_TIMES_MIN || input.times.length > PROPOSED_TIMES_MAX) {
    throw new DomainError('unprocessable', `Propose from ${PROPOSED_TIMES_MIN} to ${PROPOSED_TIMES_MAX} times.`, {
      issues: [{ field: 'times', message: `Give ${PROPOSED_TIMES_MIN} to ${PROPOSED_TIMES_MAX} times.` }],
    });
  }
  const starts = input.times.map((t) => new Date(t).getTime());
  const issues = starts.flatMap((start, i) => {
    if (start <= now.getTime()) return [{ field: `times.${i}`, message: 'This time has passed; propose a time still ahead.' }];
    if (starts.indexOf(start) !== i) return [{ field: `times.${i}`, message: 'This time is proposed twice.' }];
    return [];
  });
  if (issues.length) throw new DomainError('unprocessable', 'Some proposed times cannot be offered.', { issues });
  if (busy.length) {
    throw new DomainError('conflict', 'A proposed time is not free: the psychiatrist or the GP has another consultation or is away then.', {
      issues: busy.map((i) => ({ field: `times.${i}`, message: 'Not free: another consultation or time away.' })),
    });
  }
  const minutes = input.durationMinutes * 60_000;
  return {
    times: starts.map((start) => ({ id: newId(), start: new Date(start).toISOString(), end: new Date(start + minutes).toISOString() })),
    ...(input.location ? { location: input.location } : {}),
    ...(input.videoLink ? { videoLink: input.videoLink } : {}),
    proposedAt: now.toISOString(),
    status: 'open',
  };
}

/** The time the GP chose, from the open proposal; another id is a 422 naming `slotId`. */
export function chosenTime(proposal: TimesProposal, slotId: string): ProposedTime {
  const time = proposal.times.find((t) => t.id === slotId);
  if (!time) {
    throw new DomainError('unprocessable', 'That is not one of the proposed times.', {
      issues: [{ field: 'slotId', message: 'Choose one of the proposed times (their ids are in proposedTimes.times).' }],
    });
  }
  return time;
}

/**
 * Times to suggest for a proposal out of the free slots (in order): spread over different days
 * first (a GP can rarely do two mornings alike), then any others that do not overlap those chosen.
 */
export function spreadOut<T extends { start: Date; end: Date }>(slots: readonly T[], count: number, timeZone: string): T[] {
  const dayOf = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const chosen: T[] = [];
  const days = new Set<string>();
  for (const slot of slots) {
    if (chosen.length >= count) break;
    if (!days.has(dayOf(slot.start))) {
      days.add(dayOf(slot.start));
      chosen.push(slot);
    }
  }
  for (const slot of slots) {
    if (chosen.length >= count) break;
    if (!chosen.some((c) => c.start < slot.end && slot.start < c.end)) chosen.push(slot);
  }
  return chosen.sort((a, b) => a.start.getTime() - b.start.getTime());
}
