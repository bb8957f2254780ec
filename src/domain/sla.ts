/**
 * The SLA clock (PRODUCT.md, "Service levels"). A response target is a number of business
 * days counted in the consulting service's time zone, the day of submission being day one,
 * due at the end of the last day. Zero means immediate: the request is flagged for phone
 * contact at once and due within the hour (IMMEDIATE_RESPONSE_MINUTES), weekends included.
 * The clock pauses while the request awaits information from the GP; on resume the due time
 * moves on by the business time spent paused. Weekends are not business time.
 */
import { DateTime } from 'luxon';
import type { RequestState } from './lifecycle.js';
import type { Priority } from './request.js';

export type SlaTargets = Record<Priority, number>;

export const DEFAULT_SLA_TARGETS: SlaTargets = { routine: 10, urgent: 2, asap: 1, stat: 0 };

const isBusinessDay = (d: DateTime): boolean => d.weekday <= 5;

function firstBusinessDay(day: DateTime): DateTime {
  let d = day.startOf('day');
  while (!isBusinessDay(d)) d = d.plus({ days: 1 });
  return d;
}

/** What "immediate" means for a zero-day target: a response within the hour, any day. */
export const IMMEDIATE_RESPONSE_MINUTES = 60;

export function computeDueAt(submittedAt: Date, businessDays: number, timeZone: string): Date {
  if (businessDays <= 0) return new Date(submittedAt.getTime() + IMMEDIATE_RESPONSE_MINUTES * 60_000);
  let day = firstBusinessDay(DateTime.fromJSDate(submittedAt, { zone: timeZone }));
  for (let counted = 1; counted < businessDays; ) {
    day = day.plus({ days: 1 });
    if (isBusinessDay(day)) counted++;
  }
  return day.plus({ days: 1 }).startOf('day').toJSDate();
}

/** Business time (milliseconds on weekdays, local time) between two instants. */
export function businessMillisBetween(from: Date, to: Date, timeZone: string): number {
  if (to <= from) return 0;
  let cursor = DateTime.fromJSDate(from, { zone: timeZone });
  const end = DateTime.fromJSDate(to, { zone: timeZone });
  let total = 0;
  while (cursor < end) {
    const nextDay = cursor.plus({ days: 1 }).startOf('day');
    const sliceEnd = nextDay < end ? nextDay : end;
    if (isBusinessDay(cursor)) total += sliceEnd.toMillis() - cursor.toMillis();
    cursor = sliceEnd;
  }
  return total;
}

/** Moves an instant forward by an amount of business time, skipping weekends. */
export function addBusinessMillis(start: Date, millis: number, timeZone: string): Date {
  let cursor = DateTime.fromJSDate(start, { zone: timeZone });
  let left = millis;
  while (left > 0) {
    if (!isBusinessDay(cursor)) {
      cursor = cursor.plus({ days: 1 }).startOf('day');
      continue;
    }
    const nextDay = cursor.plus({ days: 1 }).startOf('day');
    const available = nextDay.toMillis() - cursor.toMillis();
    if (left <= available) return cursor.plus({ milliseconds: left }).toJSDate();
    left -= available;
    cursor = nextDay;
  }
  return cursor.toJSDate();
}

export function resumedDueAt(dueAt: Date, pausedAt: Date, resumedAt: Date, timeZone: string): Date {
  return addBusinessMillis(dueAt, businessMillisBetween(pausedAt, resumedAt, timeZone), timeZone);
}

export type ClockState = 'not-started' | 'running' | 'paused' | 'met' | 'missed' | 'stopped';

export interface SlaView {
  dueAt: string | null;
  clock: ClockState;
  /** Milliseconds until due while running (negative when overdue), or frozen while paused. */
  timeLeftMs: number | null;
  overdue: boolean;
  /** Stat requests expect immediate phone contact: flagged, never silently queued. */
  phoneContactExpected: boolean;
}

export function slaView(
  r: {
    state: RequestState;
    priority: Priority;
    dueAt: string | null;
    clockPausedAt: string | null;
    firstResponseAt: string | null;
  },
  now: Date,
): SlaView {
  const due = r.dueAt ? new Date(r.dueAt) : null;
  const phoneContactExpected = r.priority === 'stat' && r.firstResponseAt === null && r.state === 'submitted';
  if (!due) return { dueAt: null, clock: 'not-started', timeLeftMs: null, overdue: false, phoneContactExpected };
  if (r.firstResponseAt) {
    const met = new Date(r.firstResponseAt) <= due;
    return { dueAt: r.dueAt, clock: met ? 'met' : 'missed', timeLeftMs: null, overdue: !met, phoneContactExpected };
  }
  if (r.state === 'awaiting-information' && r.clockPausedAt) {
    const left = due.getTime() - new Date(r.clockPausedAt).getTime();
    return { dueAt: r.dueAt, clock: 'paused', timeLeftMs: left, overdue: left < 0, phoneContactExpected };
  }
  if (r.state !== 'submitted') {
    return { dueAt: r.dueAt, clock: 'stopped', timeLeftMs: null, overdue: false, phoneContactExpected };
  }
  const left = due.getTime() - now.getTime();
  return { dueAt: r.dueAt, clock: 'running', timeLeftMs: left, overdue: left < 0, phoneContactExpected };
}

/** Whether a follow-up question still belongs to the same request (months counted in calendar months). */
export function withinReconsultWindow(concludedAt: Date, now: Date, months: number): boolean {
  return DateTime.fromJSDate(concludedAt, { zone: 'UTC' }).plus({ months }) >= DateTime.fromJSDate(now, { zone: 'UTC' });
}
