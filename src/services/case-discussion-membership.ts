/**
 * Who may be in a service's case-discussion group, and who is. Groups are interdisciplinary on
 * purpose: the clinicians (psychiatrists, psychologists) of the service's organisation lead;
 * GPs of the practices the service serves take part. Everyone is invited and is in the group
 * only once they accept; until then the group does not exist for them (404).
 */
import { DomainError, notFound, type FieldIssue } from '../domain/errors.js';
import type { Actor } from '../domain/actor.js';
import type { DiscussionGroup, DiscussionPerson, InviteeFacts } from '../domain/case-discussion.js';
import type { Store } from './ports/store.js';

const SERVICE_CLINICIANS = new Set(['psychiatrist', 'group-leader']);

/** A leader is an active clinician of the service's organisation. */
function mayLead(facts: InviteeFacts, serviceOrganisationId: string): boolean {
  return facts.organisationId === serviceOrganisationId && SERVICE_CLINICIANS.has(facts.role);
}

/** A member is a possible leader or an active GP of a practice that refers to the service. */
function mayJoin(facts: InviteeFacts, serviceOrganisationId: string): boolean {
  return mayLead(facts, serviceOrganisationId) || (facts.role === 'gp' && facts.refersToService);
}

/**
 * The people of a new group: each leader and member checked against the rule (one answer for
 * unknown, inactive and ineligible people, so the check reveals nothing about other
 * organisations), duplicates refused; the creator is in at once, everyone else invited.
 */
export async function inviteesFor(
  store: Store,
  actor: Actor,
  serviceOrganisationId: string,
  serviceId: string,
  input: { leaderIds: string[]; memberIds: string[] },
): Promise<DiscussionPerson[]> {
  const facts = new Map((await store.caseDiscussions.inviteeFacts(serviceId, [...input.leaderIds, ...input.memberIds])).map((f) => [f.userId, f]));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const check = (field: 'leaderIds' | 'memberIds', ids: string[], allowed: (f: InviteeFacts) => boolean) =>
    ids.forEach((id, i) => {
      const person = facts.get(id);
      if (seen.has(id)) issues.push({ field: `${field}.${i}`, message: 'Named twice: each person is a leader or a member, once.' });
      else if (!person || !allowed(person)) {
        const who = field === 'leaderIds' ? 'an active psychiatrist or psychologist of the service’s organisation' : 'an active clinician of the service’s organisation or GP of a practice that refers to the service';
        issues.push({ field: `${field}.${i}`, message: `Not someone you can invite: ${who}.` });
      }
      seen.add(id);
    });
  check('leaderIds', input.leaderIds, (f) => mayLead(f, serviceOrganisationId));
  check('memberIds', input.memberIds, (f) => mayJoin(f, serviceOrganisationId));
  if (issues.length) throw new DomainError('unprocessable', 'Every leader and member must be someone the group may invite, named once.', { issues });
  const person = (userId: string, role: DiscussionPerson['role']): DiscussionPerson => ({ userId, role, status: userId === actor.id ? 'accepted' : 'invited' });
  return [...input.leaderIds.map((id) => person(id, 'leader')), ...input.memberIds.map((id) => person(id, 'member'))];
}

/** The group, when the actor has accepted a place in it (as a leader, when `role` says so). */
export async function groupOf(store: Store, actor: Actor, groupId: string, role: 'leader' | 'any', options: { lock?: boolean } = {}): Promise<DiscussionGroup> {
  const group = await store.caseDiscussions.findGroup(groupId, options);
  const me = group?.people.find((p) => p.userId === actor.id && p.status === 'accepted');
  if (!group || !me) throw notFound('Case-discussion group');
  if (role === 'leader' && me.role !== 'leader') throw new DomainError('forbidden', 'Only the group’s leaders do this.');
  return group;
}

/** Those in the group: invited people who have not accepted are not. */
export const inGroup = (group: DiscussionGroup): DiscussionPerson[] => group.people.filter((p) => p.status === 'accepted');
