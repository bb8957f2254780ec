/**
 * Proposed times (issue 14): the psychiatrist proposes two to five times, the GP chooses one (a
 * booking) or says none suits them; who may do which, bad input naming the field, expiry, the
 * Appointment on FHIR and the mails (no patient data).
 */
import { describe, expect, it } from 'vitest';
import { assertValidFhir } from '../harness/fhir-assert.js';
import { notificationsAbout } from '../harness/outbox.js';
import type { Person } from '../harness/clinic.js';
import { type Ctx, type Json, act, expectProblem, fieldsOf, move, newCtx, read, submittedRequest } from './helpers.js';

const TIMES = ['2030-05-06T09:00:00+02:00', '2030-05-07T14:00:00+02:00', '2030-05-08T16:30:00+02:00'];
const propose = (times = TIMES): Json => ({ times, durationMinutes: 30, videoLink: 'https://video.example/room/9' });

async function acceptedRequest(ctx: Ctx) {
  const r = await submittedRequest(ctx, { requestedForm: 'joint-video' });
  await move(ctx, ctx.clinic.psychiatrist, r.id, 'accept', { agreedForm: 'joint-video' });
  return r;
}

async function proposed(ctx: Ctx): Promise<{ id: string; view: Json }> {
  const r = await acceptedRequest(ctx);
  return { id: r.id, view: await move(ctx, ctx.clinic.psychiatrist, r.id, 'propose-times', propose()) };
}

const appointmentOf = (ctx: Ctx, who: Person, id: string) => ctx.api.call('GET', `/fhir/Appointment/${id}`, { token: who.token, headers: { Accept: 'application/fhir+json' } });

describe('proposing times', () => {
  it('the psychiatrist proposes; the GP sees them, may choose or decline, and hears of it without patient data', async () => {
    const ctx = await newCtx();
    const { id, view } = await proposed(ctx);
    expect(view.status).toBe('accepted');
    expect(view.proposedTimes).toMatchObject({ status: 'open', videoLink: 'https://video.example/room/9' });
    expect(view.proposedTimes.times.map((t: Json) => [t.start, t.end])).toEqual([
      ['2030-05-06T07:00:00.000Z', '2030-05-06T07:30:00.000Z'],
      ['2030-05-07T12:00:00.000Z', '2030-05-07T12:30:00.000Z'],
      ['2030-05-08T14:30:00.000Z', '2030-05-08T15:00:00.000Z'],
    ]);
    const gpView = (await read(ctx, ctx.clinic.gp, id)).body;
    expect(gpView.allowedActions).toEqual(expect.arrayContaining(['choose-time', 'decline-times']));
    expect(view.allowedActions).not.toContain('choose-time');

    const mails = (await notificationsAbout([id])).filter((n) => n.payload.topic === 'times-proposed');
    expect(mails.map((n) => n.recipientUserId)).toEqual([ctx.clinic.gp.id]);
    expect(JSON.stringify(mails[0]!.payload)).not.toMatch(/Jansen|Eva|P-/);
  });

  it('refuses too few or too many times, a past time, a busy time and a missing place, naming the field; nothing is written', async () => {
    const ctx = await newCtx();
    const r = await acceptedRequest(ctx);
    const { psychiatrist } = ctx.clinic;
    expect(fieldsOf(await act(ctx, psychiatrist, r.id, 'propose-times', propose([TIMES[0]!])))).toEqual(['times']);
    expect(fieldsOf(await act(ctx, psychiatrist, r.id, 'propose-times', propose([...TIMES, ...TIMES])))).toEqual(['times']);
    expect(fieldsOf(await act(ctx, psychiatrist, r.id, 'propose-times', propose([TIMES[0]!, 'next tuesday'])))).toEqual(['times.1']);
    expect(fieldsOf(await act(ctx, psychiatrist, r.id, 'propose-times', { times: TIMES }))).toEqual(['location']);
    const past = await act(ctx, psychiatrist, r.id, 'propose-times', propose([TIMES[0]!, '2020-01-06T09:00:00Z']));
    expectProblem(past, 422, 'unprocessable');
    expect(fieldsOf(past)).toEqual(['times.1']);

    // The psychiatrist is booked on another request at the second time.
    const other = await acceptedRequest(ctx);
    await move(ctx, psychiatrist, other.id, 'schedule', { start: '2030-05-07T14:15:00+02:00', durationMinutes: 30, location: 'Room 2' });
    const busy = await act(ctx, psychiatrist, r.id, 'propose-times', propose());
    expectProblem(busy, 409, 'conflict');
    expect(fieldsOf(busy)).toEqual(['times.1']);
    // Time the GP marked away counts too.
    await ctx.api.call('PUT', '/api/me/availability', { token: ctx.clinic.gp.token, body: { weekly: [], unavailable: [{ start: '2030-05-08T00:00:00Z', end: '2030-05-09T00:00:00Z' }] } });
    expect(fieldsOf(await act(ctx, psychiatrist, r.id, 'propose-times', propose([TIMES[0]!, TIMES[2]!])))).toEqual(['times.1']);
    const after = (await read(ctx, psychiatrist, r.id)).body;
    expect(after.proposedTimes).toBeNull();
    expect(after.timeline.map((e: Json) => e.action)).not.toContain('propose-times');
  });

  it('only the consulting side proposes, and only once accepted; the GP only answers', async () => {
    const ctx = await newCtx();
    const submitted = await submittedRequest(ctx);
    expectProblem(await act(ctx, ctx.clinic.psychiatrist, submitted.id, 'propose-times', propose()), 409, 'illegal_transition');
    const { id, view } = await proposed(ctx);
    expectProblem(await act(ctx, ctx.clinic.gp, id, 'propose-times', propose()), 403, 'forbidden');
    expectProblem(await act(ctx, ctx.clinic.psychiatrist, id, 'choose-time', { slotId: view.proposedTimes.times[0].id }), 403, 'forbidden');
    expect((await act(ctx, ctx.clinic.otherGp, id, 'choose-time', { slotId: view.proposedTimes.times[0].id })).status).toBe(404);
    expect(fieldsOf(await act(ctx, ctx.clinic.gp, id, 'choose-time', { slotId: 'the first one' }))).toEqual(['slotId']);
    expect(fieldsOf(await act(ctx, ctx.clinic.gp, id, 'choose-time', { slotId: crypto.randomUUID() }))).toEqual(['slotId']);
    expect(fieldsOf(await act(ctx, ctx.clinic.gp, id, 'decline-times', { note: '  ' }))).toEqual(['note']);
  });
});

