/**
 * computeDueAt counts business days on plain calendar dates; it must answer what counting them on
 * zoned days does (the implementation before it, kept here as the oracle), in every time zone,
 * calendar and moment, across daylight-saving changes and holidays.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { computeDueAt, type BusinessCalendar } from './sla.js';

function isBusinessDay(d: DateTime, c: BusinessCalendar): boolean {
  if (!(c.workdays ?? [1, 2, 3, 4, 5]).includes(d.weekday)) return false;
  return !c.holidays?.includes(d.toISODate() ?? '');
}
function firstBusinessDay(day: DateTime, c: BusinessCalendar): DateTime {
  let d = day.startOf('day');
  for (let tried = 0; tried < 400 && !isBusinessDay(d, c); tried++) d = d.plus({ days: 1 });
  return d;
}
function dueAtOnZonedDays(submittedAt: Date, businessDays: number, c: BusinessCalendar): Date {
  let day = firstBusinessDay(DateTime.fromJSDate(submittedAt, { zone: c.timeZone }), c);
  for (let counted = 1; counted < businessDays; counted++) day = firstBusinessDay(day.plus({ days: 1 }), c);
  return day.plus({ days: 1 }).startOf('day').toJSDate();
}

// Zones with daylight saving at midnight (Havana, Santiago, Beirut), half hours, the date line.
const ZONES = ['Europe/Berlin', 'America/New_York', 'America/Havana', 'America/Santiago', 'Asia/Beirut', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Apia', 'Pacific/Kiritimati', 'UTC'];

describe('computeDueAt on calendar dates', () => {
  it('answers what counting zoned days answers', () => {
    const calendarArb = fc.record({
      timeZone: fc.constantFrom(...ZONES),
      workdays: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }), { nil: undefined }),
      holidays: fc.option(fc.uniqueArray(fc.date({ min: new Date('2025-12-01'), max: new Date('2027-02-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { maxLength: 40 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 30 }), calendarArb, (at, days, c) => {
        expect(computeDueAt(at, days, c).toISOString()).toBe(dueAtOnZonedDays(at, days, c).toISOString());
      }),
      {
        numRuns: 1500,
        // Havana sets its clocks back at 01:00 to midnight on 1 November: that day starts twice.
        examples: [[new Date('2026-10-18T04:00:00.000Z'), 9, { timeZone: 'America/Havana', workdays: [2, 1, 4, 6, 3], holidays: ['2026-10-19'] }]],
      },
    );
  });

  it('counts the days of a calendar with no business day as its 400-day search does', () => {
    const c = { timeZone: 'Europe/Berlin', workdays: [] };
    const at = new Date('2026-03-28T12:00:00Z');
    expect(computeDueAt(at, 2, c).toISOString()).toBe(dueAtOnZonedDays(at, 2, c).toISOString());
  });
});
