/**
 * What the requesting side may change in its own request, decided on the locked row: a draft's
 * content (and its submission), an amendment of a submitted request (domain/amendment.ts), or a
 * move (withdrawing it, marking it entered-in-error). Each returns the decision RequestService.decide
 * carries out, or refuses with the rule that applies.
 */
import { AMENDMENT_RULE, amendment, canonical, type ProposedContent } from '../domain/amendment.js';
import { DomainError } from '../domain/errors.js';
import { allowedActions } from '../domain/lifecycle.js';
import type { ConsultationRequest } from '../domain/request.js';
import { computeDueAt, calendarOf } from '../domain/sla.js';
import type { ActionInput, DraftInput } from './inputs.js';
import type { Store } from './ports/store.js';
import { changedFields, draftFields, type SideRequired } from './request-records.js';
import type { Decision } from './requests.js';

export const REQUESTER: SideRequired = { side: 'requester', refusal: 'Only the requesting practice changes the request itself.' };

/** What a requesting system's update of its request asks for, read off the request as it now is. */
export type RequesterIntent = { edit: DraftInput; submit: boolean } | { amend: ProposedContent } | { move: ActionInput } | null;

/** A draft's new content (serviceId already checked); with `submit`, edited and submitted in one change. */
export function draftEdit(request: ConsultationRequest, input: DraftInput, serviceId: string | undefined, submit: boolean): Decision<undefined> {
  if (request.state !== 'draft') {
    throw new DomainError('illegal_transition', `Only a draft can be edited; this request is ${request.state}.`, {
      details: { currentState: request.state, allowedActions: allowedActions(request.state) },
    });
  }
  const patch: Partial<ConsultationRequest> = {
    ...draftFields(input),
    serviceId: serviceId ?? request.serviceId,
    identifiers: input.identifiers ?? request.identifiers,
    preserved: input.preserved === undefined ? request.preserved : input.preserved,
  };
  const fields = changedFields(request, { ...request, ...patch });
  // An edit that changes nothing is not a new version.
  const unchanged = fields.length === 0 && canonical(request.preserved) === canonical(patch.preserved);
  const submission: ActionInput | undefined = submit ? { action: 'submit' } : undefined;
  if (unchanged) return submission ? { move: submission } : null;
  return { action: 'edit', patch, detail: { fields }, then: submission };
}

/**
 * The requester's change to a submitted request: notes and supporting information added, the
 * priority raised — the SLA clock then runs to the new priority's target from submission, never
 * later than before. Anything else is a 409 that says what can change.
 */
export async function amendmentOf(store: Store, request: ConsultationRequest, proposed: ProposedContent): Promise<Decision<undefined>> {
  const made = amendment(request, proposed);
  if ('refused' in made) {
    throw new DomainError('illegal_transition', `${AMENDMENT_RULE} Not allowed here: ${made.refused.join(', ')}.`, {
      details: { currentState: request.state, allowedActions: allowedActions(request.state) },
    });
  }
  if (made.changed.length === 0) return null;
  const patch = { ...made.patch };
  if (patch.priority && patch.priority !== request.priority && request.submittedAt && request.dueAt) {
    const service = await store.directory.findService(request.serviceId);
    if (service) {
      const due = computeDueAt(new Date(request.submittedAt), service.slaTargets[patch.priority], calendarOf(service));
      patch.dueAt = new Date(Math.min(due.getTime(), new Date(request.dueAt).getTime())).toISOString();
    }
  }
  return { action: 'amend', patch, detail: { fields: made.changed } };
}
