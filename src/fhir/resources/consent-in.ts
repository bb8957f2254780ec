/**
 * The patient's consent to a shared consultation, as an EHR records it: Liaison's
 * shared-consultation-consent extension, or a FHIR `Consent` resource with status `active`
 * referenced from supportingInfo (contained; in a transaction Bundle Liaison puts it inside the
 * request). Either is enough; without one a request is not submitted.
 */
import type { Consent } from '../../domain/request.js';
import { EXTENSION } from '../canonical.js';
import { arr, str, type Json } from '../types.js';

/** Where to put the consent, for the 422 that asks for it. */
export const CONSENT_REQUIRED =
  "The patient's consent to a shared consultation is required to submit: send the shared-consultation-consent extension with given = true, or reference an active Consent resource (contained, or in the transaction Bundle) from supportingInfo.";

export function consentOf(sr: Json, contained: Map<string, Json>): Consent {
  const parts = arr(arr(sr.extension).find((e) => e.url === EXTENSION.consent)?.extension);
  const fromExtension: Consent = {
    given: parts.find((e) => e.url === 'given')?.valueBoolean === true,
    recordedAt: str(parts.find((e) => e.url === 'recordedAt')?.valueDate),
  };
  if (fromExtension.given) return fromExtension;
  const resource = arr(sr.supportingInfo)
    .map((info) => contained.get(str(info.reference) ?? ''))
    .find((r) => r?.resourceType === 'Consent' && r.status === 'active');
  if (!resource) return fromExtension;
  // Consent.dateTime is when it was recorded; Liaison keeps the date.
  const date = str(resource.dateTime)?.slice(0, 10);
  return { given: true, recordedAt: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined };
}
