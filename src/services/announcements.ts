/**
 * Writes a change's notifications (mail, and FHIR subscriptions' events) into the outbox, inside the change's own transaction (issue 11):
 * the request, its event and its notifications commit together or not at all. Who hears what is
 * domain/notifications.ts; this reads who they are now (active people, their address and
 * preference), the service's time zone, and for a booking its calendar identity from the history.
 */
import { sidesOf } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import { BOOKINGS, calendarIdentity, nextDigestAt } from '../domain/calendar-invite.js';
import { announcementsOf, CALENDAR_TOPICS, inDigest, SLA_WARNING_FRACTION, withoutActor, type Announcement } from '../domain/notifications.js';
import type { ConsultationRequest } from '../domain/request.js';
import type { InviteFacts, NewNotification, NotificationPayload } from './ports/notifications.js';
import type { Store } from './ports/store.js';
import { REQUEST_STATUS_TOPIC, statusChanged } from '../domain/subscriptions.js';
import type { ConsultingService } from '../domain/directory.js';
import { subscriberRows } from './subscription-events.js';
import { ehrPushRows } from './ehr-connections.js';

/** What the caller already read and the outbox would otherwise read again. */
export interface Known {
  service?: Pick<ConsultingService, 'id' | 'timeZone'> | undefined;
}

/**
 * The outbox rows for one change of `after` (`before` null: a request this change created). Call
 * after the change's history event is appended: a booking's calendar identity counts it out. What
 * the rows need (subscriptions, EHR connections, the people who hear of it, the service's time zone,
 * a booking's history) is read at once, and the rows are written in one insert.
 */
export async function announce(store: Store, actor: Actor, before: ConsultationRequest | null, after: ConsultationRequest, action: string, now: Date, known: Known = {}): Promise<void> {
  const changed = statusChanged(before, after);
  const writtenBy = action === 'add-message' ? (sidesOf(actor, after).includes('consultant') ? 'consultant' : 'requester') : undefined;
  const announcements = announcementsOf({ action, before, after, writtenBy });
  if (!changed && announcements.length === 0) return;
  const mailed = announcements.length > 0;
  const [subscriptions, connections, people, timeZone, invite] = await Promise.all([
    changed ? store.subscriptions.active(REQUEST_STATUS_TOPIC) : [],
    changed ? store.ehrConnections.ofRequest(after.organisationId, after.serviceId) : [],
    mailed ? recipientsOf(store, announcements) : [],
    mailed ? timeZoneOf(store, after.serviceId, known) : 'UTC',
    announcements.some((a) => CALENDAR_TOPICS.includes(a.topic)) ? inviteFor(store, action, before, after) : undefined,
  ]);
  await store.notifications.enqueue([
    ...(await subscriberRows(store, subscriptions, after, now)),
    ...ehrPushRows(connections, after, now),
    ...mailRows(announcements, people, after, actor.id, now, timeZone, invite),
  ]);
}

/** The request as an announcement names it: its id, reference, priority and service. Nothing about the patient. */
type Announced = Pick<ConsultationRequest, 'id' | 'reference' | 'priority' | 'serviceId'>;
type Person = Awaited<ReturnType<Store['notifications']['recipients']>>[number];

/** The active people the announcements name, and the members of the teams they name. */
function recipientsOf(store: Store, announcements: Announcement[]): Promise<Person[]> {
  const userIds = announcements.flatMap((a) => a.audience.flatMap((x) => ('userId' in x ? [x.userId] : [])));
  const teamsOf = announcements.flatMap((a) => a.audience.flatMap((x) => ('teamOf' in x ? [x.teamOf] : [])));
  return store.notifications.recipients({ userIds, teamsOf });
}

async function timeZoneOf(store: Store, serviceId: string, known: Known): Promise<string> {
  if (known.service?.id === serviceId) return known.service.timeZone;
  return (await store.directory.findService(serviceId))?.timeZone ?? 'UTC';
}

/**
 * One mail row per announcement and person it reaches (active people only, never `actorId`), each
 * held for the next digest when that person chose one; a calendar topic carries the invite.
 * `onceKey` makes a repeat a no-op.
 */
function mailRows(
  announcements: Announcement[],
  people: Person[],
  request: Announced,
  actorId: string | null,
  now: Date,
  timeZone: string,
  invite: InviteFacts | undefined,
  onceKey?: (topic: Announcement['topic'], userId: string) => string,
): NewNotification[] {
  const rows: NewNotification[] = [];
  for (const announcement of announcements) {
    const withInvite = invite && CALENDAR_TOPICS.includes(announcement.topic) ? { invite } : {};
    const payload: NotificationPayload = { topic: announcement.topic, requestId: request.id, reference: request.reference, priority: request.priority, timeZone, ...withInvite };
    for (const id of withoutActor(audienceIds(announcement, people), actorId ?? '')) {
      const person = people.find((p) => p.userId === id)!;
      const digest = inDigest(request.priority, person.preference, announcement.topic);
      rows.push({
        id: crypto.randomUUID(),
        channel: 'email',
        requestId: request.id,
        organisationId: person.organisationId,
        recipientUserId: person.userId,
        recipient: person.email,
        payload,
        digest,
        dueAt: digest ? nextDigestAt(now, timeZone) : now,
        createdAt: now,
        ...(onceKey ? { onceKey: onceKey(announcement.topic, person.userId) } : {}),
      });
    }
  }
  return rows;
}

/**
 * SLA reminders (issue 11): each request whose response clock has run 80% of its time, and each
 * one past its due time, is told to its service's triage team — once per threshold and clock (a
 * re-opened request has a new clock): the outbox ignores a reminder it already holds.
 */
export async function remindOfServiceLevels(store: Store, now: Date): Promise<number> {
  const due = await store.notifications.clocksRunningOut(now, SLA_WARNING_FRACTION);
  for (const request of due) {
    const topic = new Date(request.dueAt) <= now ? 'sla-missed' : 'sla-at-risk';
    const key = (t: string, userId: string) => `${t}:${request.id}:${request.submittedAt}:${userId}`;
    const announcements: Announcement[] = [{ topic, audience: [{ teamOf: request.serviceId }] }];
    const [people, timeZone] = await Promise.all([recipientsOf(store, announcements), timeZoneOf(store, request.serviceId, {})]);
    await store.notifications.enqueue(mailRows(announcements, people, request, null, now, timeZone, undefined, key));
  }
  return due.length;
}

/** The people an announcement names who are active now (an inactive one is not found). */
function audienceIds(announcement: Announcement, people: { userId: string; teamOf: string[] }[]): string[] {
  return announcement.audience.flatMap((a) => ('userId' in a ? people.filter((p) => p.userId === a.userId) : people.filter((p) => p.teamOf.includes(a.teamOf))).map((p) => p.userId));
}

/** The booking a calendar mail is about: the new one for a booking or move, the one called off otherwise. */
async function inviteFor(store: Store, action: string, before: ConsultationRequest | null, after: ConsultationRequest): Promise<InviteFacts | undefined> {
  const appointment = BOOKINGS.includes(action) ? after.appointment : before?.appointment;
  if (!appointment) return undefined;
  const history = (await store.requests.events(after.id)).filter((e) => e.version < after.version).map((e) => e.action);
  return {
    ...calendarIdentity(after.id, history, action),
    start: appointment.start,
    end: appointment.end,
    ...(appointment.location ? { location: appointment.location } : {}),
    ...(appointment.videoLink ? { videoLink: appointment.videoLink } : {}),
  };
}
