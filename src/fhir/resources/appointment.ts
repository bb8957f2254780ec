/**
 * Appointment (https://hl7.org/fhir/R4/appointment.html): the joint consultation or clinic visit
 * of a request, basedOn its ServiceRequest, one participant per person with their own answer.
 * It shares the request's id. Read and search only: it is booked through the lifecycle.
 *
 * Times the psychiatrist proposed show as the same Appointment with `status: proposed`, no start
 * and the times as `requestedPeriod`, the psychiatrist `accepted` and the GP `needs-action`
 * (`declined` when none suits them); once one is chosen it is `booked` at that time, and a
 * proposal the request moved on from is `cancelled`.
 */
import { ENDED_WITH_REQUEST } from '../../domain/appointment.js';
import type { TimesProposal } from '../../domain/proposed-times.js';
import { DomainError } from '../../domain/errors.js';
import type { ListedRequest } from '../../services/queries.js';
import { ok, resourceId, versionHeaders, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { APPOINTMENT_PARAMS, withAppointment } from '../search/more-params.js';
import type { Json, Resource } from '../types.js';
import { searchRequests } from './request-search.js';
import { identifierOf } from './service-request-out.js';
import { requesterElsewhere } from './requester.js';

export function toAppointment(r: ListedRequest): Resource | null {
  if (r.proposedTimes) return proposedAppointment(r, r.proposedTimes);
  const booked = r.appointment;
  if (!booked?.start) return null;
  const answers = booked.participants ?? { gp: 'needs-action', psychiatrist: 'needs-action', patient: 'needs-action' };
  const where = [booked.location, booked.videoLink ? `Video: ${booked.videoLink}` : undefined].filter(Boolean).join(' · ');
  return {
    resourceType: 'Appointment',
    id: r.id,
    // Versioned by its own content (domain/resource-versions.ts): a message or a change to the request's content is not a new Appointment.
    meta: { versionId: String(r.resourceVersions.appointment.version), lastUpdated: r.resourceVersions.appointment.at },
    status: ENDED_WITH_REQUEST[r.state] ?? booked.status ?? 'booked',
    basedOn: [{ reference: `ServiceRequest/${r.id}` }],
    start: booked.start,
    end: booked.end,
    minutesDuration: Math.round((new Date(booked.end).getTime() - new Date(booked.start).getTime()) / 60_000),
    ...(where ? { comment: where } : {}),
    participant: [
      // The GP of the practice; when the practice's system named none Liaison knows, the referrer as sent.
      { ...gpParticipant(r), required: 'required', status: answers.gp },
      ...(r.assigneeId ? [{ actor: { reference: `Practitioner/${r.assigneeId}`, ...(r.assigneeName ? { display: r.assigneeName } : {}) }, required: 'required', status: answers.psychiatrist }] : []),
      { actor: { identifier: identifierOf(r.patient.identifier) }, required: 'required', status: answers.patient },
    ],
  };
}

function proposedAppointment(r: ListedRequest, proposal: TimesProposal): Resource {
  const gp = proposal.status === 'declined' ? 'declined' : 'needs-action';
  const where = [proposal.location, proposal.videoLink ? `Video: ${proposal.videoLink}` : undefined].filter(Boolean).join(' · ');
  return {
    resourceType: 'Appointment',
    id: r.id,
    meta: { versionId: String(r.resourceVersions.appointment.version), lastUpdated: r.resourceVersions.appointment.at },
    status: ENDED_WITH_REQUEST[r.state] ?? (proposal.status === 'expired' ? 'cancelled' : 'proposed'),
    basedOn: [{ reference: `ServiceRequest/${r.id}` }],
    created: proposal.proposedAt,
    ...(where ? { comment: where } : {}),
    participant: [
      { ...gpParticipant(r), required: 'required', status: gp },
      ...(r.assigneeId ? [{ actor: { reference: `Practitioner/${r.assigneeId}`, ...(r.assigneeName ? { display: r.assigneeName } : {}) }, required: 'required', status: 'accepted' }] : []),
      { actor: { identifier: identifierOf(r.patient.identifier) }, required: 'required', status: 'needs-action' },
    ],
    requestedPeriod: proposal.times.map((t) => ({ start: t.start, end: t.end })),
  };
}

export async function readAppointment(ctx: FhirContext, id: string): Promise<FhirResult> {
  const request = await ctx.services.requests.find(ctx.actor, resourceId(id, 'Appointment'));
  const resource = toAppointment(request);
  if (!resource) throw new DomainError('not_found', `Appointment/${id} is not known here.`);
  return ok(resource, 200, versionHeaders(resource));
}

/** Search by `based-on`, `actor` (Practitioner/{id}) and `date`, paged like every request search. */
export const searchAppointments = (ctx: FhirContext, req: FhirRequest): Promise<FhirResult> =>
  searchRequests(ctx, req, { type: 'Appointment', definitions: APPOINTMENT_PARAMS, render: toAppointment, filters: withAppointment });

function gpParticipant(r: ListedRequest): Json {
  const actor = requesterElsewhere(r, r.requesterName);
  if (r.requesterId !== null) return { actor };
  return { ...(actor && Object.keys(actor).length ? { actor } : {}), type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'REF', display: 'referrer' }] }] };
}
