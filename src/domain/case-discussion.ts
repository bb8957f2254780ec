/**
 * Case-discussion (Balint) groups: interdisciplinary co-leaders, membership by invitation, runs of
 * sessions on a fixed rhythm, an agenda of referrals and of cases members bring in their own words.
 */
import type { UserRole } from './actor.js';
import type { RequestState } from './lifecycle.js';

export type DiscussionRole = 'leader' | 'member';

export const DISCIPLINES = ['psychiatrist', 'psychologist', 'family-physician', 'social-worker', 'nurse', 'other'] as const;
export type Discipline = (typeof DISCIPLINES)[number];

/** A leader's discipline when none is given: what their role in Liaison says they are. */
export function disciplineOf(role: UserRole): Discipline {
  if (role === 'psychiatrist') return 'psychiatrist';
  if (role === 'group-leader') return 'psychologist';
  return role === 'gp' ? 'family-physician' : 'other';
}

/** Membership is by invitation: only `accepted` people are in the group; leaders may remove someone later. */
export type InvitationStatus = 'invited' | 'accepted' | 'declined' | 'removed';

/** Who hosts a group: a consulting service, or a practice (its GPs with mental health as guests). */
export type HostKind = 'service' | 'practice';
export interface GroupHost {
  kind: HostKind;
  id: string;
}

export interface DiscussionPerson {
  userId: string;
  role: DiscussionRole;
  status: InvitationStatus;
  /** Leaders only. */
  discipline: Discipline | null;
}

export interface DiscussionGroup {
  id: string;
  host: GroupHost;
  name: string;
  cadenceWeeks: number;
  place: string | null;
  videoLink: string | null;
  workingTime: boolean;
  createdAt: Date;
  people: DiscussionPerson[];
}

/** An invitation as the invitee sees it. */
export interface DiscussionInvitation {
  groupId: string;
  groupName: string;
  host: GroupHost & { name: string };
  role: DiscussionRole;
  invitedBy: { id: string; name: string } | null;
  invitedAt: Date | null;
}

/** What decides whether a person may be invited to a group (active users only). */
export interface InviteeFacts {
  userId: string;
  role: UserRole;
  organisationId: string;
  /**
   * Linked to the host from the other side of shared care. A service's group: their organisation
   * refers to the service (its default service, or it sent it a request). A practice's group: they
   * work in a consulting service the practice refers to (its default one, or one it sent a request).
   */
  linked: boolean;
}

export interface DiscussionSession {
  id: string;
  groupId: string;
  startsAt: Date;
  endsAt: Date;
  runId: string | null;
  status: 'planned' | 'cancelled';
}

export type RunStatus = 'active' | 'paused' | 'closed';

/** Sessions on a fixed rhythm for a fixed time: a number of sessions or an end date. */
export interface DiscussionRun {
  id: string;
  groupId: string;
  startsAt: Date;
  rhythmWeeks: number;
  durationMinutes: number;
  sessionCount: number | null;
  /** Local date (YYYY-MM-DD) of the last day a session may fall on. */
  endsOn: string | null;
  place: string | null;
  videoLink: string | null;
  workingTime: boolean;
  status: RunStatus;
  createdAt: Date;
  createdBy: string;
}

export type ItemKind = 'referral' | 'own-case';

export interface DiscussionItem {
  id: string;
  sessionId: string;
  /** The referral discussed, or the request an own case links; null for an own case without one. */
  requestId: string | null;
  kind: ItemKind;
  title: string | null;
  question: string | null;
  presenterId: string;
  minutes: number;
  position: number;
  conclusions: string | null;
  reflection?: string | null;
  sharedTo?: 'request' | 'presenter' | null;
  sharedAt?: Date | null;
}

export type CooperationChange = 'better' | 'unchanged' | 'worse';

export interface FeedbackAnswers {
  learnt: string;
  /** 1 (did not work) to 5 (worked very well). */
  coLeadershipRating: number;
  coLeadership: string | null;
  cooperationChange: CooperationChange;
  cooperation: string | null;
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

/** A GP may present (or link) their own request unless it never reached the service or was withdrawn. */
export const NOT_PRESENTABLE: readonly RequestState[] = ['draft', 'cancelled', 'entered-in-error'];
