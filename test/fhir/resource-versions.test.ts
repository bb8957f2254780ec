/**
 * Each FHIR resource is versioned by its own content: a message or a consultant's Task move
 * that leaves the ServiceRequest as it was gives it no new version, so the EHR's next If-Match
 * still holds. The JSON API's ETag is the request's own version and moves on every change.
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
});
