/**
 * What a requester's PUT of a ServiceRequest means in the lifecycle. Only the placer changes
 * its request (HL7 Clinical Order Workflows): a draft's content may change and it may be made
 * active (submitted); any request may be revoked (cancelled; closed after a decline) or
 * marked entered-in-error. A submitted request's content changes only as domain/amendment.ts
 * allows (notes and supporting information added, priority raised); anything else is a 409.
 */
import { AMENDMENT_RULE, canonical, changedContent, type ProposedContent } from '../../domain/amendment.js';
import { DomainError } from '../../domain/errors.js';
import { allowedActions } from '../../domain/lifecycle.js';
import type { ConsultationRequest } from '../../domain/request.js';
import type { CreateInput } from '../../services/inputs.js';
import type { RequesterIntent } from '../../services/requester-changes.js';
import { serviceRequestStatus } from '../status-map.js';

const WITHDRAWN = "Withdrawn through the requesting practice's system.";

/**
 * What a requester's PUT asks of the request as it now is (read under the row lock, after the
 * side and If-Match checks): a draft's edit and maybe its submission, an amendment, a move, or
 * nothing. Pure; RequestService.changeAsRequester carries it out.
 */
export function requesterIntent(current: ConsultationRequest, input: CreateInput, status: string): RequesterIntent {
  const contentChanged = !sameContent(current, input);
  if (current.state === 'draft' && (status === 'draft' || status === 'active')) return { edit: input, submit: status === 'active' };
  if (contentChanged && status === serviceRequestStatus(current)) return { amend: proposedContent(current, input) };
  if (contentChanged) {
    throw new DomainError('illegal_transition', `Change the content or the status of a ${current.state} request, not both at once. ${AMENDMENT_RULE}`, {
      details: { currentState: current.state, allowedActions: allowedActions(current.state) },
    });
  }
  if (status === serviceRequestStatus(current)) return null;
  if (status === 'revoked') return { move: current.state === 'declined' ? { action: 'close' } : { action: 'cancel', reason: WITHDRAWN } };
  if (status === 'entered-in-error') return { move: { action: 'enter-in-error', reason: 'Marked entered-in-error by the requesting system.' } };
  throw new DomainError('illegal_transition', `A ServiceRequest that is ${serviceRequestStatus(current)} cannot be set to ${status} by its requester.`, {
    details: { currentState: current.state, allowedActions: allowedActions(current.state) },
  });
}

/** Whether a PUT changes nothing of the content: what it proposes (below) is what the request has. */
function sameContent(current: ConsultationRequest, input: CreateInput): boolean {
  const proposed = proposedContent(current, input);
  return (
    proposed.priority === current.requestedPriority &&
    changedContent(current, proposed.fixed).length === 0 &&
    canonical(asWrittenAside(proposed.preserved)) === canonical(asWrittenAside(current.preserved))
  );
}

/** The content a PUT proposes, for the amendment rule (domain/amendment.ts). */
function proposedContent(current: ConsultationRequest, input: CreateInput): ProposedContent {
  const kept = asWrittenAside(input.preserved ?? null);
  const written = current.preserved?.authoredOn;
  return {
    priority: input.priority,
    preserved: written === undefined ? kept : { ...kept, authoredOn: written },
    fixed: {
      patient: input.patient,
      clinicalQuestion: input.clinicalQuestion,
      reason: input.reason,
      requestedForm: input.requestedForm,
      consent: { ...current.consent, given: input.consent.given },
      riskFlags: input.riskFlags,
      scores: input.scores,
      identifiers: input.identifiers ?? current.identifiers,
      serviceId: input.serviceId ?? current.serviceId,
      subSpecialty: input.subSpecialty ?? null,
      patientLanguage: input.patientLanguage ?? null,
      authoredAt: input.authoredAt === undefined ? current.authoredAt : new Date(input.authoredAt).toISOString(),
    },
  };
}

/** authoredOn as written is compared as the instant it names (authoredAt), not as text: a resource read back names it as Liaison shows it. */
function asWrittenAside(preserved: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!preserved || !('authoredOn' in preserved)) return preserved;
  const { authoredOn: _authoredOn, ...rest } = preserved;
  return Object.keys(rest).length ? rest : null;
}
