/**
 * The effect of each lifecycle move on a request, beyond its new state. The transition table
 * in src/domain/lifecycle.ts has already said the move is legal for this actor.
 */
import { DomainError } from '../domain/errors.js';
import type { ConsultationRequest, Identifier } from '../domain/request.js';
import { firstResourceVersions } from '../domain/resource-versions.js';
import { adviceOnlyNeedsAcknowledgement } from '../domain/risk.js';
import { recommendationsFrom } from '../domain/advice.js';
import type { ConsultationOutcome } from '../domain/outcome.js';
import { bookedAppointment } from '../domain/appointment.js';
import { resumedDueAt, withinReconsultWindow } from '../domain/sla.js';
import type { ActionInput } from './inputs.js';
import type { Actor } from '../domain/actor.js';
import type { ConsultingService } from '../domain/directory.js';
import type { Attachment, MessageKind } from '../domain/message.js';
import type { Store } from './ports/store.js';
import { submissionEffect } from './submission.js';

/** A message the move sends; the author and time are the move's. */
export interface MoveMessage {
  id: string;
  kind: MessageKind;
  text: string;
  inResponseTo?: string | null;
  attachments?: Attachment[] | undefined;
  preserved?: Record<string, unknown> | null;
  identifiers?: Identifier[] | undefined;
}

export interface MoveEffect {
  patch: Partial<ConsultationRequest>;
  detail: Record<string, unknown>;
  messages?: MoveMessage[];
  /** A request created by the move (a redirect's replacement), inserted in the same transaction. */
  created?: ConsultationRequest;
}

export interface MoveContext {
  store: Store;
  actor: Actor;
  request: ConsultationRequest;
  now: Date;
}

const firstResponse = (r: ConsultationRequest, now: Date) => ({ firstResponseAt: r.firstResponseAt ?? now.toISOString() });

const riskAcknowledgementMissing = (field: string) =>
  new DomainError('unprocessable', 'This request carries a risk signal; answering it with advice only must be acknowledged.', {
    issues: [{ field, message: 'Set acknowledgeRisk to true to answer a risk-flagged request with advice only.' }],
  });

async function serviceOf(store: Store, id: string): Promise<ConsultingService> {
  const service = await store.directory.findService(id);
  if (!service) throw new DomainError('internal', 'The consulting service of this request is missing.');
  return service;
}

export async function moveEffect(ctx: MoveContext, input: ActionInput): Promise<MoveEffect> {
  // Whatever ends the wait for information (an answer, a decline, a redirect, a cancellation)
  // first restarts the clock, so paused time is never counted against the service.
  const resumed = ctx.request.state === 'awaiting-information' ? await resumedClock(ctx) : {};
  const effect = await actionEffect(ctx, input);
  return { ...effect, patch: { ...resumed, ...effect.patch } };
}

async function resumedClock({ store, request, now }: MoveContext): Promise<Partial<ConsultationRequest>> {
  if (!request.dueAt || !request.clockPausedAt) return { clockPausedAt: null };
  const service = await serviceOf(store, request.serviceId);
  const due = new Date(request.dueAt);
  const pausedAt = new Date(request.clockPausedAt);
  // An immediate target runs on every day, so the pause moves it by the time paused; business-day
  // targets move by the business time paused.
  const dueAt =
    service.slaTargets[request.priority] <= 0 ? new Date(due.getTime() + (now.getTime() - pausedAt.getTime())) : resumedDueAt(due, pausedAt, now, service.timeZone);
  return { dueAt: dueAt.toISOString(), clockPausedAt: null };
}

