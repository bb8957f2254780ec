/**
 * Proposed times, as pure rules: which moves a proposal opens, what proposing, choosing and
 * declining do, and how a proposal expires when the request moves on or is booked directly.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import { moveEffect, type ActionInput, type MoveFacts } from './moves.js';
import { movesNow, needsOpenProposal, spreadOut, type TimesProposal } from './proposed-times.js';
import type { ConsultationRequest } from './request.js';
import { nextResourceVersions } from './resource-versions.js';
import { sampleRequest } from './sample-request.js';

const NOW = new Date('2026-11-16T09:00:00.000Z');
const accepted: ConsultationRequest = { ...sampleRequest, state: 'accepted', assigneeId: 'psy', agreedForm: 'joint-video' };
const psychiatrist: Actor = { kind: 'user', id: 'psy', display: 'Dr. P', role: 'psychiatrist', organisationId: 'mh', serviceIds: ['svc'], scopes: [] };
const gp: Actor = { kind: 'user', id: 'gp', display: 'Dr. G', role: 'gp', organisationId: 'org', serviceIds: [], scopes: [] };

const open: TimesProposal = {
  times: [
    { id: 't-1', start: '2026-11-20T09:00:00.000Z', end: '2026-11-20T09:45:00.000Z' },
    { id: 't-2', start: '2026-11-23T14:00:00.000Z', end: '2026-11-23T14:45:00.000Z' },
  ],
  videoLink: 'https://video.example/room',
  proposedAt: '2026-11-16T08:00:00.000Z',
  status: 'open',
};
const withOpen: ConsultationRequest = { ...accepted, proposedTimes: open };

function effect(input: ActionInput, facts: MoveFacts = {}, on: ConsultationRequest = accepted, actor: Actor = psychiatrist) {
  let n = 0;
  return moveEffect({ actor, request: on, now: NOW, facts, newId: () => `id-${++n}` }, input);
}

const propose = (times: string[]): ActionInput => ({ action: 'propose-times', times, durationMinutes: 45, videoLink: 'https://video.example/room' });

describe('proposing times', () => {
  it('offers two to five distinct times still ahead, each with its id and end', () => {
    const made = effect(propose(['2026-11-20T10:00:00+01:00', '2026-11-23T15:00:00+01:00']));
    expect(made.patch.proposedTimes).toEqual({
      times: [
        { id: 'id-1', start: '2026-11-20T09:00:00.000Z', end: '2026-11-20T09:45:00.000Z' },
        { id: 'id-2', start: '2026-11-23T14:00:00.000Z', end: '2026-11-23T14:45:00.000Z' },
      ],
      videoLink: 'https://video.example/room',
      proposedAt: NOW.toISOString(),
      status: 'open',
    });
    expect(made.detail.times).toHaveLength(2);
  });

  it('refuses one time, six times, a time past and a time twice, naming the field', () => {
    const fieldsOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as { code: string; issues: { field: string }[] }).issues.map((i) => i.field);
      }
      throw new Error('not refused');
    };
    expect(fieldsOf(() => effect(propose(['2026-11-20T09:00:00Z'])))).toEqual(['times']);
    expect(fieldsOf(() => effect(propose(Array.from({ length: 6 }, (_, i) => `2026-11-2${i}T09:00:00Z`))))).toEqual(['times']);
    expect(fieldsOf(() => effect(propose(['2026-11-20T09:00:00Z', '2026-11-15T09:00:00Z'])))).toEqual(['times.1']);
    expect(fieldsOf(() => effect(propose(['2026-11-20T09:00:00Z', '2026-11-20T10:00:00+01:00'])))).toEqual(['times.1']);
  });

  it('refuses a time when the psychiatrist or the GP is booked or away then (a 409 naming it)', () => {
    expect(() => effect(propose(['2026-11-20T09:00:00Z', '2026-11-21T09:00:00Z']), { busyProposedTimes: [1] })).toThrow(expect.objectContaining({ code: 'conflict', issues: [expect.objectContaining({ field: 'times.1' })] }));
  });
});

describe('answering a proposal', () => {
  it('is possible only while one is open, for the GP', () => {
    expect(movesNow(accepted, ['requester'])).not.toContain('choose-time');
    expect(movesNow(withOpen, ['requester'])).toEqual(expect.arrayContaining(['choose-time', 'decline-times']));
    expect(movesNow(withOpen, ['consultant'])).not.toContain('choose-time');
    expect(movesNow(withOpen, ['consultant'])).toContain('propose-times');
    expect(needsOpenProposal({ proposedTimes: { ...open, status: 'declined' } }, 'choose-time')).toBe(true);
    expect(needsOpenProposal(withOpen, 'choose-time')).toBe(false);
  });

  it('choosing books that time with both clinicians agreed, and the proposal gives way', () => {
    const made = effect({ action: 'choose-time', slotId: 't-2' }, { calendarClash: false }, withOpen, gp);
    expect(made.patch.proposedTimes).toBeNull();
    expect(made.patch.appointment).toEqual({
      start: '2026-11-23T14:00:00.000Z',
      end: '2026-11-23T14:45:00.000Z',
      videoLink: 'https://video.example/room',
      status: 'booked',
      participants: { gp: 'accepted', psychiatrist: 'accepted', patient: 'needs-action' },
    });
  });

  it('refuses a time that is not proposed (422 on slotId) and one taken meanwhile (409)', () => {
    expect(() => effect({ action: 'choose-time', slotId: 'nope' }, {}, withOpen, gp)).toThrow(expect.objectContaining({ code: 'unprocessable', issues: [expect.objectContaining({ field: 'slotId' })] }));
    expect(() => effect({ action: 'choose-time', slotId: 't-1' }, { calendarClash: true }, withOpen, gp)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('none suiting keeps the times, declined, with the note for the psychiatrist', () => {
    const made = effect({ action: 'decline-times', note: 'Tuesdays after 4 pm only' }, {}, withOpen, gp);
    expect(made.patch.proposedTimes).toEqual({ ...open, status: 'declined', note: 'Tuesdays after 4 pm only' });
  });
});

describe('a proposal expires', () => {
  it('when the psychiatrist books directly (it gives way to the booking)', () => {
    const made = effect({ action: 'schedule', start: '2026-11-24T09:00:00.000Z', durationMinutes: 45, videoLink: 'https://v.example/x' }, { calendarClash: false }, withOpen);
    expect(made.patch.proposedTimes).toBeNull();
    expect(made.patch.appointment?.start).toBe('2026-11-24T09:00:00.000Z');
  });

  it('when the request moves on, open or declined', () => {
    expect(effect({ action: 'cancel', reason: 'Moved away' }, {}, withOpen, gp).patch.proposedTimes).toEqual({ ...open, status: 'expired' });
    const declined = { ...withOpen, proposedTimes: { ...open, status: 'declined' as const, note: 'n' } };
    expect(effect({ action: 'decline', reason: 'other', advice: 'A.' }, {}, declined).patch.proposedTimes).toMatchObject({ status: 'expired', note: 'n' });
    expect(effect({ action: 'cancel', reason: 'r' }, {}, accepted, gp).patch).not.toHaveProperty('proposedTimes');
  });

  it('and a new proposal replaces a declined one', () => {
    const declined = { ...withOpen, proposedTimes: { ...open, status: 'declined' as const } };
    expect(effect(propose(['2026-11-25T09:00:00Z', '2026-11-26T09:00:00Z']), {}, declined).patch.proposedTimes).toMatchObject({ status: 'open', times: [{ id: 'id-1' }, { id: 'id-2' }] });
  });

  it('each change of the proposal is a new Appointment version, an unrelated change is not', () => {
    const proposed = { ...accepted, ...effect(propose(['2026-11-20T09:00:00Z', '2026-11-21T09:00:00Z'])).patch, updatedAt: NOW.toISOString() };
    const versions = nextResourceVersions(accepted, proposed);
    expect(versions.appointment.version).toBe(accepted.resourceVersions.appointment.version + 1);
    expect(versions.task).toEqual(accepted.resourceVersions.task);
    const stored = { ...proposed, resourceVersions: versions };
    expect(nextResourceVersions(stored, { ...stored, clinicalQuestion: 'Q2?', updatedAt: '2026-11-16T10:00:00.000Z' }).appointment).toEqual(versions.appointment);
    expect(nextResourceVersions(stored, { ...stored, proposedTimes: { ...open, status: 'declined' }, updatedAt: '2026-11-16T10:00:00.000Z' }).appointment.version).toBe(versions.appointment.version + 1);
  });
});

describe('suggested times for a proposal', () => {
  const slot = (iso: string, minutes = 45) => ({ start: new Date(iso), end: new Date(new Date(iso).getTime() + minutes * 60_000) });
  // Free slots every 15 minutes: Monday 09:00–10:00 and Tuesday 14:00–15:00 (Amsterdam, UTC+1).
  const free = [...['08:00', '08:15'].map((t) => slot(`2026-11-23T${t}:00Z`)), ...['13:00', '13:15'].map((t) => slot(`2026-11-24T${t}:00Z`))];

  it('spread over the days first, then fill with times that do not overlap, in order', () => {
    expect(spreadOut(free, 2, 'Europe/Amsterdam').map((s) => s.start.toISOString())).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-24T13:00:00.000Z']);
    const more = [...free, slot('2026-11-23T08:45:00Z')];
    expect(spreadOut(more, 3, 'Europe/Amsterdam').map((s) => s.start.toISOString())).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-23T08:45:00.000Z', '2026-11-24T13:00:00.000Z']);
    expect(spreadOut([], 5, 'Europe/Amsterdam')).toEqual([]);
  });

  it('count days in the service\'s time zone', () => {
    // 23:30 UTC on Monday is already Tuesday in Amsterdam: the same day as Tuesday morning.
    const late = [slot('2026-11-23T23:30:00Z', 15), slot('2026-11-24T08:00:00Z', 15), slot('2026-11-25T08:00:00Z', 15)];
    expect(spreadOut(late, 2, 'Europe/Amsterdam').map((s) => s.start.toISOString())).toEqual(['2026-11-23T23:30:00.000Z', '2026-11-25T08:00:00.000Z']);
    expect(spreadOut(late, 2, 'UTC').map((s) => s.start.toISOString())).toEqual(['2026-11-23T23:30:00.000Z', '2026-11-24T08:00:00.000Z']);
  });
});
