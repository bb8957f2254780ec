/**
 * Who may be in a case-discussion group, by its host. A consulting service's group: clinicians of
 * the service's organisation (psychiatrists, psychologists) and GPs of the practices that refer to
 * the service. A practice's group — the mirror: the practice's GPs and the psychiatrists and
 * psychologists of the consulting services the practice refers to. One leader at least is of the
 * host; a practice's group is co-led with mental health (a psychiatrist or psychologist of such a
 * service), since sharing the care is what the group is for.
 */
import type { Actor } from './actor.js';
import type { GroupHost, InviteeFacts } from './case-discussion.js';

const MENTAL_HEALTH = new Set(['psychiatrist', 'group-leader']);

/** The host as the rules need it: a service's organisation, or the practice itself. */
export interface HostFacts extends GroupHost {
  /** The organisation whose clinicians are the host side: the service's, or the practice. */
  organisationId: string;
}

/** A clinician of the host: one leader at least is. */
export function ofHost(host: HostFacts, person: InviteeFacts): boolean {
  if (person.organisationId !== host.organisationId) return false;
  return host.kind === 'service' ? MENTAL_HEALTH.has(person.role) : person.role === 'gp';
}

/** A clinician of the other side of shared care whom the host's link lets in. */
export function ofLinkedSide(host: HostFacts, person: InviteeFacts): boolean {
  if (!person.linked) return false;
  return host.kind === 'service' ? person.role === 'gp' : MENTAL_HEALTH.has(person.role);
}

/** Whether the person may be invited, as a leader or a member. */
export const mayJoin = (host: HostFacts, person: InviteeFacts): boolean => ofHost(host, person) || ofLinkedSide(host, person);

/** Who may be invited, in words (for a refusal next to the field). */
export function whoMayJoin(host: GroupHost): string {
  return host.kind === 'service'
    ? 'an active psychiatrist or psychologist of the service’s organisation, or GP of a practice that refers to the service'
    : 'an active GP of the practice, or psychiatrist or psychologist of a consulting service the practice refers to';
}

/**
 * What the leaders lack, if anything: one of the host, and for a practice's group one of mental
 * health too. Null when the leaders are fine.
 */
export function leadersLack(host: HostFacts, leaders: InviteeFacts[]): string | null {
  if (!leaders.some((l) => ofHost(host, l))) {
    return host.kind === 'service' ? 'One leader at least is a psychiatrist or psychologist of the service’s organisation.' : 'One leader at least is a GP of the practice.';
  }
  if (host.kind === 'practice' && !leaders.some((l) => ofLinkedSide(host, l))) {
    return 'A practice’s group is co-led with mental health: one leader at least is a psychiatrist or psychologist of a service the practice refers to.';
  }
  return null;
}

/**
 * Who sets a group up: a psychiatrist or psychologist working in the service, or a GP of the
 * practice. The answer for an actor who is not of the host at all is "no such host" (404).
 */
export function maySetUp(actor: Actor, host: GroupHost): 'yes' | 'not-found' | 'forbidden' {
  if (actor.kind !== 'user') return 'forbidden';
  if (host.kind === 'service') {
    if (!actor.serviceIds.includes(host.id)) return 'not-found';
    return MENTAL_HEALTH.has(actor.role) ? 'yes' : 'forbidden';
  }
  if (actor.kind !== 'user' || actor.organisationId !== host.id) return 'not-found';
  return actor.role === 'gp' ? 'yes' : 'forbidden';
}
