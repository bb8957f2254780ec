/** What the JSON API returns for a request: one schema for the document and the presenter. */
import { z } from '@hono/zod-openapi';
import { AppointmentSchema, OutcomeSchema, ProposedTimesSchema } from './outcome-schemas.js';
import { EMBEDDED, withheldParts, type EmbeddedPart } from './route-access.js';
import type { Actor } from '../domain/actor.js';
import type { RequestEvent } from '../domain/request-event.js';
import type { ListedRequest } from '../services/queries.js';
import type { SituatedRequest } from '../services/situation.js';
import { ConsultationForm, Coding, Patient, Priority, RequestAction, RequestedForm, Requester, RequestState, SupportingScores } from './schemas.js';

const Ref = z.object({ id: z.string(), name: z.string() });

export const SlaSchema = z
  .object({
    dueAt: z.string().nullable(),
    clock: z.enum(['not-started', 'running', 'paused', 'met', 'missed', 'stopped']),
    timeLeftMs: z.number().nullable(),
    overdue: z.boolean(),
    phoneContactExpected: z.boolean(),
  })
  .openapi('Sla');

export const EventSchema = z
  .object({
    version: z.number().int(),
    at: z.string(),
    action: z.string(),
    from: RequestState.nullable(),
    to: RequestState,
    by: z.object({ kind: z.enum(['user', 'client']), id: z.string(), name: z.string() }),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('RequestEvent');

export const RequestViewSchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    version: z.number().int(),
    status: RequestState,
    priority: Priority,
    requestedPriority: Priority,
    requestedForm: RequestedForm,
    agreedForm: ConsultationForm.nullable(),
    patient: Patient.extend({ birthDate: z.string().nullable() }),
    clinicalQuestion: z.string(),
    reason: z.object({ text: z.string(), codes: z.array(Coding) }),
    consent: z.object({ given: z.boolean(), recordedAt: z.string().optional() }),
    riskFlags: z.array(z.string()),
    scores: SupportingScores,
    atRisk: z.boolean(),
    subSpecialty: z.string().nullable(),
    patientLanguage: z.string().nullable(),
    identifiers: z.array(z.object({ system: z.string(), value: z.string() })),
    organisationId: z.string(),
    requester: Requester,
    service: Ref,
    assignee: Ref.nullable(),
    sla: SlaSchema,
    appointment: AppointmentSchema.nullable(),
    proposedTimes: ProposedTimesSchema.nullable(),
    outcome: OutcomeSchema.nullable(),
    replaces: z.string().nullable(),
    replacedBy: z.string().nullable(),
    submittedAt: z.string().nullable(),
    authoredAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    allowedActions: z.array(RequestAction).openapi({ description: 'The moves the caller may make now.' }),
    timeline: z.array(EventSchema).optional(),
    withheld: z
      .array(z.object({ field: z.enum(Object.keys(EMBEDDED) as [EmbeddedPart, ...EmbeddedPart[]]), scope: z.string() }))
      .optional()
      .openapi({ description: "System clients only: parts left out (null, or each event's detail empty) because the token lacks the scope named." }),
  })
  .openapi('ConsultationRequest');

export type RequestView = z.infer<typeof RequestViewSchema>;

export const RequestPageSchema = z
  .object({ items: z.array(RequestViewSchema), nextCursor: z.string().nullable(), next: z.string().nullable() })
  .openapi('ConsultationRequestPage');

/** A request as its reader sees it. A list's items are written as JSON by api/view-json.ts from the same parts, in this order. */
export function presentRequest(actor: Actor, r: SituatedRequest, timeline?: RequestEvent[]): RequestView {
  // Only parts this view carries: a list item has no timeline to leave out.
  const withheld = withheldParts(actor).filter((w) => timeline || w.field !== 'timeline.detail');
  return {
    ...requestPart(r),
    sla: r.situation.sla,
    ...outcomePart(r, withheld),
    allowedActions: r.situation.allowedActions,
    ...(timeline ? { timeline: timeline.map((e) => presentEvent(e, withheld.some((w) => w.field === 'timeline.detail'))) } : {}),
    ...(withheld.length ? { withheld } : {}),
  };
}

/**
 * A request view's parts in their order: what the request alone decides (`requestPart`, up to the
 * assignee), the SLA clock at this moment, what the request and the caller's scopes decide
 * (`outcomePart`, the appointment to the last change), the caller's moves now. api/view-json.ts
 * writes a kept request's two fixed parts once.
 */
export function requestPart(r: ListedRequest) {
  return {
    id: r.id,
    reference: r.reference,
    version: r.version,
    status: r.state,
    priority: r.priority,
    requestedPriority: r.requestedPriority,
    requestedForm: r.requestedForm,
    agreedForm: r.agreedForm,
    patient: r.patient,
    clinicalQuestion: r.clinicalQuestion,
    reason: r.reason,
    consent: r.consent.recordedAt ? { given: r.consent.given, recordedAt: r.consent.recordedAt } : { given: r.consent.given },
    riskFlags: r.riskFlags,
    scores: r.scores,
    atRisk: r.atRisk,
    subSpecialty: r.subSpecialty,
    patientLanguage: r.patientLanguage,
    identifiers: r.identifiers,
    organisationId: r.organisationId,
    requester: requesterView(r),
    service: { id: r.serviceId, name: r.serviceName },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '' } : null,
  };
}

/** The parts a caller without the scope for them does not see (`withheld`: withheldParts), and the dates. */
export function outcomePart(r: ListedRequest, withheld: readonly { field: EmbeddedPart }[]) {
  const hidden = (field: EmbeddedPart) => withheld.some((w) => w.field === field);
  return {
    appointment: hidden('appointment') ? null : r.appointment,
    proposedTimes: hidden('appointment') ? null : r.proposedTimes,
    outcome: hidden('outcome') ? null : r.outcome,
    replaces: r.replacesId,
    replacedBy: r.replacedById,
    submittedAt: r.submittedAt,
    authoredAt: r.authoredAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function presentEvent(e: RequestEvent, withoutDetail: boolean): z.infer<typeof EventSchema> {
  return {
    version: e.version,
    at: e.at.toISOString(),
    action: e.action,
    from: e.fromState,
    to: e.toState,
    by: { kind: e.actorKind, id: e.actorId, name: e.actorDisplay },
    detail: withoutDetail ? {} : e.detail,
  };
}

/** The requesting GP, or the requester as the requesting system sent it when Liaison knows no such GP. */
export function requesterView(r: ListedRequest): { id: string | null; name: string | null; identifier?: { system: string; value: string } } {
  if (r.requesterId !== null) return { id: r.requesterId, name: r.requesterName };
  const sent = r.requesterAsSent;
  return { id: null, name: sent?.display ?? null, ...(sent?.identifier ? { identifier: sent.identifier } : {}) };
}