async function actionEffect(ctx: MoveContext, input: ActionInput): Promise<MoveEffect> {
  const { store, actor, request, now } = ctx;
  switch (input.action) {
    case 'submit': {
      const { patch, notes } = submissionEffect(request, await serviceOf(store, request.serviceId), now);
      return { patch, detail: notes.length ? { notes } : {} };
    }
    case 'cancel':
    case 'enter-in-error':
      return { patch: {}, detail: { reason: input.reason } };
    case 'accept': {
      // A request whose form the requesting system could not name gets its form here, from the psychiatrist.
      if (input.agreedForm === 'unspecified') {
        throw new DomainError('unprocessable', 'Choose the form of consultation when accepting: the request does not name one.', {
          issues: [{ field: 'agreedForm', message: 'Name the agreed form (joint-in-person, joint-video, advice-only, case-discussion or clinic-visit).' }],
        });
      }
      const agreedForm = input.agreedForm;
      const assigneeId = input.assigneeId ?? (actor.role === 'psychiatrist' ? actor.id : undefined);
      if (!assigneeId || !(await store.directory.isPsychiatristOf(request.serviceId, assigneeId))) {
        throw new DomainError('unprocessable', 'The request must be assigned to a psychiatrist of its consulting service.', {
          issues: [{ field: 'assigneeId', message: 'Name a psychiatrist who works in this consulting service.' }],
        });
      }
      if (adviceOnlyNeedsAcknowledgement(request.atRisk, agreedForm) && !input.acknowledgeRisk) {
        throw riskAcknowledgementMissing('acknowledgeRisk');
      }
      return {
        patch: { assigneeId, agreedForm, ...firstResponse(request, now) },
        detail: {
          assigneeId,
          agreedForm,
          ...(input.note ? { note: input.note } : {}),
          ...(input.acknowledgeRisk ? { riskAcknowledged: true } : {}),
        },
      };
    }
    case 'decline': {
      const messageId = crypto.randomUUID();
      return {
        patch: { ...firstResponse(request, now), outcome: { kind: 'declined', reason: input.reason, advice: input.advice, messageId } },
        detail: { reason: input.reason, advice: input.advice },
        messages: [{ id: messageId, kind: 'decline', text: input.advice }],
      };
    }
    case 'redirect':
      return redirectEffect(ctx, input.serviceId, input.reason);
    case 'request-information': {
      const message = { id: crypto.randomUUID(), kind: 'question' as const, text: input.question, attachments: input.attachments, preserved: input.preserved ?? null, identifiers: input.identifiers };
      return { patch: { clockPausedAt: now.toISOString() }, detail: { question: input.question, messageId: message.id }, messages: [message] };
    }
    case 'provide-information': {
      const question = await store.messages.latest(request.id, 'question');
      const message = { id: crypto.randomUUID(), kind: 'answer' as const, text: input.answer, inResponseTo: question?.id ?? null, attachments: input.attachments, preserved: input.preserved ?? null, identifiers: input.identifiers };
      return { patch: {}, detail: { answer: input.answer, messageId: message.id }, messages: [message] };
    }
    case 'give-advice': {
      if (request.atRisk && !input.acknowledgeRisk) throw riskAcknowledgementMissing('acknowledgeRisk');
      const messageId = crypto.randomUUID();
      // The psychiatrist who advises stays responsible, should the GP convert the advice into a joint consultation.
      const assigneeId = request.assigneeId ?? (actor.role === 'psychiatrist' ? actor.id : null);
      const recommendations = recommendationsFrom(input.recommendations ?? [], () => crypto.randomUUID());
      return {
        patch: { ...firstResponse(request, now), assigneeId, outcome: { kind: 'advice', advice: input.advice, recommendations, messageId, at: now.toISOString() } },
        detail: { advice: input.advice, ...(input.acknowledgeRisk ? { riskAcknowledged: true } : {}) },
        messages: [{ id: messageId, kind: 'advice', text: [input.advice, ...recommendations.map((r) => `- ${r.text}`)].join('\n') }],
      };
    }
    case 'convert-to-joint':
      if (!request.assigneeId) {
        throw new DomainError('unprocessable', 'No psychiatrist is responsible for this advice yet: the service assigns one first.', {
          issues: [{ field: 'assigneeId', message: 'The request has no assigned psychiatrist.' }],
        });
      }
      return { patch: { agreedForm: input.agreedForm }, detail: { agreedForm: input.agreedForm } };
    case 'schedule': {
      const end = new Date(new Date(input.start).getTime() + input.durationMinutes * 60_000).toISOString();
      // Neither the GP nor the psychiatrist can be in two consultations at once: hold both
      // calendars first, so a booking of another request for either waits and then sees this one.
      const people = [request.requesterId, request.assigneeId].filter((p): p is string => p !== null);
      await store.requests.lockCalendarsOf(people);
      for (const person of people) {
        const clash = (await store.requests.bookedFor(person, new Date(input.start), new Date(end))).filter((b) => b.requestId !== request.id);
        if (clash.length) {
          throw new DomainError('conflict', 'This time is already booked for a participant; choose another slot.', {
            issues: [{ field: 'start', message: 'A participant has another consultation at this time.' }],
          });
        }
      }
      const appointment = bookedAppointment({ start: new Date(input.start).toISOString(), end, location: input.location, videoLink: input.videoLink }, 'psychiatrist');
      const rescheduled = request.state === 'scheduled';
      return { patch: { appointment }, detail: { appointment, ...(rescheduled ? { rescheduledFrom: request.appointment?.start } : {}) } };
    }
    case 'complete': {
      const messageId = crypto.randomUUID();
      const recommendations = recommendationsFrom(input.recommendations, () => crypto.randomUUID());
      const plan = input.plan ?? [];
      const outcome: ConsultationOutcome = {
        kind: 'outcome',
        summary: input.summary,
        outcomeCode: input.outcomeCode,
        recommendations,
        ...(input.medicationAdvice ? { medicationAdvice: input.medicationAdvice } : {}),
        plan,
        ...(input.followUpDate ? { followUpDate: input.followUpDate } : {}),
        messageId,
        at: now.toISOString(),
      };
      const letter = [
        input.summary,
        ...recommendations.map((r) => `- ${r.text}`),
        ...(input.medicationAdvice ? [`Medication: ${input.medicationAdvice}`] : []),
        ...plan.map((s) => `Next (${s.who}${s.due ? `, by ${s.due}` : ''}): ${s.what}`),
        ...(input.followUpDate ? [`Follow-up: ${input.followUpDate}`] : []),
      ].join('\n');
      return { patch: { outcome }, detail: { outcomeCode: input.outcomeCode }, messages: [{ id: messageId, kind: 'outcome', text: letter }] };
    }
    case 'reconsult':
      return reconsultEffect(ctx, input.question);
    case 'cancel-visit': {
      // The called-off appointment stays visible as cancelled until another is booked.
      const appointment = request.appointment ? { ...request.appointment, status: 'cancelled' as const } : null;
      return { patch: { appointment }, detail: { reason: input.reason, cancelledStart: request.appointment?.start } };
    }
    case 'close':
      return {
        patch: {},
        detail: {
          ...(input.note ? { note: input.note } : {}),
          ...(input.referralAvoided === undefined ? {} : { referralAvoided: input.referralAvoided }),
        },
      };
  }
}

