/**
 * The effect of each lifecycle move on a request, beyond its new state: what changes, what the
 * history keeps, which messages the move sends, and a request it creates. Pure: everything a move
 * needs to know beyond the request itself (its service, whether a calendar is taken…) arrives as
 * `MoveFacts`, gathered by services/move-facts.ts. The transition table (lifecycle.ts) has already
 * said the move is legal for this actor.
 */
import { DomainError } from './errors.js';
import type { ConsultationRequest, DeclineReason, Identifier, OutcomeCode, RequestedForm } from './request.js';
import { firstResourceVersions } from './resource-versions.js';
import { adviceOnlyNeedsAcknowledgement } from './risk.js';
import { recommendationsFrom, type PlanStep, type RecommendationInput } from './advice.js';
import type { ConsultationOutcome } from './outcome.js';
import { bookedAppointment } from './appointment.js';
import { resumedDueAt, withinReconsultWindow, calendarOf } from './sla.js';
import type { Actor } from './actor.js';
import { takesReferralsFrom, type ConsultingService } from './directory.js';
import type { Attachment, MessageKind } from './message.js';
import { submissionEffect } from './submission.js';
import { proposalAfter } from './proposed-times.js';
import { chooseEffect, declineTimesEffect, possibleNow, proposeEffect } from './proposal-moves.js';

/** A move with what the person making it said (already validated at the interface). */
export type ActionInput =
  | { action: 'submit' }
  | { action: 'cancel'; reason: string }
  | { action: 'accept'; agreedForm: RequestedForm; assigneeId?: string | undefined; acknowledgeRisk?: boolean | undefined; note?: string | undefined }
  | { action: 'decline'; reason: DeclineReason; advice: string }
  | { action: 'redirect'; serviceId: string; reason: string }
  | { action: 'request-information'; question: string; attachments?: Attachment[] | undefined; preserved?: Record<string, unknown> | undefined; identifiers?: Identifier[] | undefined }
  | { action: 'provide-information'; answer: string; attachments?: Attachment[] | undefined; preserved?: Record<string, unknown> | undefined; identifiers?: Identifier[] | undefined }
  | { action: 'give-advice'; advice: string; recommendations?: RecommendationInput[] | undefined; acknowledgeRisk?: boolean | undefined }
  | { action: 'convert-to-joint'; agreedForm: 'joint-in-person' | 'joint-video' }
  | { action: 'schedule'; start: string; durationMinutes: number; location?: string | undefined; videoLink?: string | undefined }
  | {
      action: 'complete';
      summary: string;
      outcomeCode: OutcomeCode;
      recommendations: RecommendationInput[];
      medicationAdvice?: string | undefined;
      plan?: PlanStep[] | undefined;
      followUpDate?: string | undefined;
    }
  | { action: 'close'; note?: string | undefined; referralAvoided?: boolean | undefined }
  | { action: 'enter-in-error'; reason: string }
  | { action: 'reconsult'; question: string }
  | { action: 'cancel-visit'; reason: string }
  | { action: 'propose-times'; times: string[]; durationMinutes: number; location?: string | undefined; videoLink?: string | undefined }
  | { action: 'choose-time'; slotId: string }
  | { action: 'decline-times'; note: string };

/** What a move needs to know beyond the request; each move reads only its own (services/move-facts.ts). */
export interface MoveFacts {
  /** The request's consulting service (submit, reconsult, and any move that ends a paused clock). */
  service?: ConsultingService | undefined;
  /** accept: whether the assignee (acceptingAssignee) is a psychiatrist of the request's service. */
  assigneeIsPsychiatrist?: boolean | undefined;
  /** redirect: the service named, if it exists, and the reference its replacement request gets. */
  redirectTarget?: ConsultingService | null | undefined;
  replacementReference?: string | undefined;
  /** provide-information: the question answered (the latest). */
  latestQuestionId?: string | null | undefined;
  /** schedule, choose-time: whether a participant is already booked at that time (their calendars held). */
  calendarClash?: boolean | undefined;
  /** propose-times: the indexes of the times when the psychiatrist or the GP is booked or away. */
  busyProposedTimes?: number[] | undefined;
  /** reconsult: when the request last got its advice or outcome. */
  concludedAt?: Date | null | undefined;
}

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
  actor: Actor;
  request: ConsultationRequest;
  now: Date;
  facts: MoveFacts;
  /** Ids for what the move creates (messages, recommendations, a replacement request). */
  newId: () => string;
}

