/**
 * A mental-health organisation's own EHR works the consulting side through FHIR: it sees the
 * requests routed to its services and moves their Tasks, but never writes a ServiceRequest.
 */
import { describe, expect, it } from 'vitest';
import { createRequest, fhir, get, newCtx, search, matchIds } from './helpers.js';

describe("the consulting service's EHR", () => {
  it('sees routed requests (not drafts) and accepts one by updating its Task', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const draft = await createRequest(ctx, { status: 'draft' });
    const { serviceEhr, psychiatrist } = ctx.clinic;
    const found = matchIds(await search(ctx, serviceEhr, '/ServiceRequest'));
    expect(found).toContain(sr.id);
    expect(found).not.toContain(draft.id);

    const task = await get(ctx, serviceEhr, `/Task/${sr.id}`);
    const res = await fhir(ctx, serviceEhr, 'PUT', `/Task/${sr.id}`, {
      body: { ...task, status: 'accepted', owner: { reference: `Practitioner/${psychiatrist.id}` } },
      headers: { 'If-Match': `W/"${task.meta.versionId}"` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', owner: { reference: `Practitioner/${psychiatrist.id}` } });
  });

  it('cannot change the request itself', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const res = await fhir(ctx, ctx.clinic.serviceEhr, 'PUT', `/ServiceRequest/${sr.id}`, { body: { ...sr, status: 'revoked' }, headers: { 'If-Match': `W/"${sr.meta.versionId}"` } });
    expect(res.status).toBe(403);
    expect((await get(ctx, ctx.clinic.gp, `/ServiceRequest/${sr.id}`)).status).toBe('active');
  });
});
