/**
 * ConsultationRequest → Task, the fulfilment the consulting service owns
 * (https://hl7.org/fhir/R4/task.html; FHIR Workflow "request/fulfilment with a Task").
 * Task and ServiceRequest share the request's id; each has its own version (domain/resource-versions.ts).
 */
import type { ConsultationRequest } from '../../domain/request.js';
import { CODE_SYSTEM, EXTENSION, PROFILE, REFERENCE_SYSTEM } from '../canonical.js';
import { businessStatus, taskStatus } from '../status-map.js';
import { arr, type Json, type Resource } from '../types.js';
import { identifierOf } from './service-request-out.js';
import { requesterElsewhere } from './requester.js';

export interface TaskNames {
  serviceName?: string;
  assigneeName?: string | null;
  requesterName?: string | null;
}

export function toTask(r: ConsultationRequest, names: TaskNames = {}): Resource {
  const business = businessStatus(r);
  const requester = requesterElsewhere(r, names.requesterName);
  const outcome = r.outcome;
  const messageId = typeof outcome?.messageId === 'string' ? outcome.messageId : null;
  const outputType = outcome?.kind === 'advice' ? 'advice' : outcome?.kind === 'declined' ? 'decline-advice' : 'outcome';
  const owner = r.assigneeId
    ? { reference: `Practitioner/${r.assigneeId}`, ...(names.assigneeName ? { display: names.assigneeName } : {}) }
    : { reference: `HealthcareService/${r.serviceId}`, ...(names.serviceName ? { display: names.serviceName } : {}) };
  // What the consulting side's EHR put in the Task that Liaison does not interpret (notes, description), as sent.
  const kept = r.taskPreserved ?? {};
  const extension = [...arr(kept.extension), ...(r.agreedForm ? [{ url: EXTENSION.agreedForm, valueCoding: { system: CODE_SYSTEM.consultationForm, code: r.agreedForm } }] : [])];
  const task: Resource = {
    resourceType: 'Task',
    id: r.id,
    ...kept,
    meta: { versionId: String(r.resourceVersions.task.version), lastUpdated: r.resourceVersions.task.at, profile: [PROFILE.task] },
    extension: extension.length ? extension : undefined,
    identifier: [{ system: REFERENCE_SYSTEM, value: r.reference }],
    basedOn: [{ reference: `ServiceRequest/${r.id}` }],
    status: taskStatus(r),
    ...(business ? { businessStatus: { coding: [{ system: CODE_SYSTEM.businessStatus, code: business }] } } : {}),
    intent: 'order',
    priority: r.priority,
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: `ServiceRequest/${r.id}` },
    for: { identifier: identifierOf(r.patient.identifier) },
    authoredOn: r.createdAt,
    lastModified: r.resourceVersions.task.at,
    ...(requester ? { requester } : {}),
    owner,
    ...(r.dueAt ? { restriction: { period: { end: r.dueAt } } } : {}),
  };
  if (outcome?.kind === 'declined') {
    task.statusReason = { coding: [{ system: CODE_SYSTEM.declineReason, code: String(outcome.reason) }], text: String(outcome.advice) };
  }
  if (messageId) {
    task.output = [
      {
        type: { coding: [{ system: CODE_SYSTEM.taskOutput, code: outputType }] },
        valueReference: { reference: `Communication/${messageId}` },
      } satisfies Json,
      ...(outcome?.kind === 'outcome' && typeof outcome.outcomeCode === 'string'
        ? [{ type: { coding: [{ system: CODE_SYSTEM.taskOutput, code: 'outcome-code' }] }, valueCoding: { system: CODE_SYSTEM.outcome, code: outcome.outcomeCode } }]
        : []),
    ];
  }
  return task;
}
