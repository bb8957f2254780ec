/**
 * Who hears what when a request changes (issue 11): pure rules, no I/O. The use cases write what
 * these rules decide into the outbox in the same transaction as the change; notify/ delivers it.
 * A notification never carries clinical content or a patient identifier: only what happened, the
 * request's reference, its priority and, for a booking, when and where (NotificationFacts).
 */
import type { Appointment } from './appointment.js';
import type { Priority } from './request.js';

/** What happened, in the words a mail's subject uses. */
export const NOTIFICATION_TOPICS = {
  'request-submitted': 'New consultation request',
  'request-redirected-here': 'Consultation request redirected to your service',
  'follow-up-question': 'Follow-up question on a consultation',
  assigned: 'Consultation request assigned to you',
  'question-asked': 'The psychiatrist asked a question',
  'question-answered': 'The GP answered your question',
  'new-message': 'New message on a consultation request',
  'advice-given': 'Advice given',
  declined: 'Consultation request declined',
  redirected: 'Consultation request redirected to another service',
  'outcome-ready': 'Consultation outcome ready',
  'recommendation-answered': 'The GP answered a recommendation',
  'request-cancelled': 'Consultation request cancelled',
  'visit-booked': 'Consultation booked',
  'visit-moved': 'Consultation moved',
  'visit-called-off': 'Consultation called off',
  'times-proposed': 'Times proposed for a joint consultation',
  'time-chosen': 'The GP chose a time for the joint consultation',
  'times-declined': 'None of the proposed times suits the GP',
  'sla-at-risk': 'Response target nearly reached',
  'sla-missed': 'Response target missed',
} as const;
export type NotificationTopic = keyof typeof NOTIFICATION_TOPICS;

/** A person, or a consulting service's triage team (its active psychiatrists and group leaders). */
export type Audience = { userId: string } | { teamOf: string };

export interface Announcement {
  topic: NotificationTopic;
  audience: Audience[];
}

/** The parts of a request the rules read: who is on it, and its booking. */
export interface RequestParties {
  serviceId: string;
  requesterId: string | null;
  assigneeId: string | null;
  appointment: Pick<Appointment, 'status'> | null;
}

export interface Change {
  action: string;
  /** The request before the change; null for a request this change created (a create, a redirect's new request). */
  before: RequestParties | null;
  after: RequestParties & { state: string };
  /** Which side wrote a message (add-message). */
  writtenBy?: 'requester' | 'consultant' | undefined;
}

const gp = (r: RequestParties): Audience[] => (r.requesterId ? [{ userId: r.requesterId }] : []);
const assignee = (r: RequestParties): Audience[] => (r.assigneeId ? [{ userId: r.assigneeId }] : []);
const assigneeOrTeam = (r: RequestParties): Audience[] => (r.assigneeId ? [{ userId: r.assigneeId }] : [{ teamOf: r.serviceId }]);
const participants = (r: RequestParties): Audience[] => [...gp(r), ...assignee(r)];
const booked = (r: RequestParties | null): boolean => r?.appointment?.status === 'booked';

/**
 * Who hears what (issue 11, "Who hears what"): a new or redirected request → the service's triage
 * team; assigned → the assignee; a question, advice, a decline, a redirect, an outcome → the GP; an
 * answer, a call-off, a recommendation answered → the assigned psychiatrist; a booking, move or
 * call-off → every participant; proposed times → the GP; a time chosen → every participant (a
 * booking); none of the times suiting → the assigned psychiatrist. The person who made the change is left out by the caller
 * (`withoutActor`), who knows them.
 */
export function announcementsOf(change: Change): Announcement[] {
  const { action, before, after } = change;
  const one = (topic: NotificationTopic, audience: Audience[]): Announcement[] => (audience.length ? [{ topic, audience }] : []);
  switch (action) {
    case 'submit':
      return one('request-submitted', [{ teamOf: after.serviceId }]);
    case 'redirect':
      // The new request (created by this change) reaches its service; the old one tells the GP.
      return before === null ? one('request-redirected-here', [{ teamOf: after.serviceId }]) : one('redirected', gp(after));
    case 'reconsult':
      return one('follow-up-question', assigneeOrTeam(after));
    case 'accept':
    case 'claim':
    case 'assign':
      return after.assigneeId && after.assigneeId !== before?.assigneeId ? one('assigned', assignee(after)) : [];
    case 'request-information':
      return one('question-asked', gp(after));
    case 'provide-information':
      return one('question-answered', assigneeOrTeam(after));
    case 'add-message':
      return change.writtenBy === 'consultant' ? one('new-message', gp(after)) : change.writtenBy === 'requester' ? one('new-message', assigneeOrTeam(after)) : [];
    case 'give-advice':
      return one('advice-given', gp(after));
    case 'decline':
      return one('declined', gp(after));
    case 'complete':
      return one('outcome-ready', gp(after));
    case 'answer-recommendation':
      return one('recommendation-answered', assignee(after));
    case 'schedule':
      return one(booked(before) ? 'visit-moved' : 'visit-booked', participants(after));
    case 'cancel-visit':
      return one('visit-called-off', participants(before ?? after));
    case 'propose-times':
      return one('times-proposed', gp(after));
    case 'choose-time':
      return one('time-chosen', participants(after));
    case 'decline-times':
      return one('times-declined', assignee(after));
    case 'cancel':
      // A cancelled request with a booking calls the booking off for everyone on it.
      return booked(before) ? one('visit-called-off', participants(before!)) : one('request-cancelled', assignee(after));
    default:
      return [];
  }
}

/** Everyone the announcement reaches but the person who made the change. */
export function withoutActor(userIds: readonly string[], actorId: string): string[] {
  return [...new Set(userIds)].filter((id) => id !== actorId);
}

/** What a user chose: every mail at once (the default), or routine news once a day. */
export const DELIVERY_PREFERENCES = ['immediate', 'daily-digest'] as const;
export type DeliveryPreference = (typeof DELIVERY_PREFERENCES)[number];

/** Urgent, asap and stat news is always sent at once, whatever the preference; so is every calendar change. */
export function inDigest(priority: Priority, preference: DeliveryPreference, topic: NotificationTopic): boolean {
  if (preference !== 'daily-digest' || priority !== 'routine') return false;
  return !CALENDAR_TOPICS.includes(topic);
}

export const CALENDAR_TOPICS: readonly NotificationTopic[] = ['visit-booked', 'visit-moved', 'visit-called-off', 'time-chosen'];

/** The share of a response clock's time after which the service is reminded (then again when it is missed). */
export const SLA_WARNING_FRACTION = 0.8;

/** The hour (in the service's time zone) a daily digest goes out. */
export const DIGEST_HOUR = 7;
