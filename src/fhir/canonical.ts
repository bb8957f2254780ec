/**
 * Canonical URLs of Liaison's FHIR artefacts (CodeSystems, ValueSets, profiles, extensions).
 * They name definitions, not servers: they are the same on every deployment. The artefacts
 * themselves live in the top-level fhir/ folder.
 */
export const CANONICAL = 'https://liaison.example.org/fhir';

export const CODE_SYSTEM = {
  consultationForm: `${CANONICAL}/CodeSystem/consultation-form`,
  businessStatus: `${CANONICAL}/CodeSystem/business-status`,
  outcome: `${CANONICAL}/CodeSystem/consultation-outcome`,
  declineReason: `${CANONICAL}/CodeSystem/decline-reason`,
  riskFlag: `${CANONICAL}/CodeSystem/risk-flag`,
  taskOutput: `${CANONICAL}/CodeSystem/task-output`,
  messageKind: `${CANONICAL}/CodeSystem/message-kind`,
  carePlanActivity: `${CANONICAL}/CodeSystem/care-plan-activity`,
  subSpecialty: `${CANONICAL}/CodeSystem/sub-specialty`,
  documentType: `${CANONICAL}/CodeSystem/document-type`,
} as const;

export const EXTENSION = {
  clinicalQuestion: `${CANONICAL}/StructureDefinition/clinical-question`,
  consent: `${CANONICAL}/StructureDefinition/shared-consultation-consent`,
  riskFlag: `${CANONICAL}/StructureDefinition/risk-flag`,
  requestedPriority: `${CANONICAL}/StructureDefinition/requested-priority`,
  agreedForm: `${CANONICAL}/StructureDefinition/agreed-form`,
  /** On a Task: the consultant knowingly answers a risk-flagged request with advice only. */
  riskAcknowledged: `${CANONICAL}/StructureDefinition/risk-acknowledged`,
  /** The patient's language when the patient is named by a logical reference (no Patient to carry it). */
  patientLanguage: `${CANONICAL}/StructureDefinition/patient-language`,
} as const;

export const PROFILE = {
  serviceRequest: `${CANONICAL}/StructureDefinition/liaison-service-request`,
  task: `${CANONICAL}/StructureDefinition/liaison-task`,
  carePlan: `${CANONICAL}/StructureDefinition/liaison-care-plan`,
  documentReference: `${CANONICAL}/StructureDefinition/liaison-document-reference`,
} as const;

/** Search parameters Liaison defines where R4 has none for what it searches (R4 has no CarePlan or DocumentReference `based-on` on a ServiceRequest). */
export const SEARCH_PARAMETER = {
  carePlanBasedOn: `${CANONICAL}/SearchParameter/CarePlan-based-on`,
  documentReferenceBasedOn: `${CANONICAL}/SearchParameter/DocumentReference-based-on`,
} as const;

/**
 * HL7's cross-version extension carrying R5's CarePlan.basedOn in R4, where CarePlan.basedOn names
 * only CarePlans (http://hl7.org/fhir/uv/xver-r5.r4): the request a CarePlan answers.
 */
export const R5_CARE_PLAN_BASED_ON = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-CarePlan.basedOn';

/** Liaison's own reference number of a request, e.g. LSN-001234. */
export const REFERENCE_SYSTEM = `${CANONICAL}/sid/request-reference`;

export const LOINC = 'http://loinc.org';
/** The code system of BCP 47 language tags (https://hl7.org/fhir/R4/terminologies-systems.html). */
export const BCP47 = 'urn:ietf:bcp:47';
/** LOINC codes of the supporting scores. */
export const SCORE_CODES = {
  phq9Total: { code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' },
  phq9Item9: { code: '44260-8', display: 'Thoughts that you would be better off dead, or of hurting yourself in some way' },
  gad7Total: { code: '70274-6', display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]' },
} as const;
/** The LOINC document type of every letter to the GP (DocumentReference.type). */
export const CONSULT_NOTE = { system: LOINC, code: '11488-4', display: 'Consult note' } as const;

/** The R4 Subscriptions Backport IG (https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/). */
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
export const BACKPORT_URL = {
  subscriptionProfile: `${BACKPORT}/backport-subscription`,
  statusProfile: `${BACKPORT}/backport-subscription-status-r4`,
  notificationProfile: `${BACKPORT}/backport-subscription-notification-r4`,
  topicCanonical: `${BACKPORT}/capabilitystatement-subscriptiontopic-canonical`,
  filterCriteria: `${BACKPORT}/backport-filter-criteria`,
  payloadContent: `${BACKPORT}/backport-payload-content`,
  heartbeatPeriod: `${BACKPORT}/backport-heartbeat-period`,
  statusOperation: 'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status',
  eventsOperation: 'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-events',
} as const;

/** Liaison's one subscription topic: a consultation request's status changed. */
export const REQUEST_STATUS_TOPIC_URL = `${CANONICAL}/SubscriptionTopic/request-status-changed`;
