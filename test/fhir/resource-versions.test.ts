/**
 * Each FHIR resource is versioned by its own content: a message or a consultant's Task move
 * that leaves the ServiceRequest (or the Appointment) as it was gives it no new version, so the
 * EHR's next If-Match still holds. The JSON API's ETag is the request's own version and moves on every change.
 */
import { describe, expect, it } from 'vitest';
import { createRequest, fhir, get, newCtx, put, type Json } from './helpers.js';

const message = (requestId: string, text: string): Json => ({
  resourceType: 'Communication',
  status: 'completed',
  basedOn: [{ reference: `ServiceRequest/${requestId}` }],
  payload: [{ contentString: text }],
});

describe('versions per resource', () => {
  it('a message and a question through the Task leave the ServiceRequest’s version alone; its If-Match still holds', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const json0 = await ctx.api.call('GET', `/api/requests/${sr.id}`, { token: ctx.clinic.gp.token });
    expect((await fhir(ctx, ctx.clinic.gp, 'POST', '/Communication', { body: message(sr.id, 'Bloods are normal.') })).status).toBe(201);
    const task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    expect(task.meta.versionId).toBe('1');
    const onHold = await put(ctx, ctx.clinic.psychiatrist, task, { status: 'on-hold', businessStatus: { coding: [{ system: 'https://liaison.example.org/fhir/CodeSystem/business-status', code: 'awaiting-information' }] }, statusReason: { text: 'Any history of mania?' } });
    expect(onHold.status, JSON.stringify(onHold.body)).toBe(200);
    expect(onHold.body.meta.versionId).toBe('2');
    expect(onHold.headers.get('etag')).toBe('W/"2"');

    const read = await fhir(ctx, ctx.clinic.ehr, 'GET', `/ServiceRequest/${sr.id}`);
    expect(read.body.meta.versionId).toBe(sr.meta.versionId);
    expect(read.headers.get('etag')).toBe(`W/"${sr.meta.versionId}"`);
    expect(read.body.meta.lastUpdated).toBe(sr.meta.lastUpdated);
    const history = await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${sr.id}/_history`);
    expect(history.total).toBe(1);
    expect((await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${sr.id}/_history/${sr.meta.versionId}`)).meta.versionId).toBe(sr.meta.versionId);

    // The EHR's If-Match from before still holds.
    const revoked = await put(ctx, ctx.clinic.ehr, sr, { status: 'revoked' });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body.meta.versionId).toBe(String(Number(sr.meta.versionId) + 1));
    expect((await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${sr.id}/_history`)).total).toBe(2);

    // The JSON API's ETag is the request's own version: every change moved it.
    const json1 = await ctx.api.call('GET', `/api/requests/${sr.id}`, { token: ctx.clinic.gp.token });
    expect(json1.headers.get('etag')).not.toBe(json0.headers.get('etag'));
  });

  it('the Appointment moves on only when the booking does: a message or a note on the Task leaves its version and ETag alone', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const act = (who: typeof ctx.clinic.gp, action: string, body: Json) => ctx.api.call('POST', `/api/requests/${sr.id}/${action}`, { token: who.token, body });
    expect((await act(ctx.clinic.psychiatrist, 'accept', { agreedForm: 'joint-video' })).status).toBe(200);
    const booked = await act(ctx.clinic.psychiatrist, 'schedule', { start: '2030-03-05T09:00:00Z', durationMinutes: 30, videoLink: 'https://video.example.org/room/7' });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    const first = await fhir(ctx, ctx.clinic.gp, 'GET', `/Appointment/${sr.id}`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toBe(`W/"${first.body.meta.versionId}"`);

    // Neither a message nor a note on the consulting side's Task is a new Appointment.
    expect((await fhir(ctx, ctx.clinic.gp, 'POST', '/Communication', { body: message(sr.id, 'The patient prefers mornings.') })).status).toBe(201);
    const task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    expect((await put(ctx, ctx.clinic.psychiatrist, task, { note: [{ text: 'Interpreter booked.' }] })).status).toBe(200);
    const after = await fhir(ctx, ctx.clinic.gp, 'GET', `/Appointment/${sr.id}`);
    expect(after.body.meta).toEqual(first.body.meta);
    expect(after.headers.get('etag')).toBe(etag);
    const found = await get(ctx, ctx.clinic.gp, `/Appointment?based-on=ServiceRequest/${sr.id}`);
    expect(found.entry[0].resource.meta).toEqual(first.body.meta);

    // The GP's answer to the invitation is: one version on.
    const answer = await ctx.api.call('POST', `/api/requests/${sr.id}/appointment/answers`, { token: ctx.clinic.gp.token, body: { participant: 'gp', answer: 'accepted' } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const answered = await get(ctx, ctx.clinic.gp, `/Appointment/${sr.id}`);
    expect(answered.meta.versionId).toBe(String(Number(first.body.meta.versionId) + 1));
    expect(answered.participant[0].status).toBe('accepted');
  });
});
