/**
 * What the requesting side may change in a request it has submitted: while it is submitted or
 * awaiting information it may add notes and supporting information and raise the priority.
 * Anything else would change what the consulting side is triaging: cancel and re-refer.
 */
import type { RequestState } from './lifecycle.js';
import { PRIORITIES, type ConsultationRequest, type Priority } from './request.js';

export const AMENDABLE: readonly RequestState[] = ['submitted', 'awaiting-information'];

export const AMENDMENT_RULE =
  'While a request is submitted or awaiting information, its requester may add notes and supporting information and raise its priority; to change anything else, cancel it and refer again.';

/** What an amendment proposes: the content as the requester now has it (the fields it may touch). */
export interface ProposedContent {
  priority: Priority;
  /** The requester's elements Liaison keeps as sent (notes, supporting information, contained resources…). */
  preserved: Record<string, unknown> | null;
  /** The rest of the content, by field name: it must stay as it is. */
  fixed: Partial<Pick<ConsultationRequest, (typeof FIXED)[number]>>;
}

const FIXED = ['patient', 'clinicalQuestion', 'reason', 'requestedForm', 'consent', 'riskFlags', 'scores', 'identifiers', 'serviceId', 'subSpecialty', 'patientLanguage', 'authoredAt'] as const;

/** JSON with sorted keys and no undefined members, so equal content compares equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The fields `proposed` names whose content differs from the request's (as canonical JSON): the one comparison of content. */
export function changedContent<K extends keyof ConsultationRequest>(current: ConsultationRequest, proposed: Partial<Pick<ConsultationRequest, K>>): K[] {
  return (Object.keys(proposed) as K[]).filter((key) => canonical(proposed[key]) !== canonical(current[key]));
}

/** Lists that may only grow: what was there stays, in order, and more may follow. */
const GROWING = ['note', 'supportingInfo', 'contained'];

/** The change an amendment makes, or the reasons it is not one the requester may make. */
export function amendment(current: ConsultationRequest, proposed: ProposedContent): { patch: Partial<ConsultationRequest>; changed: string[] } | { refused: string[] } {
  const refused: string[] = [];
  if (!AMENDABLE.includes(current.state)) refused.push(`a ${current.state} request`);
  const rank = (p: Priority) => PRIORITIES.indexOf(p);
  if (rank(proposed.priority) < rank(current.requestedPriority)) refused.push('a lower priority');
  refused.push(...changedContent(current, proposed.fixed).filter((key) => FIXED.includes(key)));
  const before = current.preserved ?? {};
  const after = proposed.preserved ?? {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = before[key];
    const is = after[key];
    if (canonical(was) === canonical(is)) continue;
    const grows = GROWING.includes(key) && Array.isArray(is) && (was === undefined || (Array.isArray(was) && JSON.stringify(is.slice(0, was.length)) === JSON.stringify(was)));
    if (!grows) refused.push(key);
  }
  if (refused.length) return { refused };
  const raised = rank(proposed.priority) > rank(current.requestedPriority);
  const changed = [...(raised ? ['priority'] : []), ...GROWING.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))];
  return {
    changed,
    patch: {
      ...(raised ? { requestedPriority: proposed.priority, priority: rank(proposed.priority) > rank(current.priority) ? proposed.priority : current.priority } : {}),
      preserved: proposed.preserved,
    },
  };
}
