/**
 * What a lifecycle move needs to know beyond the request, read inside the move's transaction
 * (domain/moves.ts decides with it). Each move reads only its own facts; a booking first holds
 * both participants' calendars, so a booking of another request for either waits and then sees it.
 */
import { DomainError } from '../domain/errors.js';
import { conflicts, type Interval } from '../domain/availability.js';
import { acceptingAssignee, appointmentEnd, needsService, type ActionInput, type MoveFacts } from '../domain/moves.js';
import type { ConsultationRequest } from '../domain/request.js';
import type { Actor } from '../domain/actor.js';
import type { Store } from './ports/store.js';

export async function moveFacts(store: Store, actor: Actor, request: ConsultationRequest, input: ActionInput): Promise<MoveFacts> {
  const facts: MoveFacts = {};
  if (needsService(request, input)) {
    facts.service = (await store.directory.findService(request.serviceId)) ?? undefined;
    if (!facts.service) throw new DomainError('internal', 'The consulting service of this request is missing.');
  }
  switch (input.action) {
    case 'accept': {
      const assigneeId = acceptingAssignee(actor, input);
      // A psychiatrist accepting for themselves: who they are and where they work was read for this call.
      const self = assigneeId === actor.id && actor.kind === 'user' && actor.role === 'psychiatrist' && actor.serviceIds.includes(request.serviceId);
      facts.assigneeIsPsychiatrist = self || (assigneeId !== undefined && (await store.directory.isPsychiatristOf(request.serviceId, assigneeId)));
      break;
    }
    case 'redirect': {
      const target = await store.directory.findService(input.serviceId);
      facts.redirectTarget = target;
      // A reference is taken only for a replacement that will exist.
      if (target && target.active && target.id !== request.serviceId) facts.replacementReference = await store.requests.nextReference();
      break;
    }
    case 'provide-information':
      facts.latestQuestionId = (await store.messages.latest(request.id, 'question'))?.id ?? null;
      break;
    case 'schedule':
      facts.calendarClash = await calendarClash(store, request, new Date(input.start), new Date(appointmentEnd(input)));
      break;
    case 'choose-time': {
      const time = request.proposedTimes?.times.find((t) => t.id === input.slotId);
      if (time) facts.calendarClash = await calendarClash(store, request, new Date(time.start), new Date(time.end));
      break;
    }
    case 'propose-times':
      facts.busyProposedTimes = await busyTimes(store, request, input.times.map((t) => new Date(t)), input.durationMinutes);
      break;
    case 'reconsult':
      facts.concludedAt = (await store.requests.events(request.id)).filter((e) => e.action === 'complete' || e.action === 'give-advice').at(-1)?.at ?? null;
      break;
  }
  return facts;
}

/** Whether the GP or the psychiatrist has another consultation at that time; their calendars stay held. */
async function calendarClash(store: Store, request: ConsultationRequest, start: Date, end: Date): Promise<boolean> {
  const people = [request.requesterId, request.assigneeId].filter((p): p is string => p !== null);
  await store.requests.lockCalendarsOf(people);
  for (const person of people) {
    if ((await store.requests.bookedFor(person, start, end)).some((b) => b.requestId !== request.id)) return true;
  }
  return false;
}

/**
 * Which proposed times clash with the psychiatrist's or the GP's calendar: another consultation, or
 * time they marked away. Nothing is held: a proposal books nothing, the choice checks again.
 */
async function busyTimes(store: Store, request: ConsultationRequest, starts: Date[], durationMinutes: number): Promise<number[]> {
  const valid = starts.filter((s) => !Number.isNaN(s.getTime()));
  if (!valid.length) return [];
  const from = new Date(Math.min(...valid.map((s) => s.getTime())));
  const to = new Date(Math.max(...valid.map((s) => s.getTime())) + durationMinutes * 60_000);
  const busy: Interval[] = [];
  for (const person of [request.requesterId, request.assigneeId].filter((p): p is string => p !== null)) {
    const away = (await store.directory.availabilityOf(person))?.unavailable ?? [];
    busy.push(...away.map((u) => ({ start: new Date(u.start), end: new Date(u.end) })));
    busy.push(...(await store.requests.bookedFor(person, from, to)).filter((b) => b.requestId !== request.id));
  }
  return starts.flatMap((start, i) => (conflicts(busy, { start, end: new Date(start.getTime() + durationMinutes * 60_000) }) ? [i] : []));
}
