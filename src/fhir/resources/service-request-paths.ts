/**
 * Where things are in a ServiceRequest, as FHIRPath on the resource sent: what an
 * OperationOutcome's `expression` names. The use cases name the JSON API's fields; a FHIR
 * caller gets the element instead.
 */
import { EXTENSION } from '../canonical.js';

const extension = (url: string) => `ServiceRequest.extension('${url}')`;

export const SERVICE_REQUEST_PATH = {
  clinicalQuestion: extension(EXTENSION.clinicalQuestion),
  consent: extension(EXTENSION.consent),
  riskFlag: extension(EXTENSION.riskFlag),
  requester: 'ServiceRequest.requester',
  code: 'ServiceRequest.code',
  performer: 'ServiceRequest.performer',
  subSpecialty: 'ServiceRequest.performerType',
  patientLanguage: extension(EXTENSION.patientLanguage),
} as const;

/** The JSON API's field names the request use cases report, and their FHIR elements. */
const FROM_USE_CASE: Record<string, string> = {
  'consent.given': SERVICE_REQUEST_PATH.consent,
  clinicalQuestion: SERVICE_REQUEST_PATH.clinicalQuestion,
  requesterId: SERVICE_REQUEST_PATH.requester,
  requestedForm: SERVICE_REQUEST_PATH.code,
  serviceId: SERVICE_REQUEST_PATH.performer,
  subSpecialty: SERVICE_REQUEST_PATH.subSpecialty,
};

/** The FHIR element of a use case's field; a field already in FHIRPath stays. */
export const serviceRequestPathOf = (field: string): string => FROM_USE_CASE[field] ?? field;
