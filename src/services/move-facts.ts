/**
 * What a lifecycle move needs to know beyond the request, read inside the move's transaction
 * (domain/moves.ts decides with it). Each move reads only its own facts; a booking first holds
 * both participants' calendars, so a booking of another request for either waits and then sees it.
 */
import { DomainError } from '../domain/errors.js';
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
