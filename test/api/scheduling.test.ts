/**
 * Joint consultations: slots where the GP and the psychiatrist are both free, correct across
 * the daylight-saving change in the service's time zone, and no double booking.
 */
import { describe, expect, it } from 'vitest';
import type { Person } from '../harness/clinic.js';
import { type Ctx, type Json, act, move, newCtx, submittedRequest } from './helpers.js';

const setAvailability = (ctx: Ctx, who: Person, body: Json) => ctx.api.call('PUT', '/api/me/availability', { token: who.token, body });
const slots = (ctx: Ctx, who: Person, id: string, query: string) => ctx.api.call('GET', `/api/requests/${id}/slots?${query}`, { token: who.token });
const MONDAY_MORNING = { weekly: [{ weekday: 1, start: '09:00', end: '10:00' }] };

async function acceptedRequest(ctx: Ctx) {
  const r = await submittedRequest(ctx, { requestedForm: 'joint-in-person' });
  await move(ctx, ctx.clinic.psychiatrist, r.id, 'accept', { agreedForm: 'joint-in-person' });
  return r;
}

describe('slots for a joint consultation', () => {
  it('keep 09:00 local on both sides of the spring clock change (Europe/Berlin)', async () => {
    const ctx = await newCtx({ timeZone: 'Europe/Berlin' });
    await setAvailability(ctx, ctx.clinic.gp, MONDAY_MORNING);
    await setAvailability(ctx, ctx.clinic.psychiatrist, MONDAY_MORNING);
    const r = await acceptedRequest(ctx);
    const res = await slots(ctx, ctx.clinic.gp, r.id, 'from=2026-03-23T00:00:00Z&days=14&durationMinutes=45');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.timeZone).toBe('Europe/Berlin');
    expect(res.body.slots.map((s: Json) => s.start)).toEqual([
      '2026-03-23T08:00:00.000Z', // 09:00 CET
      '2026-03-23T08:15:00.000Z',
      '2026-03-30T07:00:00.000Z', // 09:00 CEST, after the change on 29 March
      '2026-03-30T07:15:00.000Z',
    ]);
  });

  it('lie where both are free, leave out times away, and never double-book', async () => {
    const ctx = await newCtx({ timeZone: 'Europe/Berlin' });
    await setAvailability(ctx, ctx.clinic.gp, MONDAY_MORNING);
    await setAvailability(ctx, ctx.clinic.psychiatrist, {
      weekly: [{ weekday: 1, start: '09:30', end: '11:00' }],
      unavailable: [{ start: '2026-03-30T00:00:00Z', end: '2026-03-31T00:00:00Z' }],
    });
    const first = await acceptedRequest(ctx);
    const res = await slots(ctx, ctx.clinic.psychiatrist, first.id, 'from=2026-03-23T00:00:00Z&days=14&durationMinutes=30');
    expect(res.body.slots).toEqual([{ start: '2026-03-23T08:30:00.000Z', end: '2026-03-23T09:00:00.000Z' }]);

    const booked = await act(ctx, ctx.clinic.psychiatrist, first.id, 'schedule', { start: '2026-03-23T08:30:00.000Z', durationMinutes: 30, location: 'Practice room 2' });
    expect(booked.status).toBe(200);
    const second = await acceptedRequest(ctx);
    expect((await slots(ctx, ctx.clinic.gp, second.id, 'from=2026-03-23T00:00:00Z&days=14&durationMinutes=30')).body.slots).toEqual([]);
    const clash = await act(ctx, ctx.clinic.psychiatrist, second.id, 'schedule', { start: '2026-03-23T08:45:00.000Z', durationMinutes: 30, location: 'Practice room 2' });
    expect(clash.status).toBe(409);
    expect(clash.body.errors[0].field).toBe('start');
  });

  it('need an assigned psychiatrist, and are not for outsiders; availability is validated', async () => {
    const ctx = await newCtx();
    const r = await submittedRequest(ctx);
    expect((await slots(ctx, ctx.clinic.gp, r.id, 'days=7')).status).toBe(409);
    expect((await slots(ctx, ctx.clinic.otherGp, r.id, 'days=7')).status).toBe(404);
    const bad = await setAvailability(ctx, ctx.clinic.gp, { weekly: [{ weekday: 8, start: '10:00', end: '09:00' }] });
    expect(bad.status).toBe(400);
    expect((await ctx.api.call('GET', '/api/me/availability', { token: ctx.clinic.gp.token })).body).toEqual({ weekly: [], unavailable: [] });
  });
});
