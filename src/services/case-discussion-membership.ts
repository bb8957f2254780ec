/**
 * Who is in a case-discussion group, and who may be invited (domain/case-discussion-host.ts: by the
 * group's host, a consulting service or a practice). Groups are interdisciplinary on purpose.
 * Everyone is invited and is in the group only once they accept; until then the group does not
 * exist for them (404).
 */
import { DomainError, notFound, type FieldIssue } from '../domain/errors.js';
import type { Actor } from '../domain/actor.js';
import { disciplineOf, type Discipline, type DiscussionGroup, type DiscussionPerson, type InviteeFacts } from '../domain/case-discussion.js';
import { leadersLack, mayJoin, whoMayJoin, type HostFacts } from '../domain/case-discussion-host.js';
import type { Store } from './ports/store.js';

export interface Invitees {
  leaderIds: string[];
  memberIds: string[];
  disciplines?: Record<string, Discipline> | undefined;
}

/**
 * The people invited to a group: each leader and member checked against the host's rule (one
 * answer for unknown, inactive and ineligible people, so the check reveals nothing about other
 * organisations), duplicates refused, and the leaders — with `current`, those already in the
 * group too — one of the host at least; the actor is in at once, everyone else invited.
 * `taken`: people already in the group or invited to it, who are not invited again.
 */
export async function inviteesFor(
  store: Store,
  actor: Actor,
  host: HostFacts,
  input: Invitees,
  existing: { leaders: string[]; taken: string[] } = { leaders: [], taken: [] },
): Promise<DiscussionPerson[]> {
  const ids = [...input.leaderIds, ...input.memberIds];
  const facts = new Map((await store.caseDiscussions.inviteeFacts(host, [...ids, ...existing.leaders])).map((f) => [f.userId, f]));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>(existing.taken);
  const check = (field: 'leaderIds' | 'memberIds', list: string[]) =>
    list.forEach((id, i) => {
      const person = facts.get(id);
      if (seen.has(id)) issues.push({ field: `${field}.${i}`, message: existing.taken.includes(id) ? 'Already in the group or invited.' : 'Named twice: each person is a leader or a member, once.' });
      else if (!person || !mayJoin(host, person)) issues.push({ field: `${field}.${i}`, message: `Not someone you can invite: ${whoMayJoin(host)}.` });
      seen.add(id);
    });
  check('leaderIds', input.leaderIds);
  check('memberIds', input.memberIds);
  if (!issues.length && (input.leaderIds.length || !existing.leaders.length)) {
    const leaders = [...existing.leaders, ...input.leaderIds].flatMap((id) => facts.get(id) ?? []) as InviteeFacts[];
    const lack = leadersLack(host, leaders);
    if (lack) issues.push({ field: 'leaderIds', message: lack });
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