/** Whom an accept assigns: the psychiatrist named, or the psychiatrist accepting. */
export function acceptingAssignee(actor: Actor, input: { assigneeId?: string | undefined }): string | undefined {
  return input.assigneeId ?? (actor.role === 'psychiatrist' ? actor.id : undefined);
}

/** The schedule move's end time. */
export function appointmentEnd(input: { start: string; durationMinutes: number }): string {
  return new Date(new Date(input.start).getTime() + input.durationMinutes * 60_000).toISOString();
}

const firstResponse = (r: ConsultationRequest, now: Date) => ({ firstResponseAt: r.firstResponseAt ?? now.toISOString() });

const riskAcknowledgementMissing = (field: string) =>
  new DomainError('unprocessable', 'This request carries a risk signal; answering it with advice only must be acknowledged.', {
    issues: [{ field, message: 'Set acknowledgeRisk to true to answer a risk-flagged request with advice only.' }],
  });

function serviceOf(facts: MoveFacts): ConsultingService {
  if (!facts.service) throw new DomainError('internal', 'The consulting service of this request is missing.');
  return facts.service;
}

export function moveEffect(ctx: MoveContext, input: ActionInput): MoveEffect {
  // Whatever ends the wait for information (an answer, a decline, a redirect, a cancellation)
  // first restarts the clock, so paused time is never counted against the service.
  const resumed = ctx.request.state === 'awaiting-information' ? resumedClock(ctx) : {};
  // Proposed times expire when the request moves on, and give way to a booking.
  const proposal = proposalAfter(ctx.request.proposedTimes, input.action);
  const effect = actionEffect(ctx, input);
  return { ...effect, patch: { ...resumed, ...(proposal === undefined ? {} : { proposedTimes: proposal }), ...effect.patch } };
}

/** Whether a move from this state needs the request's service in its facts. */
export function needsService(request: ConsultationRequest, input: ActionInput): boolean {
  const resumes = request.state === 'awaiting-information' && request.dueAt !== null && request.clockPausedAt !== null;
  return resumes || input.action === 'submit' || input.action === 'reconsult';
}

function resumedClock({ request, now, facts }: MoveContext): Partial<ConsultationRequest> {
  if (!request.dueAt || !request.clockPausedAt) return { clockPausedAt: null };
  const service = serviceOf(facts);
  const due = new Date(request.dueAt);
  const pausedAt = new Date(request.clockPausedAt);
  // An immediate target runs on every day, so the pause moves it by the time paused; business-day
  // targets move by the business time paused.
  const dueAt =
    service.slaTargets[request.priority] <= 0 ? new Date(due.getTime() + (now.getTime() - pausedAt.getTime())) : resumedDueAt(due, pausedAt, now, calendarOf(service));
  return { dueAt: dueAt.toISOString(), clockPausedAt: null };
}

