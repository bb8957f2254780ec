/**
 * After booking: each participant's answer, rescheduling, attendance or no-show — in the JSON
 * API and as a FHIR Appointment basedOn the request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { assertValidFhir } from '../harness/fhir-assert.js';
import { type Ctx, type Json, act, move, newCtx, submittedRequest } from './helpers.js';

async function scheduled(ctx: Ctx, start = '2026-12-02T13:00:00.000Z') {
  const r = await submittedRequest(ctx, { requestedForm: 'joint-in-person' });
  await move(ctx, ctx.clinic.psychiatrist, r.id, 'accept', { agreedForm: 'joint-in-person' });
  return move(ctx, ctx.clinic.psychiatrist, r.id, 'schedule', { start, durationMinutes: 45, location: 'Practice room 2' });
}
const answer = (ctx: Ctx, token: string, id: string, body: Json) => ctx.api.call('POST', `/api/requests/${id}/appointment/answers`, { token, body });
const fhirGet = (ctx: Ctx, token: string, path: string) => ctx.api.call('GET', `/fhir${path}`, { token });

describe('appointments', () => {
  let ctx: Ctx;
  afterEach(() => ctx?.api.clock.reset());

  it('each participant answers for themselves (the GP also for the patient); FHIR shows it', async () => {
    ctx = await newCtx();
    const r = await scheduled(ctx);
    expect(r.appointment).toMatchObject({ status: 'booked', participants: { gp: 'needs-action', psychiatrist: 'accepted', patient: 'needs-action' } });
    expect((await answer(ctx, ctx.clinic.gp.token, r.id, { participant: 'gp', answer: 'accepted' })).status).toBe(200);
    const patient = await answer(ctx, ctx.clinic.gp.token, r.id, { participant: 'patient', answer: 'tentative' });
    expect(patient.body.appointment.participants).toEqual({ gp: 'accepted', psychiatrist: 'accepted', patient: 'tentative' });
    expect((await answer(ctx, ctx.clinic.gp.token, r.id, { participant: 'psychiatrist', answer: 'declined' })).status).toBe(403);

    const appointment = await fhirGet(ctx, ctx.clinic.gp.token, `/Appointment/${r.id}`);
    expect(appointment.status).toBe(200);
    assertValidFhir(appointment.body);
    expect(appointment.body).toMatchObject({ status: 'booked', basedOn: [{ reference: `ServiceRequest/${r.id}` }], start: '2026-12-02T13:00:00.000Z', minutesDuration: 45, comment: 'Practice room 2' });
    expect(appointment.body.participant.map((p: Json) => p.status)).toEqual(['accepted', 'accepted', 'tentative']);
    const found = await fhirGet(ctx, ctx.clinic.ehr.token, `/Appointment?actor=Practitioner/${ctx.clinic.psychiatrist.id}&date=ge2026-12-01&date=lt2026-12-03`);
    assertValidFhir(found.body);
    expect(found.body.entry.map((e: Json) => e.resource.id)).toEqual([r.id]);
    expect((await fhirGet(ctx, ctx.clinic.ehr.token, `/Appointment?date=ge2027-01-01&based-on=ServiceRequest/${r.id}`)).body.entry).toBeUndefined();
  });

  it('rescheduling asks everyone again; attendance and no-show are recorded once it has begun', async () => {
    ctx = await newCtx();
    ctx.api.clock.set('2026-11-30T08:00:00.000Z');
    const r = await scheduled(ctx);
    await answer(ctx, ctx.clinic.gp.token, r.id, { participant: 'gp', answer: 'accepted' });
    const moved = await move(ctx, ctx.clinic.psychiatrist, r.id, 'schedule', { start: '2026-12-03T13:00:00.000Z', durationMinutes: 45, location: 'Practice room 2' });
    expect(moved.appointment.participants.gp).toBe('needs-action');
    expect(moved.timeline.at(-1).detail.rescheduledFrom).toBe('2026-12-02T13:00:00.000Z');

    const early = await ctx.api.call('POST', `/api/requests/${r.id}/appointment/attendance`, { token: ctx.clinic.psychiatrist.token, body: { attended: false } });
    expect(early.status).toBe(409);
    ctx.api.clock.set('2026-12-03T14:00:00.000Z');
    expect((await ctx.api.call('POST', `/api/requests/${r.id}/appointment/attendance`, { token: ctx.clinic.gp.token, body: { attended: false } })).status).toBe(403);
    const noShow = await ctx.api.call('POST', `/api/requests/${r.id}/appointment/attendance`, { token: ctx.clinic.psychiatrist.token, body: { attended: false } });
    expect(noShow.body.appointment.status).toBe('noshow');
    expect((await fhirGet(ctx, ctx.clinic.gp.token, `/Appointment/${r.id}`)).body.status).toBe('noshow');
    const cancelled = await act(ctx, ctx.clinic.gp, r.id, 'cancel');
    expect(cancelled.status).toBe(200);
    expect((await fhirGet(ctx, ctx.clinic.gp.token, `/Appointment/${r.id}`)).body.status).toBe('cancelled');
  });
});

describe('calling off a visit', () => {
  it('either side cancels the visit; the request is accepted again and can be rescheduled', async () => {
    const ctx = await newCtx();
    const r = await scheduled(ctx);
    const off = await move(ctx, ctx.clinic.gp, r.id, 'cancel-visit', { reason: 'The patient is in hospital that week.' });
    expect(off).toMatchObject({ status: 'accepted', appointment: { status: 'cancelled' } });
    expect((await fhirGet(ctx, ctx.clinic.gp.token, `/Appointment/${r.id}`)).body.status).toBe('cancelled');
    const again = await move(ctx, ctx.clinic.psychiatrist, r.id, 'schedule', { start: '2026-12-09T13:00:00.000Z', durationMinutes: 45, videoLink: 'https://video.example.org/room/7' });
    expect(again).toMatchObject({ status: 'scheduled', appointment: { status: 'booked', start: '2026-12-09T13:00:00.000Z' } });
    expect((await act(ctx, ctx.clinic.otherGp, r.id, 'cancel-visit')).status).toBe(404);
  });
});
