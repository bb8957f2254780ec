/**
 * The moves' effects are pure: each decides from the request, the actor, the time and the facts
 * gathered for it, so a rule can be checked here without a database.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import type { ConsultingService } from './directory.js';
import { moveEffect, needsService, type ActionInput, type MoveFacts } from './moves.js';
import type { ConsultationRequest } from './request.js';
import { firstResourceVersions } from './resource-versions.js';
import { sampleRequest } from './sample-request.js';
import { DEFAULT_BUSINESS_HOURS, DEFAULT_SLA_TARGETS } from './sla.js';

const AT = '2026-03-02T09:00:00.000Z'; // a Monday
const NOW = new Date('2026-03-04T09:00:00.000Z');

const request: ConsultationRequest = {
  ...sampleRequest,
  version: 2,
  scores: {},
  identifiers: [],
  preserved: null,
  submittedAt: AT,
  dueAt: '2026-03-16T09:00:00.000Z',
  resourceVersions: firstResourceVersions(AT),
  authoredAt: AT,
  createdAt: AT,
  updatedAt: AT,
};

const service: ConsultingService = { id: 'svc', organisationId: 'mh', name: 'CL Psychiatry', timeZone: 'Europe/Amsterdam', slaTargets: DEFAULT_SLA_TARGETS, reconsultMonths: 6, businessHours: DEFAULT_BUSINESS_HOURS, publicHolidays: [], referringPractices: null, active: true };
const psychiatrist: Actor = { kind: 'user', id: 'psy', display: 'Dr. P', role: 'psychiatrist', organisationId: 'mh', serviceIds: ['svc'], scopes: [] };

function effect(input: ActionInput, facts: MoveFacts, on: ConsultationRequest = request) {
  let n = 0;
  return moveEffect({ actor: psychiatrist, request: on, now: NOW, facts, newId: () => `id-${++n}` }, input);
}

describe('move effects', () => {
  it('accepts only for a psychiatrist of the service, assigning the one accepting', () => {
    expect(() => effect({ action: 'accept', agreedForm: 'joint-video' }, { assigneeIsPsychiatrist: false })).toThrow(/psychiatrist of its consulting service/);
    const accepted = effect({ action: 'accept', agreedForm: 'joint-video' }, { assigneeIsPsychiatrist: true });
    expect(accepted.patch).toMatchObject({ assigneeId: 'psy', agreedForm: 'joint-video', firstResponseAt: NOW.toISOString() });
  });

  it('refuses a booking when a participant is already booked then', () => {
    const booking: ActionInput = { action: 'schedule', start: '2026-03-10T10:00:00.000Z', durationMinutes: 45 };
    expect(() => effect(booking, { calendarClash: true })).toThrow(/already booked/);
    expect(effect(booking, { calendarClash: false }).patch.appointment).toMatchObject({ start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T10:45:00.000Z', status: 'booked' });
  });

  it('redirects to another active service only, with a submitted replacement that replaces the request', () => {
    const redirect: ActionInput = { action: 'redirect', serviceId: 'other', reason: 'Crisis team' };
    expect(() => effect(redirect, { redirectTarget: service, replacementReference: 'LSN-000002' })).toThrow(/another active consulting service/);
    expect(() => effect(redirect, { redirectTarget: { ...service, id: 'other', active: false }, replacementReference: 'LSN-000002' })).toThrow(/another active/);
    const made = effect(redirect, { redirectTarget: { ...service, id: 'other' }, replacementReference: 'LSN-000002' });
    expect(made.created).toMatchObject({ id: 'id-1', reference: 'LSN-000002', state: 'submitted', serviceId: 'other', replacesId: request.id });
    expect(made.patch.replacedById).toBe('id-1');
  });

  it('re-opens within the re-consult window only', () => {
    const advised = { ...request, state: 'advice-given' as const, assigneeId: 'psy' };
    const reconsult: ActionInput = { action: 'reconsult', question: 'And now?' };
    expect(() => effect(reconsult, { service, concludedAt: new Date('2025-08-01T00:00:00Z') }, advised)).toThrow(/within 6 months/);
    expect(() => effect(reconsult, { service, concludedAt: null }, advised)).toThrow(/within 6 months/);
    expect(effect(reconsult, { service, concludedAt: new Date('2026-03-03T00:00:00Z') }, advised).patch).toMatchObject({ submittedAt: NOW.toISOString(), outcome: null });
  });

  it('ends a paused clock by the time paused whatever the move, and says when it needs the service', () => {
    const paused = { ...request, state: 'awaiting-information' as const, clockPausedAt: '2026-03-03T09:00:00.000Z' };
    expect(needsService(paused, { action: 'cancel', reason: 'r' })).toBe(true);
    expect(needsService(request, { action: 'cancel', reason: 'r' })).toBe(false);
    const answered = effect({ action: 'provide-information', answer: 'A.' }, { service, latestQuestionId: 'q-1' }, paused);
    expect(answered.patch.clockPausedAt).toBeNull();
    expect(new Date(answered.patch.dueAt!).getTime()).toBeGreaterThan(new Date(request.dueAt!).getTime());
    expect(answered.messages?.[0]).toMatchObject({ kind: 'answer', inResponseTo: 'q-1' });
  });
});
