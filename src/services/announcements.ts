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
import { notifySubscribers } from './subscription-events.js';
import { pushToEhrs } from './ehr-connections.js';

/**
 * The outbox rows for one change of `after` (`before` null: a request this change created). Call
 * after the change's history event is appended: a booking's calendar identity counts it out.
 */
export async function announce(store: Store, actor: Actor, before: ConsultationRequest | null, after: ConsultationRequest, action: string, now: Date): Promise<void> {
  await notifySubscribers(store, before, after, now);
  await pushToEhrs(store, before, after, now);
  const writtenBy = action === 'add-message' ? (sidesOf(actor, after).includes('consultant') ? 'consultant' : 'requester') : undefined;
  const announcements = announcementsOf({ action, before, after, writtenBy });
  if (announcements.length === 0) return;
  await enqueue(store, announcements, after, actor.id, now, (topic) => (CALENDAR_TOPICS.includes(topic) ? inviteFor(store, action, before, after) : Promise.resolve(undefined)));
}

/** The request as an announcement names it: its id, reference, priority and service. Nothing about the patient. */
type Announced = Pick<ConsultationRequest, 'id' | 'reference' | 'priority' | 'serviceId'>;

/**
 * One outbox row per announcement and person it reaches (active people only, never `actorId`),
 * each held for the next digest when that person chose one. `onceKey` makes a repeat a no-op.
 */
async function enqueue(
  store: Store,
  announcements: Announcement[],
  request: Announced,
  actorId: string | null,
  now: Date,
  inviteOf: (topic: Announcement['topic']) => Promise<InviteFacts | undefined>,
  onceKey?: (topic: Announcement['topic'], userId: string) => string,
): Promise<void> {
  const userIds = announcements.flatMap((a) => a.audience.flatMap((x) => ('userId' in x ? [x.userId] : [])));
  const teamsOf = announcements.flatMap((a) => a.audience.flatMap((x) => ('teamOf' in x ? [x.teamOf] : [])));
  const [people, service] = await Promise.all([store.notifications.recipients({ userIds, teamsOf }), store.directory.findService(request.serviceId)]);
  const timeZone = service?.timeZone ?? 'UTC';
  const rows: NewNotification[] = [];
  for (const announcement of announcements) {
    const invite = await inviteOf(announcement.topic);
    const payload: NotificationPayload = { topic: announcement.topic, requestId: request.id, reference: request.reference, priority: request.priority, timeZone, ...(invite ? { invite } : {}) };
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
  await store.notifications.enqueue(rows);
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
    await enqueue(store, [{ topic, audience: [{ teamOf: request.serviceId }] }], request, null, now, () => Promise.resolve(undefined), key);
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
