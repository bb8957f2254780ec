/** The outbox repository: notifications written with their change, claimed and settled by a dispatcher (notify/). */
import type { DeliveryPreference, NotificationTopic } from '../../domain/notifications.js';
import type { CalendarIdentity } from '../../domain/calendar-invite.js';
import type { Priority } from '../../domain/request.js';
import type { HookKind } from '../../domain/subscriptions.js';

/** A booking as a calendar invite shows it: when and where, never who the patient is. */
export interface InviteFacts extends CalendarIdentity {
  start: string;
  end: string;
  location?: string | undefined;
  videoLink?: string | undefined;
}

/** Everything a message says. No patient name, identifier or clinical text, ever. */
export interface NotificationPayload {
  topic: NotificationTopic;
  requestId: string;
  reference: string;
  priority: Priority;
  /** The consulting service's time zone: times in the mail and the invite are given in it. */
  timeZone: string;
  invite?: InviteFacts | undefined;
}

/**
 * An invitation's mail: the sign-in link's token (kept here until it is sent; the invitation keeps
 * only its hash), the organisation's name and until when the link works. No patient, ever.
 */
export interface InvitationPayload {
  kind: 'invitation';
  token: string;
  organisationName: string;
  expiresAt: string;
}

/**
 * What a FHIR subscription's notification says (rest-hook): which subscription, what kind, the event
 * number and the request it is about. The bundle is built when it is sent, as the subscriber may see it.
 */
export interface HookPayload {
  subscriptionId: string;
  kind: HookKind;
  /** The event's number since the subscription started (event notifications only). */
  eventNumber: number | null;
  requestId: string | null;
  /** When the event happened. */
  at: string;
}

/** An update of an organisation's own FHIR server: the request's Task, as that organisation sees it when sent. */
export interface EhrPushPayload {
  kind: 'task-update';
  requestId: string;
  /** When the change happened. */
  at: string;
}

/** Where a notification goes: a person's mailbox, a FHIR subscriber's endpoint, or an organisation's EHR. */
export type Channel = 'email' | 'rest-hook' | 'ehr-push';
export interface PayloadOf {
  email: NotificationPayload | InvitationPayload;
  'rest-hook': HookPayload;
  'ehr-push': EhrPushPayload;
}

export type NotificationState = 'pending' | 'sent' | 'dead';

export interface NewNotification<C extends Channel = Channel> {
  id: string;
  channel: C;
  requestId: string | null;
  organisationId: string;
  recipientUserId: string | null;
  /** An e-mail address, or a subscription's endpoint. */
  recipient: string;
  payload: PayloadOf[C];
  digest: boolean;
  /** When it may first be sent (now, or the next digest time). */
  dueAt: Date;
  createdAt: Date;
  onceKey?: string | undefined;
}

export interface Notification<C extends Channel = Channel> extends Omit<NewNotification<C>, 'dueAt'> {
  state: NotificationState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
}

/** Someone a notification may go to, as the directory knows them now. */
export interface Recipient {
  userId: string;
  email: string;
  organisationId: string;
  preference: DeliveryPreference;
}

export interface NotificationsPort {
  /** Writes notifications (in the caller's transaction); a row whose onceKey exists is skipped. */
  enqueue(rows: NewNotification[]): Promise<void>;
  /** The active people these user ids name, and the active psychiatrists and group leaders of these services, with their preferences. */
  recipients(query: { userIds: string[]; teamsOf: string[] }): Promise<(Recipient & { teamOf: string[] })[]>;
  /**
   * Takes up to `limit` due notifications of a channel for `leaseMs` (FOR UPDATE SKIP LOCKED: two
   * dispatchers never take the same row), counting the attempt. A dispatcher that dies holding
   * them lets them go when the lease ends.
   */
  claim<C extends Channel>(channel: C, now: Date, limit: number, leaseMs: number): Promise<Notification<C>[]>;
  markSent(ids: string[], at: Date): Promise<void>;
  /** A failed attempt: pending again at `nextAttemptAt`, or dead. */
  markFailed(id: string, error: string, outcome: { state: 'pending'; nextAttemptAt: Date } | { state: 'dead' }): Promise<void>;
  /** An organisation's notifications in one state, newest first, after a keyset cursor. */
  list(organisationId: string, state: NotificationState, after: { at: Date; id: string } | null, limit: number): Promise<Notification[]>;
  /** A dead notification of the organisation back to pending, due now, its attempts from zero; false when there is none. */
  replay(organisationId: string, id: string, now: Date): Promise<boolean>;
  /**
   * Requests waiting for a first response (submitted, clock running) whose clock has run `fraction`
   * of the time from submission to due, or more: candidates for an SLA reminder.
   */
  clocksRunningOut(now: Date, fraction: number): Promise<{ id: string; reference: string; priority: Priority; serviceId: string; submittedAt: string; dueAt: string }[]>;
  /** The oldest pending notifications of a channel, without claiming them (a preview). */
  pending<C extends Channel>(channel: C, limit: number): Promise<Notification<C>[]>;
  preferenceOf(userId: string): Promise<DeliveryPreference>;
  setPreference(userId: string, routine: DeliveryPreference): Promise<void>;
}
