/**
 * Who may be in a service's case-discussion group, and who is. Groups are interdisciplinary on
 * purpose: co-leaders of different disciplines (a psychiatrist with a psychologist, or with a
 * family physician), at least one of them a clinician of the service's organisation; GPs of the
 * practices the service serves take part. Everyone is invited and is in the group only once they
 * accept; until then the group does not exist for them (404).
 */
import { DomainError, notFound, type FieldIssue } from '../domain/errors.js';
import type { Actor } from '../domain/actor.js';
import { disciplineOf, type Discipline, type DiscussionGroup, type DiscussionPerson, type InviteeFacts } from '../domain/case-discussion.js';
import type { Store } from './ports/store.js';

const SERVICE_CLINICIANS = new Set(['psychiatrist', 'group-leader']);

/** A clinician of the service's organisation: the group's host side, of which one leader at least is. */
function ofService(facts: InviteeFacts, serviceOrganisationId: string): boolean {
  return facts.organisationId === serviceOrganisationId && SERVICE_CLINICIANS.has(facts.role);
}

/** A member, or a co-leader, is such a clinician or an active GP of a practice that refers to the service. */
function mayJoin(facts: InviteeFacts, serviceOrganisationId: string): boolean {
  return ofService(facts, serviceOrganisationId) || (facts.role === 'gp' && facts.refersToService);
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
  input: { leaderIds: string[]; memberIds: string[]; disciplines?: Record<string, Discipline> | undefined },
): Promise<DiscussionPerson[]> {
  const facts = new Map((await store.caseDiscussions.inviteeFacts(serviceId, [...input.leaderIds, ...input.memberIds])).map((f) => [f.userId, f]));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const check = (field: 'leaderIds' | 'memberIds', ids: string[], allowed: (f: InviteeFacts) => boolean) =>
    ids.forEach((id, i) => {
      const person = facts.get(id);
      if (seen.has(id)) issues.push({ field: `${field}.${i}`, message: 'Named twice: each person is a leader or a member, once.' });
      else if (!person || !allowed(person)) {
        issues.push({ field: `${field}.${i}`, message: 'Not someone you can invite: an active clinician of the service’s organisation or GP of a practice that refers to the service.' });
      }
      seen.add(id);
    });
  check('leaderIds', input.leaderIds, (f) => mayJoin(f, serviceOrganisationId));
  check('memberIds', input.memberIds, (f) => mayJoin(f, serviceOrganisationId));
  if (!issues.length && !input.leaderIds.some((id) => ofService(facts.get(id)!, serviceOrganisationId))) {
    issues.push({ field: 'leaderIds', message: 'One leader at least is a psychiatrist or psychologist of the service’s organisation.' });
  }
  for (const id of Object.keys(input.disciplines ?? {})) {
    if (!input.leaderIds.includes(id)) issues.push({ field: `disciplines.${id}`, message: 'Only a leader’s discipline is recorded: name them in leaderIds.' });
  }
  if (issues.length) throw new DomainError('unprocessable', 'Every leader and member must be someone the group may invite, named once.', { issues });
  const person = (userId: string, role: DiscussionPerson['role']): DiscussionPerson => ({
    userId,
    role,
    status: userId === actor.id ? 'accepted' : 'invited',
    discipline: role === 'leader' ? (input.disciplines?.[userId] ?? disciplineOf(facts.get(userId)!.role)) : null,
  });
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

/** A session and its group, when the actor is in the group (as a leader, when `role` says so). */
export async function sessionOf(store: Store, actor: Actor, sessionId: string, role: 'leader' | 'any', options: { lock?: boolean } = {}) {
  const session = await store.caseDiscussions.findSession(sessionId);
  if (!session) throw notFound('Session');
  return { session, group: await groupOf(store, actor, session.groupId, role, options) };
}

/** Invitations and attendance belong to a person, never to a system client. */
export function personOf(actor: Actor): string {
  if (actor.kind !== 'user') throw new DomainError('forbidden', 'Only a person is invited to a group or attends it.');
  return actor.id;
}
