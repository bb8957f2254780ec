/** Case-discussion groups: membership by invitation, sessions at a cadence, agenda items with conclusions. */
import type { UserRole } from './actor.js';

export type DiscussionRole = 'leader' | 'member';

/** Membership is by invitation: only `accepted` people are in the group. */
export type InvitationStatus = 'invited' | 'accepted' | 'declined';

export interface DiscussionPerson {
  userId: string;
  role: DiscussionRole;
  status: InvitationStatus;
}

export interface DiscussionGroup {
  id: string;
  serviceId: string;
  name: string;
  cadenceWeeks: number;
  createdAt: Date;
  people: DiscussionPerson[];
}

/** An invitation as the invitee sees it. */
export interface DiscussionInvitation {
  groupId: string;
  groupName: string;
  serviceId: string;
  serviceName: string;
  role: DiscussionRole;
  invitedBy: { id: string; name: string } | null;
  invitedAt: Date | null;
}

/** What decides whether a person may be invited to a service's group (active users only). */
export interface InviteeFacts {
  userId: string;
  role: UserRole;
  organisationId: string;
  /** Their organisation refers to the service: it is its default service, or it sent it a request. */
  refersToService: boolean;
}

export interface DiscussionSession {
  id: string;
  groupId: string;
  startsAt: Date;
  endsAt: Date;
}

export interface DiscussionItem {
  id: string;
  sessionId: string;
  requestId: string;
  presenterId: string;
  minutes: number;
  position: number;
  conclusions: string | null;
}

/** The group's conclusions on an agenda item, as a letter to the presenting GP. */
export interface ItemConclusions {
  conclusions: string;
  outcomeCode: string;
  recommendations: string[];
  concludedAt: Date;
  concludedBy: string;
  /** The outcome letter that carried them, when they completed the request. */
  outcomeMessageId: string | null;
}
