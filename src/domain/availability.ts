/**
 * Joint consultations need the GP and the psychiatrist at the same time. Each has a weekly
 * availability template (wall-clock times) plus exceptions; slots are proposed where both are
 * free and neither is booked, computed day by day in the service's time zone so that 09:00
 * stays 09:00 across a daylight-saving change.
 */
import { DateTime } from 'luxon';

export interface WeeklyWindow {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local wall-clock times, HH:MM. */
  start: string;
  end: string;
}

export interface Interval {
  start: Date;
  end: Date;
}

export interface Availability {
  weekly: WeeklyWindow[];
  /** Times this person is away although the template says otherwise. */
  unavailable: Interval[];
  /** Appointments already booked. */
  booked: Interval[];
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

function windowsOn(day: DateTime, weekly: WeeklyWindow[]): Interval[] {
  return weekly
    .filter((w) => w.weekday === day.weekday)
    .map((w) => {
      const [sh, sm] = w.start.split(':').map(Number) as [number, number];
      const [eh, em] = w.end.split(':').map(Number) as [number, number];
      return { start: day.set({ hour: sh, minute: sm }).toJSDate(), end: day.set({ hour: eh, minute: em }).toJSDate() };
    });
}

function free(person: Availability, slot: Interval, day: DateTime): boolean {
  const inTemplate = windowsOn(day, person.weekly).some((w) => w.start <= slot.start && slot.end <= w.end);
  return inTemplate && !person.unavailable.some((u) => overlaps(u, slot)) && !person.booked.some((b) => overlaps(b, slot));
}

export function proposeSlots(options: {
  people: Availability[];
  from: Date;
  to: Date;
  durationMinutes: number;
  timeZone: string;
  /** Granularity of start times. */
  stepMinutes?: number;
  limit?: number;
}): Interval[] {
  const step = options.stepMinutes ?? 15;
  const limit = options.limit ?? 20;
  const slots: Interval[] = [];
  let day = DateTime.fromJSDate(options.from, { zone: options.timeZone }).startOf('day');
  const last = DateTime.fromJSDate(options.to, { zone: options.timeZone });
  while (day <= last && slots.length < limit) {
    // Candidate starts come from the first person's windows that day; the others must be free too.
    for (const window of windowsOn(day, options.people[0]?.weekly ?? [])) {
      for (let start = DateTime.fromJSDate(window.start, { zone: options.timeZone }); ; start = start.plus({ minutes: step })) {
        const slot = { start: start.toJSDate(), end: start.plus({ minutes: options.durationMinutes }).toJSDate() };
        if (slot.end > window.end || slots.length >= limit) break;
        if (slot.start < options.from || slot.end > options.to) continue;
        if (options.people.every((p) => free(p, slot, day))) slots.push(slot);
      }
    }
    day = day.plus({ days: 1 });
  }
  return slots;
}

export function conflicts(booked: Interval[], slot: Interval): boolean {
  return booked.some((b) => overlaps(b, slot));
}
