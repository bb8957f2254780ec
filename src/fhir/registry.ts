/**
 * What the FHIR endpoint supports, in one table: the router dispatches from it and the
 * CapabilityStatement is generated from it, so the two cannot disagree.
 */
import type { Operation } from '../auth/scopes.js';
import type { FhirContext, FhirRequest, FhirResult } from './exchange.js';
import { readAppointment, searchAppointments } from './resources/appointment.js';
import { searchAuditEvents } from './resources/audit-event.js';
import { readOrganization, readPractitionerRole, searchOrganizations, searchPractitionerRoles } from './resources/organisation.js';
import { readCarePlan, searchCarePlans, vreadCarePlan } from './resources/care-plan.js';
import { readCommunication, searchCommunications } from './resources/communication.js';
import { createCommunication } from './resources/communication-create.js';
import { readDocumentReference, searchDocumentReferences } from './resources/document-reference.js';
import { readHealthcareService, readPractitioner, searchHealthcareServices, searchPractitioners } from './resources/directory.js';
import { historyOfRequest } from './resources/request-history.js';
import { renderServiceRequest } from './resources/request-search.js';
import { createServiceRequest, readServiceRequest, searchServiceRequests, SERVICE_REQUEST_INCLUDES, SERVICE_REQUEST_REVINCLUDES, SERVICE_REQUEST_SORTS, updateServiceRequest, vreadServiceRequest } from './resources/service-request-handlers.js';
import { historyOfTask, readTask, searchTasks, TASK_SORTS, updateTask, vreadTask } from './resources/task-handlers.js';
import { subscriptionEvents } from './subscriptions/events.js';
import { createSubscription, deleteSubscription, readSubscription, searchSubscriptions, subscriptionStatus } from './resources/subscription.js';
import { BACKPORT_URL, PROFILE, REQUEST_STATUS_TOPIC_URL } from './canonical.js';
import { APPOINTMENT_PARAMS, CARE_PLAN_PARAMS, COMMUNICATION_PARAMS, HEALTHCARE_SERVICE_PARAMS } from './search/more-params.js';
import { SERVICE_REQUEST_PARAMS, TASK_PARAMS, type SearchParamType } from './search/params.js';
import { DOCUMENT_REFERENCE_PARAMS } from './search/document-params.js';

export interface ResourceSupport {
  profile?: string;
  documentation: string;
  read?: (ctx: FhirContext, id: string) => Promise<FhirResult>;
  vread?: (ctx: FhirContext, id: string, version: string) => Promise<FhirResult>;
  history?: (ctx: FhirContext, req: FhirRequest, id: string) => Promise<FhirResult>;
  search?: (ctx: FhirContext, req: FhirRequest) => Promise<FhirResult>;
  create?: (ctx: FhirContext, req: FhirRequest) => Promise<FhirResult>;
  update?: (ctx: FhirContext, req: FhirRequest, id: string) => Promise<FhirResult>;
  delete?: (ctx: FhirContext, id: string) => Promise<FhirResult>;
  /** `GET /{type}/{id}/$status` (Subscription). */
  status?: (ctx: FhirContext, id: string) => Promise<FhirResult>;
  /** `GET|POST /{type}/{id}/$events` (Subscription): past events fetched again by number. */
  events?: (ctx: FhirContext, req: FhirRequest, id: string) => Promise<FhirResult>;
  /** Extensions on the CapabilityStatement's entry for the type (the backport's topic canonical). */
  extension?: { url: string; valueCanonical: string }[];
  conditionalCreate?: boolean;
  /**
   * meta.versionId and ETag name the resource's version though past versions are not served (no
   * vread): CapabilityStatement `versioned`. Without it and without vread a type is `no-version`
   * and carries neither (test/fhir/versioning.test.ts holds every type to what the statement says).
   */
  versioned?: boolean;
  searchParams: { name: string; type: SearchParamType; definition?: string; documentation: string }[];
  sorts?: string[];
  includes?: string[];
  revincludes?: string[];
}

/** The SMART operation letter each interaction needs (scopes v2: c r u d s). */
export const OPERATION: Record<'read' | 'vread' | 'history' | 'search' | 'create' | 'update' | 'delete' | 'status' | 'events', Operation> = {
  read: 'r',
  delete: 'd',
  status: 'r',
  events: 'r',
  vread: 'r',
  history: 'r',
  search: 's',
  create: 'c',
  update: 'u',
};