describe('choosing a time', () => {
  it('books it with both clinicians agreed, ends the proposal, tells the psychiatrist with a calendar invite; a second choice is a 409 naming the moves possible now', async () => {
    const ctx = await newCtx();
    const { id, view } = await proposed(ctx);
    const chosen = view.proposedTimes.times[1];
    const booked = await move(ctx, ctx.clinic.gp, id, 'choose-time', { slotId: chosen.id });
    expect(booked.status).toBe('scheduled');
    expect(booked.appointment).toEqual({ start: chosen.start, end: chosen.end, videoLink: 'https://video.example/room/9', status: 'booked', participants: { gp: 'accepted', psychiatrist: 'accepted', patient: 'needs-action' } });
    expect(booked.proposedTimes).toBeNull();
    expect(booked.timeline.at(-1)).toMatchObject({ action: 'choose-time', from: 'accepted', to: 'scheduled', detail: { slotId: chosen.id } });

    const again = await act(ctx, ctx.clinic.gp, id, 'choose-time', { slotId: view.proposedTimes.times[0].id });
    expectProblem(again, 409, 'illegal_transition');
    expect(again.body).toMatchObject({ currentState: 'scheduled' });
    expect(again.body.yourAllowedActions).toEqual(expect.arrayContaining(['cancel-visit']));
    expect(again.body.yourAllowedActions).not.toContain('choose-time');

    const mails = (await notificationsAbout([id])).filter((n) => n.payload.topic === 'time-chosen');
    expect(mails.map((n) => n.recipientUserId)).toEqual([ctx.clinic.psychiatrist.id]);
    expect(mails[0]!.payload.invite).toMatchObject({ start: chosen.start, method: 'REQUEST', sequence: 0 });

    const fhir = await appointmentOf(ctx, ctx.clinic.gp, id);
    expect(fhir.body).toMatchObject({ status: 'booked', start: chosen.start, end: chosen.end });
    expect(fhir.body.requestedPeriod).toBeUndefined();
  });

  it("is a 409 when the psychiatrist's calendar filled with that time meanwhile; another time can still be chosen", async () => {
    const ctx = await newCtx();
    const { id, view } = await proposed(ctx);
    const other = await acceptedRequest(ctx);
    await move(ctx, ctx.clinic.psychiatrist, other.id, 'schedule', { start: view.proposedTimes.times[0].start, durationMinutes: 45, location: 'Room 2' });
    const taken = await act(ctx, ctx.clinic.gp, id, 'choose-time', { slotId: view.proposedTimes.times[0].id });
    expectProblem(taken, 409, 'conflict');
    expect(fieldsOf(taken)).toEqual(['slotId']);
    expect(taken.body).toMatchObject({ currentState: 'accepted', yourAllowedActions: expect.arrayContaining(['choose-time', 'decline-times']) });
    expect((await move(ctx, ctx.clinic.gp, id, 'choose-time', { slotId: view.proposedTimes.times[2].id })).status).toBe('scheduled');
  });
});

