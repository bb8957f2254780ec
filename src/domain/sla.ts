/**
 * The SLA clock (PRODUCT.md, "Service levels"). A response target is a number of business
 * days counted in the consulting service's time zone, the day of submission being day one,
 * due at the end of the last day. Zero means immediate: the request is flagged for phone
 * contact at once and due within the hour (IMMEDIATE_RESPONSE_MINUTES), weekends included.
 * The clock pauses while the request awaits information from the GP; on resume the due time
 * moves on by the business time spent paused. A service's calendar says which weekdays are
 * business days (those with opening hours; Monday to Friday by default) and which dates are public
 * holidays: neither weekends nor holidays are business time. The clock counts whole days.
 */
import { DateTime } from 'luxon';
import type { RequestState } from './lifecycle.js';
import type { Priority } from './request.js';

export type SlaTargets = Record<Priority, number>;

export const DEFAULT_SLA_TARGETS: SlaTargets = { routine: 10, urgent: 2, asap: 1, stat: 0 };

/** Opening hours: wall-clock windows per ISO weekday (1 = Monday). */
export type BusinessHours = { weekday: number; start: string; end: string }[];

export const DEFAULT_BUSINESS_HOURS: BusinessHours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));

/** Where and when a service's SLA clock runs: its time zone, business weekdays and public holidays. */
export interface BusinessCalendar {
  timeZone: string;
  /** ISO weekdays that are business days; Monday to Friday when left out. */
  workdays?: readonly number[] | undefined;
  /** Dates (YYYY-MM-DD, local) that are not business days. */
  holidays?: readonly string[] | undefined;
}

/** The calendar of a service as stored: the weekdays with opening hours, and its holidays. */
export function calendarOf(service: { timeZone: string; businessHours?: BusinessHours | undefined; publicHolidays?: readonly string[] | undefined }): BusinessCalendar {
  return { timeZone: service.timeZone, workdays: service.businessHours ? [...new Set(service.businessHours.map((h) => h.weekday))] : undefined, holidays: service.publicHolidays };
}

const calendar = (c: string | BusinessCalendar): BusinessCalendar => (typeof c === 'string' ? { timeZone: c } : c);

function isBusinessDay(d: DateTime, c: BusinessCalendar): boolean {
  if (!(c.workdays ?? [1, 2, 3, 4, 5]).includes(d.weekday)) return false;
  return !c.holidays?.includes(d.toISODate() ?? '');
}

/** What "immediate" means for a zero-day target: a response within the hour, any day. */
export const IMMEDIATE_RESPONSE_MINUTES = 60;

/**
 * Counted on calendar dates: the time zone is asked twice (the date of submission there, and the
 * instant its due day ends), and the days in between are plain dates. Stepping a zoned DateTime a
 * day at a time cost a tenth of a create's CPU (luxon works out the zone's offset at every step).
 */
export function computeDueAt(submittedAt: Date, businessDays: number, on: string | BusinessCalendar): Date {
  if (businessDays <= 0) return new Date(submittedAt.getTime() + IMMEDIATE_RESPONSE_MINUTES * 60_000);
  const c = calendar(on);
  const submitted = DateTime.fromJSDate(submittedAt, { zone: c.timeZone });
  let day = firstBusinessDate(Date.UTC(submitted.year, submitted.month - 1, submitted.day), c);
  for (let counted = 1; counted < businessDays; counted++) day = firstBusinessDate(day + DAY_MS, c);
  return new Date(endOfDate(day, c.timeZone));
}

/** Ends of local dates already worked out, by zone and date: most requests of a day fall due on the same few. */
const dateEnds = new Map<string, number>();

/**
 * The instant a local date (its UTC midnight) ends in the zone, stepped from the date's start:
 * where midnight comes twice (a clock set back at midnight), the day ends at the first of them.
 */
function endOfDate(date: number, timeZone: string): number {
  const key = `${timeZone}|${date}`;
  let end = dateEnds.get(key);
  if (end === undefined) {
    const d = new Date(date);
    const start = DateTime.fromObject({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, { zone: timeZone });
    end = start.plus({ days: 1 }).startOf('day').toMillis();
    if (dateEnds.size >= 1024) dateEnds.clear();
    dateEnds.set(key, end);
  }
  return end;
}

const DAY_MS = 86_400_000;

/** The date itself or the next business date (held as the UTC midnight that starts it); after 400 days without one, that day. */
function firstBusinessDate(date: number, c: BusinessCalendar): number {
  let d = date;
  for (let tried = 0; tried < 400 && !isBusinessDate(d, c); tried++) d += DAY_MS;
  return d;
}

function isBusinessDate(date: number, c: BusinessCalendar): boolean {
  const weekday = ((new Date(date).getUTCDay() + 6) % 7) + 1;
  if (!(c.workdays ?? [1, 2, 3, 4, 5]).includes(weekday)) return false;
  return !c.holidays?.includes(new Date(date).toISOString().slice(0, 10));
}

/** Business time (milliseconds on business days, local time) between two instants. */
export function businessMillisBetween(from: Date, to: Date, on: string | BusinessCalendar): number {
  if (to <= from) return 0;
  const c = calendar(on);
  let cursor = DateTime.fromJSDate(from, { zone: c.timeZone });
  const end = DateTime.fromJSDate(to, { zone: c.timeZone });
  let total = 0;
  while (cursor < end) {
    const nextDay = cursor.plus({ days: 1 }).startOf('day');
    const sliceEnd = nextDay < end ? nextDay : end;
    if (isBusinessDay(cursor, c)) total += sliceEnd.toMillis() - cursor.toMillis();
    cursor = sliceEnd;
  }
  return total;
}

/** Moves an instant forward by an amount of business time, skipping weekends and holidays. */
export function addBusinessMillis(start: Date, millis: number, on: string | BusinessCalendar): Date {
  const c = calendar(on);
  let cursor = DateTime.fromJSDate(start, { zone: c.timeZone });
  let left = millis;
  for (let skipped = 0; left > 0; ) {
    if (!isBusinessDay(cursor, c)) {
      // A calendar without business days would never end: after a year of none, count the time as is.
      if (++skipped > 400) return cursor.plus({ milliseconds: left }).toJSDate();
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

export function resumedDueAt(dueAt: Date, pausedAt: Date, resumedAt: Date, on: string | BusinessCalendar): Date {
  return addBusinessMillis(dueAt, businessMillisBetween(pausedAt, resumedAt, on), on);
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
