/** JSON merge patch (RFC 7396) over a draft's editable content. */
import { DomainError } from '../domain/errors.js';
import type { ListedRequest } from '../services/queries.js';

type Json = unknown;

/** Deeper than any draft field; a deeper patch is refused rather than recursed into. */
const MAX_DEPTH = 16;

export function mergePatch(target: Json, patch: Json, depth = 0): Json {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  if (depth > MAX_DEPTH) {
    throw new DomainError('invalid_input', 'The patch is nested deeper than any field of a request.', {
      issues: [{ field: '(body)', message: `Nesting deeper than ${MAX_DEPTH} levels.` }],
    });
  }
  const base: Record<string, Json> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, Json>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, Json>)) {
    if (key === '__proto__') continue; // never let a body reach an object's prototype
    if (value === null) delete base[key];
    else base[key] = mergePatch(base[key], value, depth + 1);
  }
  return base;
}

/** The draft as the client would have written it, so a patch merges onto the same shape. */
export function draftAsInput(r: ListedRequest): Record<string, Json> {
  return {
    patient: r.patient,
    clinicalQuestion: r.clinicalQuestion,
    reason: r.reason,
    priority: r.requestedPriority,
    requestedForm: r.requestedForm,
    consent: r.consent.recordedAt ? r.consent : { given: r.consent.given },
    riskFlags: r.riskFlags,
    scores: Object.fromEntries(Object.entries(r.scores).filter(([, v]) => v !== undefined)),
    serviceId: r.serviceId,
    identifiers: r.identifiers,
    subSpecialty: r.subSpecialty,
    patientLanguage: r.patientLanguage,
  };
}
