/**
 * A session as someone in the group sees it. Every case is shown pseudonymised; the patient only
 * to those who may see the request anyway (its practice, the consulting service). A case brought
 * in the presenter's own words has no patient at all: its title and question are what the group
 * sees. Reflections are the group's: shown in the group, and beyond it only as the presenter chooses.
 */
import { canSee } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import type { DiscussionGroup, DiscussionItem, DiscussionSession, ItemKind } from '../domain/case-discussion.js';
import { pseudonymise, type PseudonymisedCase } from '../domain/pseudonym.js';
import type { ConsultationRequest } from '../domain/request.js';

export interface AgendaEntry {
  id: string;
  kind: ItemKind;
  /** The referral, or the request an own case links; null for an own case without one. */
  requestId: string | null;
  title: string | null;
  question: string | null;
  presenterId: string;
  minutes: number;
  conclusions: string | null;
  reflection: string | null;
  sharedTo: 'request' | 'presenter' | null;
  /** The full request for those who may see the request anyway; otherwise null. */
  identified: ConsultationRequest | null;
  /** What everyone in the group sees of a request; null when there is none. */
  case: PseudonymisedCase | null;
}

export interface SessionView {
  id: string;
  groupId: string;
  groupName: string;
  runId: string | null;
  status: DiscussionSession['status'];
  startsAt: string;
  endsAt: string;
  agenda: AgendaEntry[];
}

export function sessionView(actor: Actor, group: DiscussionGroup, session: DiscussionSession, items: { item: DiscussionItem; request: ConsultationRequest | null }[], now: Date): SessionView {
  const agenda = items.map(({ item, request }) => ({
    id: item.id,
    kind: item.kind,
    requestId: item.requestId,
    title: item.title,
    question: item.question,
    presenterId: item.presenterId,
    minutes: item.minutes,
    conclusions: item.conclusions,
    reflection: item.reflection ?? null,
    sharedTo: item.sharedTo ?? null,
    identified: request && canSee(actor, request) ? request : null,
    case: request ? pseudonymise(request, now) : null,
  }));
  return {
    id: session.id,
    groupId: group.id,
    groupName: group.name,
    runId: session.runId,
    status: session.status,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    agenda,
  };
}
