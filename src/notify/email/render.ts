/**
 * A notification as a mail: what happened, the request's reference, its priority and a link — never
 * clinical content or a patient identifier (PRODUCT.md, "Privacy"). Plain text and HTML; a booking
 * carries an iCalendar invite (RFC 5546) in the service's time zone.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { vtimezone } from '../../domain/vtimezone.js';
import { DateTime } from 'luxon';
import { NOTIFICATION_TOPICS } from '../../domain/notifications.js';
import type { InvitationPayload, InviteFacts, Notification, NotificationPayload } from '../../services/ports/notifications.js';

export interface MailSettings {
  /** MAIL_FROM. */
  from: string;
  /** Where links point (PUBLIC_URL, or the local address in development). */
  publicUrl: string;
}

export interface RenderedMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same for every attempt at this notification, so a resend is recognisably the same mail. */
  messageId: string;
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string } | undefined;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const linkTo = (settings: MailSettings, requestId: string): string => `${settings.publicUrl.replace(/\/$/, '')}/requests/${requestId}`;

/** A stable Message-ID per notification (a digest: per its first notification). */
export function messageIdOf(notificationId: string, settings: MailSettings): string {
  const host = new URL(settings.publicUrl).hostname || 'liaison.local';
  return `<notification-${notificationId}@${host}>`;
}

function whenText(invite: InviteFacts, timeZone: string): string {
  const start = DateTime.fromISO(invite.start, { zone: timeZone });
  const end = DateTime.fromISO(invite.end, { zone: timeZone });
  return `${start.toFormat('cccc d LLLL yyyy, HH:mm')}–${end.toFormat('HH:mm')} (${timeZone})`;
}

/** The lines of one notification: what happened, the reference and priority, a booking's time and place. */
function linesOf(payload: NotificationPayload): string[] {
  const lines = [`${NOTIFICATION_TOPICS[payload.topic]}: ${payload.reference} (priority ${payload.priority}).`];
  const invite = payload.invite;
  if (invite) {
    lines.push(`When: ${whenText(invite, payload.timeZone)}`);
    if (invite.videoLink) lines.push(`Video link: ${invite.videoLink}`);
    if (invite.location) lines.push(`Where: ${invite.location}`);
  }
  return lines;
}

/** An invitation's mail: who invites, the single-use sign-in link and until when it works. */
function renderInvitation(n: Notification<'email'>, payload: InvitationPayload, settings: MailSettings): RenderedMail {
  const link = `${settings.publicUrl.replace(/\/$/, '')}/sign-in/invitation/${payload.token}`;
  const until = DateTime.fromISO(payload.expiresAt, { zone: 'utc' }).toFormat("d LLLL yyyy, HH:mm 'UTC'");
  const lines = [`${payload.organisationName} invites you to Liaison, where GPs and consulting psychiatrists share the care of patients.`, `Sign in with this link. It works once, until ${until}:`];
  const footer = 'If you did not expect this invitation, ignore this mail: nothing happens without the link.';
  return {
    from: settings.from,
    to: n.recipient,
    subject: `Liaison: ${payload.organisationName} invites you`,
    text: [...lines, link, '', footer].join('\n'),
    html: ['<!doctype html><html><body>', `<p>${lines.map(escapeHtml).join('<br>')}</p>`, `<p><a href="${escapeHtml(link)}">Sign in to Liaison</a></p>`, `<p>${escapeHtml(footer)}</p>`, '</body></html>'].join('\n'),
    messageId: messageIdOf(n.id, settings),
  };
}

export function renderMail(group: Notification<'email'>[], settings: MailSettings): RenderedMail {
  const first = group[0]!;
  if ('kind' in first.payload) return renderInvitation(first, first.payload, settings);
  // An invitation is never in a digest: a group is a request's mail or a digest of them.
  return renderRequestMail(group as RequestMail[], settings);
}

type RequestMail = Notification<'email'> & { payload: NotificationPayload };

function renderRequestMail(group: RequestMail[], settings: MailSettings): RenderedMail {
  const first = group[0]!;
  const digest = group.length > 1 || first.digest;
  const subject = digest ? `Liaison: your daily summary (${group.length} update${group.length === 1 ? '' : 's'})` : `Liaison: ${NOTIFICATION_TOPICS[first.payload.topic]} — ${first.payload.reference} (${first.payload.priority})`;
  const items = group.map((n) => ({ lines: linesOf(n.payload), link: linkTo(settings, n.payload.requestId) }));
  const footer = 'Sign in to Liaison to read the request. This mail holds no clinical details by design.';
  const text = [...items.flatMap((i) => [...i.lines, `Open the request: ${i.link}`, '']), footer].join('\n');
  const html = [
    '<!doctype html><html><body>',
    ...items.map((i) => `<p>${i.lines.map(escapeHtml).join('<br>')}<br><a href="${escapeHtml(i.link)}">Open the request</a></p>`),
    `<p>${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  const invite = !digest ? first.payload.invite : undefined;
  return {
    from: settings.from,
    to: first.recipient,
    subject,
    text,
    html,
    messageId: messageIdOf(first.id, settings),
    ...(invite ? { calendar: { method: invite.method, content: calendarOf(first.payload, invite, settings) } } : {}),
  };
}

/** The invite: the booking's UID and SEQUENCE, METHOD:REQUEST (book, move) or METHOD:CANCEL (call-off); no patient data. */
export function calendarOf(payload: NotificationPayload, invite: InviteFacts, settings: MailSettings): string {
  const utc = payload.timeZone === 'UTC';
  const calendar = ical({
    prodId: { company: 'Liaison', product: 'Liaison', language: 'EN' },
    method: invite.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // The zone's rules travel with the invite (VTIMEZONE): clients that do not know its name still place the meeting right.
    // ical-generator writes a time "in" UTC as floating local time: UTC times are written as such (…Z) instead.
    ...(utc ? {} : { timezone: { name: payload.timeZone, generator: (zone: string) => vtimezone(zone, new Date(invite.start)) } }),
  });
  calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    start: utc ? new Date(invite.start) : DateTime.fromISO(invite.start, { zone: payload.timeZone }),
    end: utc ? new Date(invite.end) : DateTime.fromISO(invite.end, { zone: payload.timeZone }),
    timezone: utc ? null : payload.timeZone,
    summary: `Liaison consultation ${payload.reference}`,
    description: `Consultation for request ${payload.reference}. Details in Liaison: ${linkTo(settings, payload.requestId)}`,
    location: invite.videoLink ?? invite.location ?? null,
    url: invite.videoLink ?? linkTo(settings, payload.requestId),
    status: invite.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: 'Liaison', email: settings.from.replace(/^.*<|>.*$/g, '') },
  });
  return calendar.toString();
}
