/**
 * Which form of consultation a ServiceRequest.code asks for. Liaison's own coding wins; else a
 * well-known SNOMED CT concept maps to a form (the table below, documented in the README);
 * anything else — text only, local codes — is kept as sent and the form is `unspecified`:
 * the psychiatrist chooses it when accepting.
 */
import { CONSULTATION_FORMS, REQUESTED_FORMS, type ConsultationForm, type RequestedForm } from '../../domain/request.js';
import { CODE_SYSTEM } from '../canonical.js';
import { arr, str, type Json } from '../types.js';

export const SNOMED = 'http://snomed.info/sct';

/** SNOMED CT concepts practice systems send for a psychiatric consultation, and the form each asks for. */
export const SNOMED_FORMS: Readonly<Record<string, { display: string; form: ConsultationForm }>> = {
  // The psychiatrist assesses the patient: a visit to the service's clinic.
  '10197000': { display: 'Psychiatric interview and evaluation', form: 'clinic-visit' },
  '281685003': { display: 'Outpatient care', form: 'clinic-visit' },
  // GP and psychiatrist talk; the patient is not seen: advice.
  '386472008': { display: 'Telephone consultation', form: 'advice-only' },
  // Seen together by video.
  '719410009': { display: 'Consultation via video conference', form: 'joint-video' },
};

/** The requested form, or an error message when Liaison's own coding names no form. */
export function requestedFormOf(code: Json | undefined): { form: RequestedForm } | { error: string } {
  const codings = arr(code?.coding);
  const ours = codings.find((c) => c.system === CODE_SYSTEM.consultationForm);
  if (ours) {
    const form = str(ours.code) as RequestedForm | undefined;
    if (form && REQUESTED_FORMS.includes(form)) return { form };
    return { error: `Unknown form of consultation; the codes of ${CODE_SYSTEM.consultationForm} are ${REQUESTED_FORMS.join(', ')}.` };
  }
  for (const c of codings) {
    const mapped = c.system === SNOMED ? SNOMED_FORMS[str(c.code) ?? ''] : undefined;
    if (mapped && CONSULTATION_FORMS.includes(mapped.form)) return { form: mapped.form };
  }
  return { form: 'unspecified' };
}
