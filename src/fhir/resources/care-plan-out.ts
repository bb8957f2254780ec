/**
 * ConsultationRequest → CarePlan (https://hl7.org/fhir/R4/careplan.html): the psychiatrist's
 * recommendations and the shared-care plan of an advice or an outcome, with the GP's answer to
 * each recommendation as its activity's status. Same id as the request; versioned by its own
 * content (domain/resource-versions.ts). R4's CarePlan.basedOn names only CarePlans, so the
 * request is named by HL7's R5 basedOn extension, and in supportingInfo.
 */
import type { GpResponse, PlanOwner, PlanStep, Recommendation } from '../../domain/advice.js';
import type { ConsultationRequest } from '../../domain/request.js';
import { carePlanStatus, planOf } from '../../domain/resource-versions.js';
import type { ListedRequest } from '../../services/queries.js';
import { CODE_SYSTEM, PROFILE, R5_CARE_PLAN_BASED_ON, REFERENCE_SYSTEM } from '../canonical.js';
import { str, type Json, type Resource } from '../types.js';
import { requesterElsewhere } from './requester.js';
import { identifierOf } from './service-request-out.js';

export interface CarePlanNames {
  requesterName?: string | null;
  assigneeName?: string | null;
  serviceName?: string;
}

/** The GP side when the practice's system named no GP at all: the practice's GPs, as a display. */
const PRACTICE_GPS = { display: 'GP of the requesting practice' };
const OTHER_SERVICE = { display: 'Another service (named in the step)' };

const activityCode = (code: string): Json => ({ coding: [{ system: CODE_SYSTEM.carePlanActivity, code }] });

/** The request's CarePlan; null while it has no advice or outcome. */
export function toCarePlan(r: ConsultationRequest, names: CarePlanNames = {}): Resource | null {
  const plan = planOf(r);
  if (!plan) return null;
  const gp = requesterElsewhere(r, names.requesterName) ?? PRACTICE_GPS;
  const psychiatrist = r.assigneeId ? { reference: `Practitioner/${r.assigneeId}`, ...(names.assigneeName ? { display: names.assigneeName } : {}) } : null;
  const consultant = psychiatrist ?? { reference: `HealthcareService/${r.serviceId}`, ...(names.serviceName ? { display: names.serviceName } : {}) };
  const owners: Record<PlanOwner, Json> = { gp, psychiatrist: consultant, 'other-service': OTHER_SERVICE };
  const at = str(plan.at);
  const messageId = str(plan.messageId);
  const followUp = plan.kind === 'outcome' ? str(plan.followUpDate) : undefined;
  const medication = plan.kind === 'outcome' ? str(plan.medicationAdvice) : undefined;
  const activity = [
    ...plan.recommendations.map((rec) => recommendationActivity(rec, gp)),
    ...(plan.kind === 'outcome' ? plan.plan : []).map((step) => stepActivity(step, owners[step.who])),
    ...(followUp ? [{ detail: { code: activityCode('follow-up'), status: 'not-started', scheduledTiming: { event: [followUp] }, description: 'Follow-up' } }] : []),
  ];
  return {
    resourceType: 'CarePlan',
    id: r.id,
    meta: { versionId: String(r.resourceVersions.carePlan.version), lastUpdated: r.resourceVersions.carePlan.at, profile: [PROFILE.carePlan] },
    extension: [{ url: R5_CARE_PLAN_BASED_ON, valueReference: { reference: `ServiceRequest/${r.id}` } }],
    identifier: [{ system: REFERENCE_SYSTEM, value: r.reference }],
    status: carePlanStatus(r.state),
    intent: 'plan',
    title: plan.kind === 'advice' ? 'Advice of the consulting psychiatrist' : 'Shared-care plan after the psychiatric consultation',
    description: String(plan.kind === 'advice' ? plan.advice : plan.summary),
    subject: { identifier: identifierOf(r.patient.identifier) },
    ...(at ? { period: { start: at }, created: at } : {}),
    ...(psychiatrist ? { author: psychiatrist } : {}),
    supportingInfo: [{ reference: `ServiceRequest/${r.id}` }, ...(messageId ? [{ reference: `Communication/${messageId}` }] : [])],
    ...(activity.length ? { activity } : {}),
    ...(medication ? { note: [{ text: `Medication advice: ${medication}` }] } : {}),
  };
}

/**
 * A recommendation, for the GP to carry out: not-started until the GP answers, then scheduled
 * (accepted) or cancelled with the GP's reason. activity.id is the recommendation's id.
 */
function recommendationActivity(rec: Recommendation, gp: Json): Json {
  const answer: GpResponse | undefined = rec.response;
  return {
    id: rec.id,
    ...(answer ? { progress: [{ time: answer.at, text: answer.accepted ? 'Accepted by the GP.' : 'Declined by the GP.' }] } : {}),
    detail: {
      code: activityCode(rec.kind),
      status: !answer ? 'not-started' : answer.accepted ? 'scheduled' : 'cancelled',
      ...(answer && !answer.accepted ? { statusReason: { text: answer.reason ?? 'Declined by the GP.' } } : {}),
      performer: [gp],
      description: rec.text,
    },
  };
}

/** A step of the shared-care plan: its owner, and the date it is due by. Liaison does not follow the steps. */
function stepActivity(step: PlanStep, owner: Json): Json {
  return {
    detail: {
      code: activityCode('plan-step'),
      status: 'not-started',
      ...(step.due ? { scheduledPeriod: { end: step.due } } : {}),
      performer: [owner],
      description: step.what,
    },
  };
}

export const renderCarePlan = (r: ListedRequest): Resource | null =>
  toCarePlan(r, { requesterName: r.requesterName, assigneeName: r.assigneeName, serviceName: r.serviceName });
