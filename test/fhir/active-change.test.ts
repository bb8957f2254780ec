/**
 * Changing an active request: the requester may add notes and supporting information and raise
 * the priority of a submitted or awaiting-information request (the SLA follows the new priority);
 * any other change is a 409 that says what can change and how (cancel and re-refer).
 */
import { describe, expect, it } from 'vitest';
import { createRequest, EXT, expectOutcome, get, newCtx, put, type Json } from './helpers.js';

describe('changing an active request', () => {
  it('adds a note and raises the priority; the SLA, the Task and the history follow', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx, {}, { note: [{ text: 'Lives alone.' }] });
    const before = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    const notes = [{ text: 'Lives alone.' }, { text: 'Now not sleeping at all.' }];
    const res = await put(ctx, ctx.clinic.ehr, sr, { priority: 'urgent', note: notes });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.priority).toBe('urgent');
    expect(res.body.note).toEqual(notes);
    expect(res.body.meta.versionId).toBe(String(Number(sr.meta.versionId) + 1));
    const task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    expect(task.priority).toBe('urgent');
    expect(new Date(task.restriction.period.end).getTime()).toBeLessThan(new Date(before.restriction.period.end).getTime());
    const json = await ctx.api.call('GET', `/api/requests/${sr.id}`, { token: ctx.clinic.psychiatrist.token });
    expect(JSON.stringify(json.body)).toContain('amend');
  });

  it('another change, or a lower priority, is a 409 that says what can change and how', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx, { priority: 'urgent' });
    const question = (sr.extension as Json[]).map((e) => (e.url === EXT.clinicalQuestion ? { ...e, valueString: 'A different question?' } : e));
    const changed = expectOutcome(await put(ctx, ctx.clinic.ehr, sr, { extension: question }), 409);
    expect(changed.issue[0].diagnostics).toMatch(/notes.*supporting information.*priority.*cancel/is);
    expectOutcome(await put(ctx, ctx.clinic.ehr, sr, { priority: 'routine' }), 409);
    expect((await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${sr.id}`)).meta.versionId).toBe(sr.meta.versionId);
  });
});
