/**
 * The SLA clock with concrete dates. Inputs are written with explicit UTC offsets and
 * expectations as explicit UTC instants, so the tests do not depend on the machine's zone.
 *
 * Calendar used: 2026-01-12 is a Monday; 2026-03-29 (last Sunday of March) is the spring
 * DST change in Europe/Berlin (CET +01:00 → CEST +02:00); 2026-10-25 (last Sunday of October)
 * is the autumn change back.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SLA_TARGETS,
  addBusinessMillis,
  businessMillisBetween,
  computeDueAt,
  resumedDueAt,
  slaView,
} from './sla.js';
import type { RequestState } from './lifecycle.js';
import type { Priority } from './request.js';

const BERLIN = 'Europe/Berlin';
const HOUR = 3_600_000;
const at = (iso: string): Date => new Date(iso);
const local = (d: Date, zone = BERLIN): string => DateTime.fromJSDate(d, { zone }).toISO() ?? 'invalid';

describe('default targets', () => {
  it('are routine 10, urgent 2, asap 1, stat 0 business days', () => {
    expect(DEFAULT_SLA_TARGETS).toEqual({ routine: 10, urgent: 2, asap: 1, stat: 0 });
  });
});

describe('computeDueAt', () => {
  it('routine: 10 business days from a Monday ends at midnight after Friday of the following week', () => {
    // Mon 12 Jan (day 1) … Fri 16 (day 5), Mon 19 (day 6) … Fri 23 (day 10) → due Sat 24 Jan 00:00 local.
    const due = computeDueAt(at('2026-01-12T10:00:00+01:00'), 10, BERLIN);
    expect(due.toISOString()).toBe('2026-01-23T23:00:00.000Z');
    expect(local(due)).toBe('2026-01-24T00:00:00.000+01:00');
  });

  it('urgent: 2 business days submitted Friday afternoon → due at the end of Monday, local', () => {
    const due = computeDueAt(at('2026-01-16T15:30:00+01:00'), 2, BERLIN);
    expect(local(due)).toBe('2026-01-20T00:00:00.000+01:00');
    expect(due.toISOString()).toBe('2026-01-19T23:00:00.000Z');
  });

  it('asap: 1 business day means the same day, due at local midnight', () => {
    const due = computeDueAt(at('2026-01-14T16:00:00+01:00'), 1, BERLIN);
    expect(local(due)).toBe('2026-01-15T00:00:00.000+01:00');
  });

  it('a Saturday submission counts from Monday (Monday is day one)', () => {
    const saturday = at('2026-01-17T11:00:00+01:00');
    expect(local(computeDueAt(saturday, 1, BERLIN))).toBe('2026-01-20T00:00:00.000+01:00'); // end of Mon 19
    expect(local(computeDueAt(saturday, 2, BERLIN))).toBe('2026-01-21T00:00:00.000+01:00'); // end of Tue 20
    expect(local(computeDueAt(saturday, 10, BERLIN))).toBe('2026-01-31T00:00:00.000+01:00'); // end of Fri 30
  });

  it('a Sunday submission also counts from Monday', () => {
    const sunday = at('2026-01-18T22:00:00+01:00');
    expect(local(computeDueAt(sunday, 2, BERLIN))).toBe('2026-01-21T00:00:00.000+01:00');
  });

  it('the submission day is decided in the service time zone, not in UTC', () => {
    // Friday 23:30 UTC is already Saturday 00:30 in Berlin: counts from Monday.
    const fridayNightUtc = at('2026-01-16T23:30:00Z');
    expect(local(computeDueAt(fridayNightUtc, 2, BERLIN))).toBe('2026-01-21T00:00:00.000+01:00');
    // Sunday 23:30 UTC is Monday 00:30 in Berlin: Monday is day one.
    const sundayNightUtc = at('2026-01-18T23:30:00Z');
    expect(local(computeDueAt(sundayNightUtc, 1, BERLIN))).toBe('2026-01-20T00:00:00.000+01:00');
  });

  it('the same instant gives different due times in different service zones', () => {
    // Friday 23:30 in New York = Saturday 05:30 in Berlin.
    const submitted = at('2026-01-16T23:30:00-05:00');
    const newYork = computeDueAt(submitted, 2, 'America/New_York');
    expect(local(newYork, 'America/New_York')).toBe('2026-01-20T00:00:00.000-05:00'); // Fri, Mon
    expect(newYork.toISOString()).toBe('2026-01-20T05:00:00.000Z');
    const berlin = computeDueAt(submitted, 2, BERLIN);
    expect(local(berlin)).toBe('2026-01-21T00:00:00.000+01:00'); // Mon, Tue
  });

  it('stat: 0 business days is due within the hour of submission, to the millisecond, any day', () => {
    const hour = 60 * 60 * 1000;
    const submitted = at('2026-01-17T03:14:15.926+01:00'); // even on a Saturday night
    expect(computeDueAt(submitted, 0, BERLIN).getTime()).toBe(submitted.getTime() + hour);
    const weekday = at('2026-01-14T10:00:00+01:00');
    expect(computeDueAt(weekday, 0, BERLIN).getTime()).toBe(weekday.getTime() + hour);
  });

  describe('across the DST changes in Europe/Berlin', () => {
    it('before the spring change, due midnight is still CET (+01:00)', () => {
      const due = computeDueAt(at('2026-03-26T10:00:00+01:00'), 2, BERLIN); // Thu, Fri
      expect(due.toISOString()).toBe('2026-03-27T23:00:00.000Z');
      expect(local(due)).toBe('2026-03-28T00:00:00.000+01:00');
    });

    it('urgent submitted Friday 27 March (CET) is due at Tuesday 00:00 CEST (+02:00), i.e. 22:00 UTC', () => {
      const due = computeDueAt(at('2026-03-27T14:00:00+01:00'), 2, BERLIN); // Fri, Mon 30
      expect(due.toISOString()).toBe('2026-03-30T22:00:00.000Z');
      const d = DateTime.fromJSDate(due, { zone: BERLIN });
      expect(d.offset).toBe(120);
      expect([d.hour, d.minute, d.second, d.millisecond]).toEqual([0, 0, 0, 0]);
    });

    it('routine submitted Monday 23 March (CET) is due at Saturday 4 April 00:00 CEST', () => {
      const due = computeDueAt(at('2026-03-23T09:00:00+01:00'), 10, BERLIN);
      expect(due.toISOString()).toBe('2026-04-03T22:00:00.000Z');
      expect(local(due)).toBe('2026-04-04T00:00:00.000+02:00');
    });

    it('a submission on the DST Sunday itself counts from Monday', () => {
      const due = computeDueAt(at('2026-03-29T12:00:00+02:00'), 1, BERLIN);
      expect(due.toISOString()).toBe('2026-03-30T22:00:00.000Z');
    });

    it('across the autumn change, due midnight is back to CET (+01:00)', () => {
      const due = computeDueAt(at('2026-10-23T14:00:00+02:00'), 2, BERLIN); // Fri, Mon 26
      expect(due.toISOString()).toBe('2026-10-26T23:00:00.000Z');
      expect(DateTime.fromJSDate(due, { zone: BERLIN }).offset).toBe(60);
    });

    it('every due instant in the weeks around both changes is local midnight', () => {
      const starts = [at('2026-03-16T08:00:00+01:00'), at('2026-10-12T08:00:00+02:00')];
      for (const start of starts) {
        for (let offsetDays = 0; offsetDays < 14; offsetDays++) {
          const submitted = new Date(start.getTime() + offsetDays * 24 * HOUR);
          for (const days of [1, 2, 10]) {
            const d = DateTime.fromJSDate(computeDueAt(submitted, days, BERLIN), { zone: BERLIN });
            expect([d.hour, d.minute, d.second, d.millisecond], `${submitted.toISOString()} +${days}`).toEqual([0, 0, 0, 0]);
            // Due at the end of a business day, so the local day it starts is Tue–Sat.
            expect(d.weekday, `${submitted.toISOString()} +${days}`).toBeGreaterThanOrEqual(2);
            expect(d.weekday, `${submitted.toISOString()} +${days}`).toBeLessThanOrEqual(6);
          }
        }
      }
    });
  });
});

describe('businessMillisBetween', () => {
  it('is zero over a weekend', () => {
    expect(businessMillisBetween(at('2026-01-17T00:00:00+01:00'), at('2026-01-19T00:00:00+01:00'), BERLIN)).toBe(0);
    expect(businessMillisBetween(at('2026-01-17T10:00:00+01:00'), at('2026-01-18T18:00:00+01:00'), BERLIN)).toBe(0);
  });

  it('counts weekday time only: Friday 15:00 → Monday 00:00 is Friday’s 9 hours', () => {
    expect(businessMillisBetween(at('2026-01-16T15:00:00+01:00'), at('2026-01-19T00:00:00+01:00'), BERLIN)).toBe(9 * HOUR);
  });

  it('Friday 15:00 → Monday 09:00 is 9 h on Friday plus 9 h on Monday (weekday time is counted around the clock)', () => {
    expect(businessMillisBetween(at('2026-01-16T15:00:00+01:00'), at('2026-01-19T09:00:00+01:00'), BERLIN)).toBe(18 * HOUR);
  });

  it('within one weekday is plain elapsed time', () => {
    expect(businessMillisBetween(at('2026-01-12T09:00:00+01:00'), at('2026-01-12T17:00:00+01:00'), BERLIN)).toBe(8 * HOUR);
  });

  it('a full calendar week is five days', () => {
    expect(businessMillisBetween(at('2026-01-12T00:00:00+01:00'), at('2026-01-19T00:00:00+01:00'), BERLIN)).toBe(120 * HOUR);
  });

  it('is zero for an empty or reversed interval', () => {
    const t = at('2026-01-14T10:00:00+01:00');
    expect(businessMillisBetween(t, t, BERLIN)).toBe(0);
    expect(businessMillisBetween(at('2026-01-15T10:00:00+01:00'), t, BERLIN)).toBe(0);
  });

  it('over the DST weekend counts only Friday, a full 24 hours', () => {
    // 71 real hours elapse (the Sunday is 23 h long), but only Friday is business time.
    expect(businessMillisBetween(at('2026-03-27T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'), BERLIN)).toBe(24 * HOUR);
  });

  it('uses the service zone to decide what is a weekend', () => {
    // Friday 23:00–Saturday 01:00 UTC: in UTC 1 h is Friday; in Berlin it is all Saturday.
    const from = at('2026-01-16T23:00:00Z');
    const to = at('2026-01-17T01:00:00Z');
    expect(businessMillisBetween(from, to, 'UTC')).toBe(1 * HOUR);
    expect(businessMillisBetween(from, to, BERLIN)).toBe(0);
  });
});

describe('addBusinessMillis', () => {
  it('adds plain time within a weekday', () => {
    expect(addBusinessMillis(at('2026-01-12T09:00:00+01:00'), 3 * HOUR, BERLIN).toISOString()).toBe('2026-01-12T11:00:00.000Z');
  });

  it('filling Friday exactly lands at Friday midnight, not Monday', () => {
    expect(local(addBusinessMillis(at('2026-01-16T15:00:00+01:00'), 9 * HOUR, BERLIN))).toBe('2026-01-17T00:00:00.000+01:00');
  });

  it('skips the weekend', () => {
    expect(local(addBusinessMillis(at('2026-01-16T15:00:00+01:00'), 10 * HOUR, BERLIN))).toBe('2026-01-19T01:00:00.000+01:00');
  });

  it('starting on a weekend starts counting on Monday', () => {
    expect(local(addBusinessMillis(at('2026-01-17T10:00:00+01:00'), 1 * HOUR, BERLIN))).toBe('2026-01-19T01:00:00.000+01:00');
  });

  it('adding nothing leaves the instant unchanged', () => {
    const t = at('2026-01-17T10:00:00+01:00');
    expect(addBusinessMillis(t, 0, BERLIN).getTime()).toBe(t.getTime());
  });

  it('skips the DST weekend into CEST', () => {
    expect(local(addBusinessMillis(at('2026-03-27T20:00:00+01:00'), 6 * HOUR, BERLIN))).toBe('2026-03-30T02:00:00.000+02:00');
  });

  it('is the inverse of businessMillisBetween for weekday starts', () => {
    const start = at('2026-01-14T13:45:00+01:00');
    for (const hours of [1, 10, 11, 34, 35, 58, 100, 240]) {
      const end = addBusinessMillis(start, hours * HOUR, BERLIN);
      expect(businessMillisBetween(start, end, BERLIN), `${hours} h`).toBe(hours * HOUR);
    }
  });
});

describe('resumedDueAt (clock paused while awaiting information)', () => {
  // Routine, submitted Monday 12 Jan: due Sat 24 Jan 00:00 local (end of Friday 23).
  const due = at('2026-01-24T00:00:00+01:00');
  const pausedFriday1500 = at('2026-01-16T15:00:00+01:00');

  it('pause Friday 15:00, resume Monday 00:00: the due time moves by Friday’s 9 hours only, not the weekend', () => {
    const resumed = resumedDueAt(due, pausedFriday1500, at('2026-01-19T00:00:00+01:00'), BERLIN);
    // Sat 24 00:00 + 9 business hours → the weekend is skipped → Mon 26 09:00.
    expect(local(resumed)).toBe('2026-01-26T09:00:00.000+01:00');
  });

  it('pause Friday 15:00, resume Sunday evening: same as resuming at Monday 00:00', () => {
    const resumed = resumedDueAt(due, pausedFriday1500, at('2026-01-18T20:00:00+01:00'), BERLIN);
    expect(local(resumed)).toBe('2026-01-26T09:00:00.000+01:00');
  });

  it('pause Friday 15:00, resume Monday 09:00: moves by 9 h Friday + 9 h Monday morning, nothing for the weekend', () => {
    const resumed = resumedDueAt(due, pausedFriday1500, at('2026-01-19T09:00:00+01:00'), BERLIN);
    // 18 business hours, not the 66 wall-clock hours the request was paused for.
    expect(local(resumed)).toBe('2026-01-26T18:00:00.000+01:00');
  });

  it('the business time left at the pause is exactly the business time left at resume', () => {
    const resumedAt = at('2026-01-19T09:00:00+01:00');
    const newDue = resumedDueAt(due, pausedFriday1500, resumedAt, BERLIN);
    expect(businessMillisBetween(resumedAt, newDue, BERLIN)).toBe(businessMillisBetween(pausedFriday1500, due, BERLIN));
  });

  it('a pause entirely within a weekend does not move the due time', () => {
    const resumed = resumedDueAt(due, at('2026-01-17T10:00:00+01:00'), at('2026-01-18T20:00:00+01:00'), BERLIN);
    expect(resumed.getTime()).toBe(due.getTime());
  });

  it('an urgent request due end of Friday, paused Friday 15:00 with 9 h left and resumed Monday 09:00, is due Monday 18:00', () => {
    const urgentDue = computeDueAt(at('2026-01-15T10:00:00+01:00'), 2, BERLIN); // Thu, Fri
    expect(local(urgentDue)).toBe('2026-01-17T00:00:00.000+01:00');
    const resumed = resumedDueAt(urgentDue, pausedFriday1500, at('2026-01-19T09:00:00+01:00'), BERLIN);
    expect(local(resumed)).toBe('2026-01-19T18:00:00.000+01:00');
  });
});

describe('slaView', () => {
  const DUE = '2026-01-20T23:00:00.000Z';
  const base = (over: Partial<{
    state: RequestState;
    priority: Priority;
    dueAt: string | null;
    clockPausedAt: string | null;
    firstResponseAt: string | null;
  }> = {}) => ({
    state: 'submitted' as RequestState,
    priority: 'urgent' as Priority,
    dueAt: DUE,
    clockPausedAt: null,
    firstResponseAt: null,
    ...over,
  });

  it('not started: a draft has no due time', () => {
    expect(slaView(base({ state: 'draft', dueAt: null }), at('2026-01-19T10:00:00Z'))).toEqual({
      dueAt: null,
      clock: 'not-started',
      timeLeftMs: null,
      overdue: false,
      phoneContactExpected: false,
    });
  });

  it('running: submitted, no response yet, time left counts down to the due time', () => {
    expect(slaView(base(), at('2026-01-20T20:00:00.000Z'))).toEqual({
      dueAt: DUE,
      clock: 'running',
      timeLeftMs: 3 * HOUR,
      overdue: false,
      phoneContactExpected: false,
    });
  });

  it('overdue: still running past the due time, with negative time left', () => {
    expect(slaView(base(), at('2026-01-21T01:00:00.000Z'))).toEqual({
      dueAt: DUE,
      clock: 'running',
      timeLeftMs: -2 * HOUR,
      overdue: true,
      phoneContactExpected: false,
    });
  });

  it('paused: awaiting information, time left is frozen at the pause whatever the time now', () => {
    const r = base({ state: 'awaiting-information', clockPausedAt: '2026-01-20T13:00:00.000Z' });
    const expected = { dueAt: DUE, clock: 'paused', timeLeftMs: 10 * HOUR, overdue: false, phoneContactExpected: false };
    expect(slaView(r, at('2026-01-20T14:00:00Z'))).toEqual(expected);
    expect(slaView(r, at('2026-02-20T14:00:00Z'))).toEqual(expected);
  });

  it('paused after the due time had already passed: frozen negative and overdue', () => {
    const r = base({ state: 'awaiting-information', clockPausedAt: '2026-01-21T00:00:00.000Z' });
    expect(slaView(r, at('2026-01-25T00:00:00Z'))).toMatchObject({ clock: 'paused', timeLeftMs: -1 * HOUR, overdue: true });
  });

  it('met: first response before the due time', () => {
    expect(slaView(base({ state: 'accepted', firstResponseAt: '2026-01-20T09:00:00.000Z' }), at('2026-02-01T00:00:00Z'))).toEqual({
      dueAt: DUE,
      clock: 'met',
      timeLeftMs: null,
      overdue: false,
      phoneContactExpected: false,
    });
  });

  it('met: a first response exactly at the due time counts as met', () => {
    expect(slaView(base({ state: 'accepted', firstResponseAt: DUE }), at('2026-02-01T00:00:00Z')).clock).toBe('met');
  });

  it('missed: first response after the due time, and it stays overdue', () => {
    expect(slaView(base({ state: 'accepted', firstResponseAt: '2026-01-21T08:00:00.000Z' }), at('2026-02-01T00:00:00Z'))).toEqual({
      dueAt: DUE,
      clock: 'missed',
      timeLeftMs: null,
      overdue: true,
      phoneContactExpected: false,
    });
  });

  it('stopped: a request that ended without a response (e.g. cancelled) has no running clock', () => {
    expect(slaView(base({ state: 'cancelled' }), at('2026-02-01T00:00:00Z'))).toEqual({
      dueAt: DUE,
      clock: 'stopped',
      timeLeftMs: null,
      overdue: false,
      phoneContactExpected: false,
    });
  });

  describe('stat: immediate phone contact is expected and flagged', () => {
    const submittedAt = at('2026-01-14T10:00:00+01:00');
    const statDue = computeDueAt(submittedAt, DEFAULT_SLA_TARGETS.stat, BERLIN).toISOString();

    it('a submitted stat request without a response is flagged at once, and overdue after the hour', () => {
      const oneMinuteIn = slaView(base({ priority: 'stat', dueAt: statDue }), new Date(submittedAt.getTime() + 60_000));
      expect(oneMinuteIn).toEqual({ dueAt: statDue, clock: 'running', timeLeftMs: 59 * 60_000, overdue: false, phoneContactExpected: true });
      const late = slaView(base({ priority: 'stat', dueAt: statDue }), new Date(submittedAt.getTime() + 61 * 60_000));
      expect(late).toMatchObject({ timeLeftMs: -60_000, overdue: true, phoneContactExpected: true });
    });

    it('the flag clears once someone has responded', () => {
      const v = slaView(
        base({ priority: 'stat', dueAt: statDue, state: 'accepted', firstResponseAt: '2026-01-14T10:05:00.000Z' }), // 65 min after submission
        at('2026-01-14T12:00:00Z'),
      );
      expect(v.phoneContactExpected).toBe(false);
      expect(v.clock).toBe('missed');
    });

    it('a stat draft is not yet flagged', () => {
      expect(slaView(base({ priority: 'stat', state: 'draft', dueAt: null }), submittedAt).phoneContactExpected).toBe(false);
    });

    it('non-stat priorities are never flagged for phone contact', () => {
      for (const priority of ['routine', 'urgent', 'asap'] as const) {
        expect(slaView(base({ priority }), at('2026-01-19T10:00:00Z')).phoneContactExpected).toBe(false);
      }
    });
  });
});
