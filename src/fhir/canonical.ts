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
} as const;

export const PROFILE = {
  serviceRequest: `${CANONICAL}/StructureDefinition/liaison-service-request`,
  task: `${CANONICAL}/StructureDefinition/liaison-task`,
  documentReference: `${CANONICAL}/StructureDefinition/liaison-document-reference`,
} as const;

/** Liaison's own search parameters (R4 has no DocumentReference `based-on`). */
export const SEARCH_PARAMETER = {
  documentReferenceBasedOn: `${CANONICAL}/SearchParameter/DocumentReference-based-on`,
} as const;

/** Liaison's own reference number of a request, e.g. LSN-001234. */
export const REFERENCE_SYSTEM = `${CANONICAL}/sid/request-reference`;

export const LOINC = 'http://loinc.org';
/** LOINC codes of the supporting scores. */
export const SCORE_CODES = {
  phq9Total: { code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' },
  phq9Item9: { code: '44260-8', display: 'Thoughts that you would be better off dead, or of hurting yourself in some way' },
  gad7Total: { code: '70274-6', display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]' },
} as const;
/** The LOINC document type of every letter to the GP (DocumentReference.type). */
export const CONSULT_NOTE = { system: LOINC, code: '11488-4', display: 'Consult note' } as const;
