/**
 * The iCalendar identity of a booking (RFC 5546): one UID per booking, a SEQUENCE that rises on
 * every move, METHOD:REQUEST for a booking or move and METHOD:CANCEL for a call-off with the
 * booking's UID. Read off the request's history, so nothing new is stored on the appointment.
 */
import { DateTime } from 'luxon';
import { DIGEST_HOUR } from './notifications.js';

export interface CalendarIdentity {
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
}

/** Actions that end a booking (the next booking of the request is a new one, with a new UID). */
const CALL_OFFS = ['cancel-visit', 'cancel'];

/** Actions that book or move a booking: the psychiatrist's, or the GP's choice among proposed times. */
export const BOOKINGS = ['schedule', 'choose-time'];

/**
 * `history`: the request's actions before this change, oldest first. The n-th booking of a request
 * (n = bookings called off before it) has the UID `<request id>-<n>@liaison`; its SEQUENCE is how
 * often it was moved; a call-off carries the next SEQUENCE, so calendars apply it after the last move.
 */
export function calendarIdentity(requestId: string, history: readonly string[], action: string): CalendarIdentity {
  const calledOff = history.filter((a) => CALL_OFFS.includes(a)).length;
  const lastCallOff = history.findLastIndex((a) => CALL_OFFS.includes(a));
  const schedulesOfThisBooking = history.slice(lastCallOff + 1).filter((a) => BOOKINGS.includes(a)).length;
  const uid = `${requestId}-${calledOff}@liaison`;
  if (CALL_OFFS.includes(action)) return { uid, sequence: schedulesOfThisBooking, method: 'CANCEL' };
  return { uid, sequence: schedulesOfThisBooking, method: 'REQUEST' };
}

/** When a daily digest holding news from `now` goes out: the next DIGEST_HOUR o'clock in the time zone. */
export function nextDigestAt(now: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let at = local.set({ hour: DIGEST_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (at <= local) at = at.plus({ days: 1 });
  return at.toJSDate();
}