const doc = (p: { name: string; type: SearchParamType; definition?: string; documentation: string }) => ({
  name: p.name,
  type: p.type,
  documentation: p.documentation,
  ...(p.definition ? { definition: p.definition } : {}),
});

export const REGISTRY: Record<string, ResourceSupport> = {
  ServiceRequest: {
    profile: PROFILE.serviceRequest,
    documentation:
      'The consultation request. The requesting practice creates and changes it; a draft may be edited and made active (submitted); any request may be revoked or marked entered-in-error. Updates require If-Match.',
    read: readServiceRequest,
    vread: vreadServiceRequest,
    history: (ctx, req, id) => historyOfRequest(ctx, req, id, 'ServiceRequest', renderServiceRequest),
    search: searchServiceRequests,
    create: createServiceRequest,
    update: updateServiceRequest,
    conditionalCreate: true,
    searchParams: SERVICE_REQUEST_PARAMS.map(doc),
    sorts: SERVICE_REQUEST_SORTS,
    includes: SERVICE_REQUEST_INCLUDES,
    revincludes: SERVICE_REQUEST_REVINCLUDES,
  },
  Task: {
    profile: PROFILE.task,
    documentation:
      'The fulfilment of a request (one per request, same id). The consulting service moves it: accepted, rejected, on-hold (awaiting-information), in-progress (advice-given), completed. Updates require If-Match.',
    read: readTask,
    vread: vreadTask,
    history: historyOfTask,
    search: searchTasks,
    update: updateTask,
    searchParams: TASK_PARAMS.map(doc),
    sorts: TASK_SORTS,
  },
  Communication: {
    documentation:
      "Questions, answers, advice and outcome letters on a request. The consulting side's message asks the GP a question (the request awaits information); the GP's reply provides it.",
    read: readCommunication,
    search: searchCommunications,
    create: createCommunication,
    conditionalCreate: true,
    searchParams: COMMUNICATION_PARAMS.map(doc),
  },
  Appointment: {
    documentation: 'The joint consultation or clinic visit of a request (same id as the request), basedOn its ServiceRequest; one participant per person with their own answer. Booked through the Task / JSON API; times the psychiatrist proposed for the GP to choose from show as status proposed with requestedPeriod.',
    read: readAppointment,
    search: searchAppointments,
    versioned: true,
    searchParams: APPOINTMENT_PARAMS.map(doc),
  },
  CarePlan: {
    profile: PROFILE.carePlan,
    documentation:
      "The psychiatrist's recommendations and the shared-care plan of an advice or an outcome (same id as the request), basedOn its ServiceRequest. Each recommendation is an activity the GP answers (not-started; accepted: scheduled; declined: cancelled with the GP's reason in statusReason); each plan step an activity with its owner (performer) and due date (scheduledPeriod.end). Changed through the lifecycle and the JSON API; versioned by its own content.",
    read: readCarePlan,
    vread: vreadCarePlan,
    search: searchCarePlans,
    searchParams: CARE_PLAN_PARAMS.map(doc),
  },
  HealthcareService: {
    documentation: 'The consulting services a request can be addressed to (ServiceRequest.performer).',
    read: readHealthcareService,
    search: searchHealthcareServices,
    searchParams: HEALTHCARE_SERVICE_PARAMS.map(doc),
  },
  DocumentReference: {
    profile: PROFILE.documentReference,
    documentation:
      "The letters that reach the GP: the outcome letter of a request (type Consult note, LOINC 11488-4, and document-type outcome-letter; its id is the outcome Communication's) and a case discussion's conclusions (document-type case-discussion-conclusions: the outcome letter of a request agreed as a case discussion, or the agenda item's conclusions on one its GP presented). context.related is the ServiceRequest; the letter is inline text/plain (UTF-8, base64 in content.attachment.data); category carries the consultation-outcome code. status current, superseded once a re-opened request has a newer outcome letter (which relatesTo.replaces it), entered-in-error with the request. Read by exactly those who may read the request. Letters do not change: no versions.",
    read: readDocumentReference,
    search: searchDocumentReferences,
    searchParams: DOCUMENT_REFERENCE_PARAMS.map(doc),
  },
  Organization: {
    documentation: 'Practices and mental-health providers (HealthcareService.providedBy, PractitionerRole.organization): name, kind and identifiers, known to every caller.',
    read: readOrganization,
    search: searchOrganizations,
    searchParams: [
      { name: '_id', type: 'token', documentation: 'The organisation id(s).' },
      { name: 'name', type: 'string', definition: 'http://hl7.org/fhir/SearchParameter/Organization-name', documentation: 'Starts with, any case.' },
      { name: 'identifier', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Organization-identifier', documentation: 'An identifier of the organisation (system|value, or a value in any system).' },
    ],
  },
  PractitionerRole: {
    documentation: "A person's role in their organisation (same id as the Practitioner): GP, psychiatrist, group leader…, sub-specialties, the consulting services whose triage team they are in, languages (extension practitioner-language). Seen by exactly those who may see the Practitioner.",
    read: readPractitionerRole,
    search: searchPractitionerRoles,
    searchParams: [{ name: 'practitioner', type: 'reference', definition: 'http://hl7.org/fhir/SearchParameter/PractitionerRole-practitioner', documentation: 'Required: Practitioner/{id} (commas for several).' }],
  },
  AuditEvent: {
    documentation:
      "The access log (IHE Basic Audit Log Patterns): one AuditEvent per call — type rest, the RESTful interaction as subtype, the caller as the requesting agent (Practitioner/{id}, or a system client by its client id), outcome 0, 4 (refused) or 8, the ServiceRequest concerned as entity. Searched by an organisation's administrators and privacy officers only, about its own requests and people; oldest first.",
    search: searchAuditEvents,
    searchParams: [
      { name: 'entity', type: 'reference', definition: 'http://hl7.org/fhir/SearchParameter/AuditEvent-entity', documentation: 'ServiceRequest/{id}: who saw or changed it (refused attempts included).' },
      { name: 'agent', type: 'reference', definition: 'http://hl7.org/fhir/SearchParameter/AuditEvent-agent', documentation: 'Practitioner/{id} or Device/{client id}: what they did.' },
      { name: 'date', type: 'date', definition: 'http://hl7.org/fhir/SearchParameter/AuditEvent-date', documentation: 'When (ge, gt, le, lt); without entity or agent, the calls of the organisation\'s people and systems.' },
    ],
  },
  Practitioner: {
    documentation: 'Liaison clinicians, so requester, owner and sender references resolve: only the people related to the caller (own organisation, the requests it sees, the services and practices it works with); anyone else is 404.',
    read: readPractitioner,
    search: searchPractitioners,
    searchParams: [
      { name: 'identifier', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Practitioner-identifier', documentation: 'Required. A professional identifier registered for the person (system|value, or a value in any system; commas for several), or their e-mail address under https://liaison.example.org/fhir/sid/user-email. Only the people the caller may read.' },
    ],
  },
  Subscription: {
    profile: BACKPORT_URL.subscriptionProfile,
    extension: [{ url: BACKPORT_URL.topicCanonical, valueCanonical: REQUEST_STATUS_TOPIC_URL }],
    documentation: `R4 Subscriptions Backport (topic-based), rest-hook only. One topic, ${REQUEST_STATUS_TOPIC_URL} (a consultation request's status changed), filtered by ServiceRequest?performer=HealthcareService/{id} and Task?status={code} (backport-filter-criteria). Payload content id-only (references only, no patient data; the default), full-resource (the Task and ServiceRequest as the subscriber may read them) or empty. A new subscription is requested until its endpoint answers the handshake with 2xx (then active; error otherwise); heartbeats at backport-heartbeat-period; retries with backoff, then a dead letter the organisation's administrator can replay. Endpoints must be https on public addresses. A subscriber sees and deletes only its own subscriptions; GET Subscription/{id}/$status reports the events since the start, and GET or POST Subscription/{id}/$events?eventsSinceNumber=&eventsUntilNumber=&content= returns past events again (kept 30 days unless the deployment says otherwise; at most 100 a call, oldest first).`,
    read: readSubscription,
    search: searchSubscriptions,
    create: createSubscription,
    delete: deleteSubscription,
    status: subscriptionStatus,
    events: subscriptionEvents,
    searchParams: [],
  },
};
