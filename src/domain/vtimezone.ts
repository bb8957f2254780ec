/**
 * The VTIMEZONE block of an iCalendar invite (RFC 5545 §3.6.5) for the service's time zone, from
 * the zone rules the runtime knows (luxon over Intl): a calendar client that does not know the
 * zone's name still places the meeting right. Each change of offset from a year before the meeting
 * to a year after it is an observance of its own (STANDARD or DAYLIGHT, DTSTART in the local time
 * it replaces), after one for the window's start; a zone without changes has one observance.
 */
import { DateTime, FixedOffsetZone } from 'luxon';

const DAY = 86_400_000;
const YEAR = 366 * DAY;

/** A change of a zone's UTC offset: when, from and to (minutes east of UTC), and whether summer time begins. */
export interface OffsetChange {
  at: Date;
  from: number;
  to: number;
  daylight: boolean;
}

const offsetAt = (zone: string, ms: number): number => DateTime.fromMillis(ms, { zone }).offset;

/** The zone's offset changes between `from` and `to`, to the minute (the runtime's zone data). */
export function offsetChanges(zone: string, from: Date, to: Date): OffsetChange[] {
  const changes: OffsetChange[] = [];
  let before = from.getTime();
  let offset = offsetAt(zone, before);
  for (let ms = before + DAY; ms <= to.getTime() + DAY; ms += DAY) {
    const next = offsetAt(zone, ms);
    if (next !== offset) {
      // The first minute with the new offset lies in (before, ms].
      let lo = before;
      let hi = ms;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000 || lo + 60_000;
        if (offsetAt(zone, mid) === offset) lo = mid;
        else hi = mid;
      }
      const at = Math.ceil(hi / 60_000) * 60_000;
      changes.push({ at: new Date(at), from: offset, to: next, daylight: DateTime.fromMillis(at, { zone }).isInDST });
      offset = next;
    }
    before = ms;
  }
  return changes;
}

/** `+0100`, `-0330`. */
function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** An instant as the local time a UTC offset shows it (an observance's DTSTART). */
const localStamp = (ms: number, offset: number): string => DateTime.fromMillis(ms, { zone: FixedOffsetZone.instance(offset) }).toFormat("yyyyLLdd'T'HHmmss");

/** The zone's own abbreviation where the runtime has one (CET, EDT), else none (TZNAME is optional). */
function abbreviation(zone: string, ms: number): string | undefined {
  const name = DateTime.fromMillis(ms, { zone, locale: 'en-US' }).offsetNameShort;
  return name && /^[A-Z]{2,5}$/.test(name) ? name : undefined;
}

function observance(zone: string, at: number, from: number, to: number, daylight: boolean): string[] {
  const kind = daylight ? 'DAYLIGHT' : 'STANDARD';
  const name = abbreviation(zone, at);
  return [`BEGIN:${kind}`, `DTSTART:${localStamp(at, from)}`, `TZOFFSETFROM:${utcOffset(from)}`, `TZOFFSETTO:${utcOffset(to)}`, ...(name ? [`TZNAME:${name}`] : []), `END:${kind}`];
}

/**
 * The VTIMEZONE for `zone` around `when` (CRLF lines), or null for a zone the runtime does not know.
 * The window reaches a year either side, so a move of the meeting within the year keeps it right.
 */
export function vtimezone(zone: string, when: Date): string | null {
  const start = DateTime.fromMillis(when.getTime() - YEAR, { zone });
  if (!start.isValid) return null;
  const from = start.startOf('day').toMillis();
  const first = offsetAt(zone, from);
  const changes = offsetChanges(zone, new Date(from), new Date(when.getTime() + YEAR));
  const lines = [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    `X-LIC-LOCATION:${zone}`,
    ...observance(zone, from, first, first, DateTime.fromMillis(from, { zone }).isInDST),
    ...changes.flatMap((c) => observance(zone, c.at.getTime(), c.from, c.to, c.daylight)),
    'END:VTIMEZONE',
  ];
  return lines.join('\r\n') + '\r\n';
}
