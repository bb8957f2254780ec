/**
 * The effect of each lifecycle move on a request, beyond its new state. The transition table
 * in src/domain/lifecycle.ts has already said the move is legal for this actor.
 */
import { DomainError } from '../domain/errors.js';
import type { ConsultationRequest } from '../domain/request.js';
import { adviceOnlyNeedsAcknowledgement } from '../domain/risk.js';
import { resumedDueAt } from '../domain/sla.js';
import type { ActionInput } from './inputs.js';
import type { Actor, ConsultingService, Store } from './ports.js';
import { submissionEffect } from './submission.js';

export interface MoveEffect {
  patch: Partial<ConsultationRequest>;
  detail: Record<string, unknown>;
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
  const { store, actor, request, now } = ctx;
  switch (input.action) {
    case 'submit': {
      const { patch, notes } = submissionEffect(request, await serviceOf(store, request.serviceId), now);
      return { patch, detail: notes.length ? { notes } : {} };
    }
    case 'cancel':
    case 'enter-in-error':
      return { patch: { clockPausedAt: null }, detail: { reason: input.reason } };
    case 'accept': {
      const assigneeId = input.assigneeId ?? (actor.role === 'psychiatrist' ? actor.id : undefined);
      if (!assigneeId || !(await store.directory.isPsychiatristOf(request.serviceId, assigneeId))) {
        throw new DomainError('unprocessable', 'The request must be assigned to a psychiatrist of its consulting service.', {
          issues: [{ field: 'assigneeId', message: 'Name a psychiatrist who works in this consulting service.' }],
        });
      }
      if (adviceOnlyNeedsAcknowledgement(request.atRisk, input.agreedForm) && !input.acknowledgeRisk) {
        throw riskAcknowledgementMissing('acknowledgeRisk');
      }
      return {
        patch: { assigneeId, agreedForm: input.agreedForm, ...firstResponse(request, now) },
        detail: { assigneeId, agreedForm: input.agreedForm, ...(input.note ? { note: input.note } : {}) },
      };
    }
    case 'decline':
      return {
        patch: { ...firstResponse(request, now), outcome: { kind: 'declined', reason: input.reason, advice: input.advice } },
        detail: { reason: input.reason, advice: input.advice },
      };
    case 'redirect':
      return redirectEffect(ctx, input.serviceId, input.reason);
    case 'request-information':
      return { patch: { clockPausedAt: now.toISOString() }, detail: { question: input.question } };
    case 'provide-information': {
      const patch: Partial<ConsultationRequest> = { clockPausedAt: null };
      if (request.dueAt && request.clockPausedAt) {
        const service = await serviceOf(store, request.serviceId);
        patch.dueAt = resumedDueAt(new Date(request.dueAt), new Date(request.clockPausedAt), now, service.timeZone).toISOString();
      }
      return { patch, detail: { answer: input.answer } };
    }
    case 'give-advice':
      if (request.atRisk && !input.acknowledgeRisk) throw riskAcknowledgementMissing('acknowledgeRisk');
      return {
        patch: { ...firstResponse(request, now), outcome: { kind: 'advice', advice: input.advice } },
        detail: { advice: input.advice },
      };
    case 'convert-to-joint':
      return { patch: { agreedForm: input.agreedForm }, detail: { agreedForm: input.agreedForm } };
    case 'schedule': {
      const end = new Date(new Date(input.start).getTime() + input.durationMinutes * 60_000).toISOString();
      const appointment = {
        start: new Date(input.start).toISOString(),
        end,
        ...(input.location ? { location: input.location } : {}),
        ...(input.videoLink ? { videoLink: input.videoLink } : {}),
      };
      return { patch: { appointment }, detail: { appointment } };
    }
    case 'complete': {
      const outcome = {
        kind: 'outcome',
        summary: input.summary,
        outcomeCode: input.outcomeCode,
        recommendations: input.recommendations,
        ...(input.followUpDate ? { followUpDate: input.followUpDate } : {}),
      };
      return { patch: { outcome }, detail: { outcomeCode: input.outcomeCode } };
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
    appointment: null,
    outcome: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  Object.assign(replacement, submissionEffect(replacement, target, now).patch);
  return {
    patch: { replacedById: replacement.id, clockPausedAt: null, ...firstResponse(request, now) },
    detail: { reason, serviceId: target.id, replacedBy: replacement.reference },
    created: replacement,
  };
}