function actionEffect(ctx: MoveContext, input: ActionInput): MoveEffect {
  const { actor, request, now, facts, newId } = ctx;
  switch (input.action) {
    case 'submit': {
      const { patch, notes } = submissionEffect(request, serviceOf(facts), now);
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
      const assigneeId = acceptingAssignee(actor, input);
      if (!assigneeId || !facts.assigneeIsPsychiatrist) {
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
      const messageId = newId();
      return {
        patch: { ...firstResponse(request, now), outcome: { kind: 'declined', reason: input.reason, advice: input.advice, messageId } },
        detail: { reason: input.reason, advice: input.advice },
        messages: [{ id: messageId, kind: 'decline', text: input.advice }],
      };
    }
    case 'redirect':
      return redirectEffect(ctx, input.reason);
    case 'request-information': {
      const message = { id: newId(), kind: 'question' as const, text: input.question, attachments: input.attachments, preserved: input.preserved ?? null, identifiers: input.identifiers };
      return { patch: { clockPausedAt: now.toISOString() }, detail: { question: input.question, messageId: message.id }, messages: [message] };
    }
    case 'provide-information': {
      const message = { id: newId(), kind: 'answer' as const, text: input.answer, inResponseTo: facts.latestQuestionId ?? null, attachments: input.attachments, preserved: input.preserved ?? null, identifiers: input.identifiers };
      return { patch: {}, detail: { answer: input.answer, messageId: message.id }, messages: [message] };
    }
    case 'give-advice': {
      if (request.atRisk && !input.acknowledgeRisk) throw riskAcknowledgementMissing('acknowledgeRisk');
      const messageId = newId();
      // The psychiatrist who advises stays responsible, should the GP convert the advice into a joint consultation.
      const assigneeId = request.assigneeId ?? (actor.role === 'psychiatrist' ? actor.id : null);
      const recommendations = recommendationsFrom(input.recommendations ?? [], newId);
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
      // Neither the GP nor the psychiatrist can be in two consultations at once.
      if (facts.calendarClash) {
        throw new DomainError('conflict', 'This time is already booked for a participant; choose another slot.', {
          issues: [{ field: 'start', message: 'A participant has another consultation at this time.' }],
          details: possibleNow(ctx),
        });
      }
      const appointment = bookedAppointment({ start: new Date(input.start).toISOString(), end: appointmentEnd(input), location: input.location, videoLink: input.videoLink }, 'psychiatrist');
      const rescheduled = request.state === 'scheduled';
      return { patch: { appointment }, detail: { appointment, ...(rescheduled ? { rescheduledFrom: request.appointment?.start } : {}) } };
    }
    case 'complete':
      return completionEffect(ctx, input);
    case 'reconsult':
      return reconsultEffect(ctx, input.question);
    case 'cancel-visit': {
      // The called-off appointment stays visible as cancelled until another is booked.
      const appointment = request.appointment ? { ...request.appointment, status: 'cancelled' as const } : null;
      return { patch: { appointment }, detail: { reason: input.reason, cancelledStart: request.appointment?.start } };
    }
    case 'propose-times':
      return proposeEffect(ctx, input);
    case 'choose-time':
      return chooseEffect(ctx, input);
    case 'decline-times':
      return declineTimesEffect(ctx, input);
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

/** The outcome of a consultation, and its letter to the GP. */
function completionEffect({ now, newId }: MoveContext, input: Extract<ActionInput, { action: 'complete' }>): MoveEffect {
  const messageId = newId();
  const recommendations = recommendationsFrom(input.recommendations, newId);
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

/** A redirect ends this request and submits a replacement to another service (FHIR `replaces`). */
function redirectEffect({ request, now, facts, newId }: MoveContext, reason: string): MoveEffect {
  const target = facts.redirectTarget;
  if (!target || !target.active || target.id === request.serviceId || !facts.replacementReference) {
    throw new DomainError('unprocessable', 'A request can only be redirected to another active consulting service.', {
      issues: [{ field: 'serviceId', message: 'Name an active consulting service other than the current one.' }],
    });
  }
  // The target's intake rule holds for a redirected request as for a new one: its practice must be one it takes.
  if (!takesReferralsFrom(target, request.organisationId)) {
    throw new DomainError('unprocessable', 'That consulting service does not take referrals from this practice.', {
      issues: [{ field: 'serviceId', message: 'Not a service that takes referrals from the requesting practice.' }],
    });
  }
  const replacement: ConsultationRequest = {
    ...request,
    id: newId(),
    reference: facts.replacementReference,
    version: 1,
    state: 'submitted',
    serviceId: target.id,
    assigneeId: null,
    agreedForm: null,
    firstResponseAt: null,
    replacesId: request.id,
    replacedById: null,
    proposedTimes: null,
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
    messages: [{ id: newId(), kind: 'information', text: `Redirected to ${target.name} (${replacement.reference}): ${reason}` }],
    created: replacement,
  };
}

/**
 * A follow-up question within the service's re-consult window re-opens the request: the same
 * thread and psychiatrist, a new SLA clock. Past the window, the GP starts a new request.
 */
function reconsultEffect({ request, now, facts, newId }: MoveContext, question: string): MoveEffect {
  const service = serviceOf(facts);
  if (!facts.concludedAt || !withinReconsultWindow(facts.concludedAt, now, service.reconsultMonths)) {
    throw new DomainError('unprocessable', `A follow-up question re-opens a request within ${service.reconsultMonths} months of its advice or outcome; start a new request instead.`, {
      issues: [{ field: 'question', message: 'The re-consult window has passed.' }],
    });
  }
  const { patch } = submissionEffect({ ...request, state: 'draft' }, service, now);
  const message = { id: newId(), kind: 'information' as const, text: question };
  return {
    patch: { ...patch, firstResponseAt: null, outcome: null, appointment: null, proposedTimes: null },
    detail: { question, messageId: message.id, previousOutcome: request.outcome },
    messages: [message],
  };
}
