/** A stored draft as the values of the request form, so the GP edits what they saved. */
import type { ConsultationRequest } from '../domain/request.js';
import type { FormBody } from './forms.js';

export function draftValues(r: ConsultationRequest): FormBody {
  const n = (x: number | undefined) => (x === undefined ? '' : String(x));
  return {
    'patient.identifier.system': r.patient.identifier.system,
    'patient.identifier.value': r.patient.identifier.value,
    'patient.name.family': r.patient.name.family,
    'patient.name.given': r.patient.name.given.join(' '),
    'patient.birthDate': r.patient.birthDate ?? '',
    'patient.sex': r.patient.sex,
    clinicalQuestion: r.clinicalQuestion,
    'reason.text': r.reason.text,
    priority: r.requestedPriority,
    requestedForm: r.requestedForm,
    'scores.phq9Total': n(r.scores.phq9Total),
    'scores.phq9Item9': n(r.scores.phq9Item9),
    'scores.gad7Total': n(r.scores.gad7Total),
    riskFlags: r.riskFlags,
    'consent.given': r.consent.given ? 'yes' : '',
  };
}