describe('none of the times suiting, and expiry', () => {
  it("goes back to the psychiatrist with the GP's note; then nothing is open to choose, and a new proposal reopens it", async () => {
    const ctx = await newCtx();
    const { id, view } = await proposed(ctx);
    const declined = await move(ctx, ctx.clinic.gp, id, 'decline-times', { note: 'Thursday afternoons suit me.' });
    expect(declined.proposedTimes).toMatchObject({ status: 'declined', note: 'Thursday afternoons suit me.' });
    expect(declined.allowedActions).not.toContain('choose-time');
    const late = await act(ctx, ctx.clinic.gp, id, 'choose-time', { slotId: view.proposedTimes.times[0].id });
    expectProblem(late, 409, 'illegal_transition');
    expect(late.body.currentState).toBe('accepted');

    const mails = (await notificationsAbout([id])).filter((n) => n.payload.topic === 'times-declined');
    expect(mails.map((n) => n.recipientUserId)).toEqual([ctx.clinic.psychiatrist.id]);
    expect(JSON.stringify(mails[0]!.payload)).not.toContain('Thursday');
    const fhir = (await appointmentOf(ctx, ctx.clinic.psychiatrist, id)).body;
    expect(fhir).toMatchObject({ status: 'proposed', participant: expect.arrayContaining([expect.objectContaining({ status: 'declined' })]) });

    const again = await move(ctx, ctx.clinic.psychiatrist, id, 'propose-times', propose(['2030-05-09T15:00:00+02:00', '2030-05-16T15:00:00+02:00']));
    expect(again.proposedTimes.status).toBe('open');
    expect((await read(ctx, ctx.clinic.gp, id)).body.allowedActions).toContain('choose-time');
  });

  it('expires when the psychiatrist books directly or the request moves on; the FHIR Appointment says so', async () => {
    const ctx = await newCtx();
    const first = await proposed(ctx);
    const direct = await move(ctx, ctx.clinic.psychiatrist, first.id, 'schedule', { start: '2030-06-03T10:00:00+02:00', durationMinutes: 45, videoLink: 'https://video.example/room/9' });
    expect(direct.proposedTimes).toBeNull();
    expectProblem(await act(ctx, ctx.clinic.gp, first.id, 'choose-time', { slotId: first.view.proposedTimes.times[0].id }), 409, 'illegal_transition');

    const second = await proposed(ctx);
    const open = (await appointmentOf(ctx, ctx.clinic.gp, second.id)).body;
    expect(open).toMatchObject({ resourceType: 'Appointment', status: 'proposed', basedOn: [{ reference: `ServiceRequest/${second.id}` }] });
    expect(open.start).toBeUndefined();
    expect(open.requestedPeriod).toHaveLength(3);
    expect(open.participant.map((p: Json) => p.status)).toEqual(['needs-action', 'accepted', 'needs-action']);
    assertValidFhir(open);
    const search = await ctx.api.call('GET', `/fhir/Appointment?based-on=ServiceRequest/${second.id}`, { token: ctx.clinic.gp.token, headers: { Accept: 'application/fhir+json' } });
    expect(search.body.entry.map((e: Json) => e.resource.status)).toEqual(['proposed']);
    const dated = await ctx.api.call('GET', `/fhir/Appointment?based-on=ServiceRequest/${second.id}&date=ge2030-01-01`, { token: ctx.clinic.gp.token, headers: { Accept: 'application/fhir+json' } });
    expect(dated.body.entry ?? []).toHaveLength(0);

    const cancelled = await move(ctx, ctx.clinic.gp, second.id, 'cancel', { reason: 'The patient moved away.' });
    expect(cancelled.proposedTimes.status).toBe('expired');
    const ended = (await appointmentOf(ctx, ctx.clinic.gp, second.id)).body;
    expect(ended.status).toBe('cancelled');
    assertValidFhir(ended);
    expect(Number(ended.meta.versionId)).toBeGreaterThan(Number(open.meta.versionId));
  });
});