/** A redirect ends this request and submits a replacement to another service (FHIR `replaces`). */
async function redirectEffect(ctx: MoveContext, serviceId: string, reason: string): Promise<MoveEffect> {
  const { store, request, now } = ctx;
  const target = await store.directory.findService(serviceId);
  if (!target || !target.active || target.id === request.serviceId) {
    throw new DomainError('unprocessable', 'A request can only be redirected to another active consulting service.', {
      issues: [{ field: 'serviceId', message: 'Name an active consulting service other than the current one.' }],
    });
  }
  const replacement: ConsultationRequest = {
    ...request,
    id: crypto.randomUUID(),
    reference: await store.requests.nextReference(),
    version: 1,
    state: 'submitted',
    serviceId: target.id,
    assigneeId: null,
    agreedForm: null,
    firstResponseAt: null,
    replacesId: request.id,
    replacedById: null,
    identifiers: [],
    preserved: null,
    taskPreserved: null,
    resourceVersions: firstResourceVersions(now.toISOString()),
    appointment: null,
    outcome: null,
    authoredAt: now.toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  Object.assign(replacement, submissionEffect(replacement, target, now).patch);
  return {
    patch: { replacedById: replacement.id, ...firstResponse(request, now) },
    detail: { reason, serviceId: target.id, replacedBy: replacement.reference },
    // The GP is told why, in the request's conversation.
    messages: [{ id: crypto.randomUUID(), kind: 'information', text: `Redirected to ${target.name} (${replacement.reference}): ${reason}` }],
    created: replacement,
  };
}

/**
 * A follow-up question within the service's re-consult window re-opens the request: the same
 * thread and psychiatrist, a new SLA clock. Past the window, the GP starts a new request.
 */
async function reconsultEffect(ctx: MoveContext, question: string): Promise<MoveEffect> {
  const { store, request, now } = ctx;
  const service = await serviceOf(store, request.serviceId);
  const concluded = (await store.requests.events(request.id)).filter((e) => e.action === 'complete' || e.action === 'give-advice').at(-1);
  if (!concluded || !withinReconsultWindow(concluded.at, now, service.reconsultMonths)) {
    throw new DomainError('unprocessable', `A follow-up question re-opens a request within ${service.reconsultMonths} months of its advice or outcome; start a new request instead.`, {
      issues: [{ field: 'question', message: 'The re-consult window has passed.' }],
    });
  }
  const { patch } = submissionEffect({ ...request, state: 'draft' }, service, now);
  const message = { id: crypto.randomUUID(), kind: 'information' as const, text: question };
  return {
    patch: { ...patch, firstResponseAt: null, outcome: null, appointment: null },
    detail: { question, messageId: message.id, previousOutcome: request.outcome },
    messages: [message],
  };
}
