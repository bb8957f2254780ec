/**
 * Setting up a case-discussion group and changing who is in it: the hosts the caller may set a
 * group up for (the services they work in, their own practice), the people such a group may
 * invite, and — leaders, later — inviting more people or removing someone. Who may be invited is
 * decided by the same rule as at set-up (case-discussion-membership.ts); each change is one
 * transaction on the locked group.
 */
import type { Actor } from '../domain/actor.js';
import type { DiscussionGroup, DiscussionPerson, GroupHost } from '../domain/case-discussion.js';
import { leadersLack, maySetUp } from '../domain/case-discussion-host.js';
import { DomainError, notFound } from '../domain/errors.js';
import { findHost, hostOf, type Host } from './case-discussion-host.js';
import { groupOf, inviteesFor, type Invitees } from './case-discussion-membership.js';
import type { InvitablePerson } from './ports/case-discussions.js';
import type { Clock, Store } from './ports/store.js';

/** Those with a place in the group or an invitation to it. */
const placed = (group: DiscussionGroup) => group.people.filter((p) => p.status === 'accepted' || p.status === 'invited');

export class CaseDiscussionSetupService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The services and the practice the caller may set a group up for. */
  async hosts(actor: Actor): Promise<Host[]> {
    const candidates: GroupHost[] = [...actor.serviceIds.map((id) => ({ kind: 'service' as const, id })), { kind: 'practice', id: actor.organisationId }];
    const allowed = candidates.filter((h) => maySetUp(actor, h) === 'yes');
    return (await Promise.all(allowed.map((h) => findHost(this.store, h)))).filter((h): h is Host => h !== null);
  }

  /** Whom a new group of this host may invite (for one who may set it up). */
  async invitableFor(actor: Actor, host: GroupHost): Promise<InvitablePerson[]> {
    const may = maySetUp(actor, host);
    if (may === 'not-found') throw notFound(host.kind === 'service' ? 'Consulting service' : 'Practice');
    if (may === 'forbidden') throw new DomainError('forbidden', 'You do not set up groups for this host.');
    return this.store.caseDiscussions.invitable(host);
  }

  /** Whom the group's leaders may still invite: those the host allows, not in it or invited already. */
  async invitableTo(actor: Actor, groupId: string): Promise<InvitablePerson[]> {
    const group = await groupOf(this.store, actor, groupId, 'leader');
    const taken = new Set(placed(group).map((p) => p.userId));
    return (await this.store.caseDiscussions.invitable(group.host)).filter((p) => !taken.has(p.id));
  }

  /** Everyone in the group or invited to it, by name and status (leaders: whom they may remove). */
  async roster(actor: Actor, groupId: string): Promise<(DiscussionPerson & { name: string })[]> {
    const group = await groupOf(this.store, actor, groupId, 'leader');
    return Promise.all(placed(group).map(async (p) => ({ ...p, name: (await this.store.directory.findPerson(p.userId))?.name ?? 'Former colleague' })));
  }

  /** A leader invites more people; someone who declined or was removed may be invited again. */
  async invite(actor: Actor, groupId: string, input: Invitees): Promise<DiscussionGroup> {
    return this.store.transaction(async (store) => {
      const group = await groupOf(store, actor, groupId, 'leader', { lock: true });
      const host = await hostOf(store, group);
      const existing = { leaders: placed(group).filter((p) => p.role === 'leader').map((p) => p.userId), taken: placed(group).map((p) => p.userId) };
      const invited = await inviteesFor(store, actor, host, input, existing);
      await store.caseDiscussions.invite(group.id, invited, actor.id, this.clock.now());
      return (await store.caseDiscussions.findGroup(group.id))!;
    });
  }

  /**
   * A leader removes someone from the group, or withdraws their invitation; the leaders left
   * must still satisfy the host's rule (one of the host; a practice's group co-led with mental health).
   */
  async remove(actor: Actor, groupId: string, userId: string): Promise<DiscussionGroup> {
    return this.store.transaction(async (store) => {
      const group = await groupOf(store, actor, groupId, 'leader', { lock: true });
      const person = placed(group).find((p) => p.userId === userId);
      if (!person) throw notFound('Person in the group');
      if (person.role === 'leader') {
        const host = await hostOf(store, group);
        const rest = placed(group).filter((p) => p.role === 'leader' && p.userId !== userId).map((p) => p.userId);
        const lack = leadersLack(host, await store.caseDiscussions.inviteeFacts(host, rest));
        if (lack) throw new DomainError('conflict', 'The group cannot lose this leader.', { issues: [{ field: 'userId', message: lack }] });
      }
      await store.caseDiscussions.remove(group.id, userId, this.clock.now());
      return (await store.caseDiscussions.findGroup(group.id))!;
    });
  }
}
