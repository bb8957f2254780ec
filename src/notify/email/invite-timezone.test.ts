/**
 * The invite carries the service zone's VTIMEZONE: read as a calendar client that does not know
 * the zone's name would read it (the observances alone, no zone database), DTSTART/DTEND give the
 * booked instants — before, on and after a change to or from summer time, north and south, and
 * in a zone without one.
 */
import { describe, expect, it } from 'vitest';
import type { InviteFacts, NotificationPayload } from '../../services/ports/notifications.js';
import { calendarOf } from './render.js';

const settings = { from: 'Liaison <liaison@example.org>', publicUrl: 'https://liaison.example.org' };

function inviteAt(timeZone: string, start: string, end: string): string {
  const payload: NotificationPayload = { topic: 'visit-booked', requestId: '7c1e0a9e-2f7b-4d6b-9a51-1d2c3b4a5e6f', reference: 'LSN-000042', priority: 'routine', timeZone };
  const invite: InviteFacts = { uid: '7c1e0a9e-2f7b-4d6b-9a51-1d2c3b4a5e6f-0@liaison', sequence: 0, method: 'REQUEST', start, end, videoLink: 'https://video.example.org/room' };
  return calendarOf(payload, invite, settings);
}

/** Content lines, unfolded (RFC 5545 §3.1). */
const linesOf = (ics: string): string[] => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

interface Observance {
  kind: string;
  /** The onset as local wall time, read as if UTC (ms). */
  onset: number;
  from: number;
  to: number;
}

const wall = (stamp: string): number => Date.UTC(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8), +stamp.slice(9, 11), +stamp.slice(11, 13), +stamp.slice(13, 15));
const minutes = (offset: string): number => (offset.startsWith('-') ? -1 : 1) * (+offset.slice(1, 3) * 60 + +offset.slice(3, 5));

function vtimezoneOf(ics: string, zone: string): Observance[] {
  const lines = linesOf(ics);
  const begin = lines.indexOf('BEGIN:VTIMEZONE');
  expect(begin, 'a VTIMEZONE block').toBeGreaterThan(-1);
  const block = lines.slice(begin, lines.indexOf('END:VTIMEZONE', begin) + 1);
  expect(block).toContain(`TZID:${zone}`);
  const observances: Observance[] = [];
  let current: Partial<Observance> = {};
  for (const line of block) {
    const [name, value] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)];
    if (name === 'BEGIN' && (value === 'STANDARD' || value === 'DAYLIGHT')) current = { kind: value };
    else if (name === 'DTSTART') current.onset = wall(value);
    else if (name === 'TZOFFSETFROM') current.from = minutes(value);
    else if (name === 'TZOFFSETTO') current.to = minutes(value);
    else if (name === 'END' && (value === 'STANDARD' || value === 'DAYLIGHT')) observances.push(current as Observance);
  }
  return observances;
}

/** A DTSTART;TZID=…:local time as the VTIMEZONE alone places it: the latest observance begun by then. */
function placed(ics: string, zone: string, property: 'DTSTART' | 'DTEND'): string {
  const line = linesOf(ics).find((l) => l.startsWith(`${property};TZID=${zone}:`));
  expect(line, `${property} with TZID`).toBeDefined();
  const local = wall(line!.slice(line!.lastIndexOf(':') + 1));
  const begun = vtimezoneOf(ics, zone)
    .map((o) => ({ ...o, at: o.onset - o.from * 60_000 }))
    .filter((o) => o.at <= local - o.to * 60_000)
    .sort((a, b) => a.at - b.at);
  expect(begun.length, 'an observance in force').toBeGreaterThan(0);
  return new Date(local - begun.at(-1)!.to * 60_000).toISOString();
}

describe('the invite’s VTIMEZONE', () => {
  it('Berlin: summer time begins 31 March 2030 at 02:00 (+0100 → +0200) and ends 27 October at 03:00 (+0200 → +0100)', () => {
    const ics = inviteAt('Europe/Berlin', '2030-03-31T07:30:00.000Z', '2030-03-31T08:15:00.000Z');
    const observances = vtimezoneOf(ics, 'Europe/Berlin');
    const stamp = (o: Observance) => [o.kind, new Date(o.onset).toISOString().slice(0, 16), o.from / 60, o.to / 60];
    expect(observances.map(stamp)).toEqual(
      expect.arrayContaining([
        ['STANDARD', '2029-10-28T03:00', 2, 1],
        ['DAYLIGHT', '2030-03-31T02:00', 1, 2],
        ['STANDARD', '2030-10-27T03:00', 2, 1],
      ]),
    );
    expect(ics).toMatch(/^DTSTART;TZID=Europe\/Berlin:20300331T093000$/m);
    expect(placed(ics, 'Europe/Berlin', 'DTSTART')).toBe('2030-03-31T07:30:00.000Z');
    expect(placed(ics, 'Europe/Berlin', 'DTEND')).toBe('2030-03-31T08:15:00.000Z');
  });

  it.each([
    ['Europe/Berlin', '2030-03-30T09:00:00.000Z'], // the day before the change: +0100
    ['Europe/Berlin', '2030-10-28T09:00:00.000Z'], // the day after the change back
    ['America/New_York', '2030-03-09T15:00:00.000Z'], // EST, the day before the second Sunday in March
    ['America/New_York', '2030-03-11T14:00:00.000Z'], // EDT
    ['Australia/Sydney', '2030-04-06T10:00:00.000Z'], // AEDT, the evening before the change back (3:00 on the first Sunday in April)
    ['Australia/Sydney', '2030-04-07T23:00:00.000Z'], // AEST
    ['Asia/Kolkata', '2030-06-01T04:30:00.000Z'], // no summer time: one observance
  ])('%s: a meeting at %s is placed at that instant by the VTIMEZONE alone', (zone, start) => {
    const end = new Date(new Date(start).getTime() + 45 * 60_000).toISOString();
    const ics = inviteAt(zone, start, end);
    expect(placed(ics, zone, 'DTSTART')).toBe(start);
    expect(placed(ics, zone, 'DTEND')).toBe(end);
  });

  it('a service in UTC: times are written in UTC (…Z), never as floating local time', () => {
    const ics = inviteAt('UTC', '2030-06-01T09:00:00.000Z', '2030-06-01T09:45:00.000Z');
    expect(linesOf(ics)).toEqual(expect.arrayContaining(['DTSTART:20300601T090000Z', 'DTEND:20300601T094500Z']));
    expect(ics).not.toMatch(/TZID|BEGIN:VTIMEZONE/);
  });

  it('a zone without summer time has one observance with its fixed offset', () => {
    const observances = vtimezoneOf(inviteAt('Asia/Kolkata', '2030-06-01T04:30:00.000Z', '2030-06-01T05:00:00.000Z'), 'Asia/Kolkata');
    expect(observances.map((o) => [o.kind, o.from, o.to])).toEqual([['STANDARD', 330, 330]]);
  });
});
