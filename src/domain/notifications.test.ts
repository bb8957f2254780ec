import { describe, expect, it } from 'vitest';
import { calendarIdentity, nextDigestAt } from './calendar-invite.js';
import { afterFailure, retryDelayMs } from './delivery.js';
import { announcementsOf, inDigest, withoutActor, type RequestParties } from './notifications.js';

const parties: RequestParties & { state: string } = { serviceId: 's', requesterId: 'gp', assigneeId: 'psy', appointment: null, state: 'accepted' };
const topics = (action: string, before: RequestParties | null = parties, after = parties, writtenBy?: 'requester' | 'consultant') =>
  announcementsOf({ action, before, after, writtenBy }).map((a) => `${a.topic}:${a.audience.map((x) => ('userId' in x ? x.userId : `team(${x.teamOf})`)).join(',')}`);

describe('who hears what', () => {
  it('new and redirected requests reach the triage team; the old request of a redirect tells the GP', () => {
    expect(topics('submit', null)).toEqual(['request-submitted:team(s)']);
    expect(topics('redirect', null, { ...parties, serviceId: 't' })).toEqual(['request-redirected-here:team(t)']);
    expect(topics('redirect')).toEqual(['redirected:gp']);
  });
  it('questions, advice, declines and outcomes go to the GP; answers and recommendation answers to the assignee', () => {
    for (const action of ['request-information', 'give-advice', 'decline', 'complete']) expect(topics(action)).toHaveLength(1);
    expect(topics('complete')).toEqual(['outcome-ready:gp']);
    expect(topics('provide-information')).toEqual(['question-answered:psy']);
    expect(topics('provide-information', parties, { ...parties, assigneeId: null })).toEqual(['question-answered:team(s)']);
    expect(topics('answer-recommendation')).toEqual(['recommendation-answered:psy']);
  });
  it('an assignment tells the new assignee only when it changed', () => {
    expect(topics('assign', { ...parties, assigneeId: null })).toEqual(['assigned:psy']);
    expect(topics('assign')).toEqual([]);
  });
  it('bookings, moves and call-offs reach every participant; a cancelled booked request calls it off', () => {
    const booked = { ...parties, appointment: { status: 'booked' as const } };
    expect(topics('schedule', parties, booked)).toEqual(['visit-booked:gp,psy']);
    expect(topics('schedule', booked, booked)).toEqual(['visit-moved:gp,psy']);
    expect(topics('cancel-visit', booked, parties)).toEqual(['visit-called-off:gp,psy']);
    expect(topics('cancel', booked, parties)).toEqual(['visit-called-off:gp,psy']);
    expect(topics('cancel', parties, parties)).toEqual(['request-cancelled:psy']);
  });
  it('proposed times go to the GP; a time chosen (a booking, with its invite) reaches both, none suiting the psychiatrist', () => {
    const booked = { ...parties, appointment: { status: 'booked' as const } };
    expect(topics('propose-times')).toEqual(['times-proposed:gp']);
    expect(topics('choose-time', parties, booked)).toEqual(['time-chosen:gp,psy']);
    expect(topics('decline-times')).toEqual(['times-declined:psy']);
    expect(calendarIdentity('r', ['submit', 'accept', 'propose-times'], 'choose-time')).toEqual({ uid: 'r-0@liaison', sequence: 0, method: 'REQUEST' });
    expect(calendarIdentity('r', ['submit', 'accept', 'choose-time'], 'schedule')).toMatchObject({ uid: 'r-0@liaison', sequence: 1 });
  });
  it('a message goes to the other side; an unmatched requester (no GP) hears nothing', () => {
    expect(topics('add-message', parties, parties, 'consultant')).toEqual(['new-message:gp']);
    expect(topics('add-message', parties, parties, 'requester')).toEqual(['new-message:psy']);
    expect(topics('request-information', parties, { ...parties, requesterId: null })).toEqual([]);
    expect(topics('edit')).toEqual([]);
  });
  it('never the person who made the change, and each person once', () => {
    expect(withoutActor(['gp', 'psy', 'gp'], 'psy')).toEqual(['gp']);
  });
});

describe('preferences', () => {
  it('only routine news waits for a digest, and never a calendar change', () => {
    expect(inDigest('routine', 'daily-digest', 'advice-given')).toBe(true);
    expect(inDigest('urgent', 'daily-digest', 'advice-given')).toBe(false);
    expect(inDigest('stat', 'daily-digest', 'request-submitted')).toBe(false);
    expect(inDigest('routine', 'immediate', 'advice-given')).toBe(false);
    expect(inDigest('routine', 'daily-digest', 'visit-booked')).toBe(false);
  });
  it('a digest goes out at the next 07:00 in the service’s time zone', () => {
    expect(nextDigestAt(new Date('2030-01-10T05:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2030-01-10T06:00:00.000Z');
    expect(nextDigestAt(new Date('2030-01-10T06:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2030-01-11T06:00:00.000Z');
  });
});

describe('calendar identity', () => {
  it('one UID per booking, SEQUENCE rising on each move and on the call-off; a new booking after a call-off gets a new UID', () => {
    expect(calendarIdentity('r', ['create', 'submit', 'accept'], 'schedule')).toEqual({ uid: 'r-0@liaison', sequence: 0, method: 'REQUEST' });
    expect(calendarIdentity('r', ['accept', 'schedule'], 'schedule')).toEqual({ uid: 'r-0@liaison', sequence: 1, method: 'REQUEST' });
    expect(calendarIdentity('r', ['accept', 'schedule', 'schedule'], 'cancel-visit')).toEqual({ uid: 'r-0@liaison', sequence: 2, method: 'CANCEL' });
    expect(calendarIdentity('r', ['schedule', 'cancel-visit'], 'schedule')).toEqual({ uid: 'r-1@liaison', sequence: 0, method: 'REQUEST' });
  });
});

describe('retries', () => {
  it('the first retry is within 10 seconds, each wait doubles, capped at an hour', () => {
    expect(retryDelayMs(1)).toBeLessThanOrEqual(10_000);
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    expect(retryDelayMs(30)).toBe(60 * 60_000);
  });
  it('dead after the last attempt, or at once when refused for good', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(afterFailure(1, 3, { permanent: false, reason: 'x' }, now)).toEqual({ state: 'pending', nextAttemptAt: new Date(now.getTime() + retryDelayMs(1)) });
    expect(afterFailure(3, 3, { permanent: false, reason: 'x' }, now)).toEqual({ state: 'dead' });
    expect(afterFailure(1, 3, { permanent: true, reason: 'x' }, now)).toEqual({ state: 'dead' });
  });
});
