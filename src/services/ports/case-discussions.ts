/** The case-discussion repository: groups, invitations, sessions, agendas, attendance. */
import type { UserRole } from '../../domain/actor.js';
import type { DiscussionGroup, DiscussionInvitation, DiscussionItem, DiscussionPerson, DiscussionSession, GroupHost, InviteeFacts, ItemConclusions } from '../../domain/case-discussion.js';
import type { ConsultationRequest } from '../../domain/request.js';

/** Someone a group's set-up page offers to invite. */
export interface InvitablePerson {
  id: string;
  name: string;
  role: UserRole;
  organisationName: string;
}

export interface CaseDiscussionsPort {
  /** The group and its people; everyone but the creator starts as invited by `invitedBy`. */
  createGroup(group: DiscussionGroup, invitedBy: string): Promise<void>;
  /** `lock` holds the group row until the transaction ends (agenda changes one at a time). */
  findGroup(id: string, options?: { lock?: boolean }): Promise<DiscussionGroup | null>;
  /** Invites these people (again, after a decline or a removal), invited by `invitedBy` at `at`. */
  invite(groupId: string, people: DiscussionPerson[], invitedBy: string, at: Date): Promise<void>;
  /** Takes the person out of the group (their place is kept as `removed`, with their attendance). */
  remove(groupId: string, userId: string, at: Date): Promise<void>;
  /** Facts about the active users among `userIds`, for the host's invitation rule; inactive and unknown ones are absent. */
  inviteeFacts(host: GroupHost, userIds: string[]): Promise<InviteeFacts[]>;
  /** The active people a group of this host might invite, by name (at most a few hundred). */
  invitable(host: GroupHost): Promise<InvitablePerson[]>;
  /** The groups the person has accepted a place in (as an invitation's row: group, service, role). */
  groupsOf(userId: string): Promise<DiscussionInvitation[]>;
  /** Invitations still waiting for this person's answer. */
  invitationsOf(userId: string): Promise<DiscussionInvitation[]>;
  /** Answers a pending invitation; false when there is none. */
  respond(groupId: string, userId: string, status: 'accepted' | 'declined', at: Date): Promise<boolean>;
  createSession(session: DiscussionSession): Promise<void>;
  findSession(id: string): Promise<DiscussionSession | null>;
  addItem(item: DiscussionItem): Promise<void>;
  /** Requests already on an agenda of this group. */
  requestsOnAgendas(groupId: string): Promise<string[]>;
  /** The agenda in order; `request` is null for a case brought without one. */
  itemsOf(sessionId: string): Promise<{ item: DiscussionItem; request: ConsultationRequest | null }[]>;
  setConclusions(itemId: string, conclusions: ItemConclusions): Promise<void>;
  setAttendance(sessionId: string, entries: { userId: string; present: boolean }[]): Promise<void>;
  attendanceOf(userId: string): Promise<{ sessionId: string; groupName: string; startsAt: Date; endsAt: Date; present: boolean }[]>;
}
