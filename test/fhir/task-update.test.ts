/**
 * A Task PUT that moves no status is not a silent no-op: Liaison takes what it can — a new owner
 * is an assignment within the service, notes and a description are kept — and refuses, naming
 * them, the elements it does not take.
 */
import { describe, expect, it } from 'vitest';
import { createRequest, expectOutcome, expressionsOf, get, newCtx, put } from './helpers.js';

describe('Task update without a status change', () => {
  it('a new owner assigns the request; notes and a description are kept; both make a new Task version', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    const notes = [{ text: 'Discuss at Thursday triage.' }];
    const res = await put(ctx, ctx.clinic.psychiatrist, task, {
      owner: { reference: `Practitioner/${ctx.clinic.psychiatrist.id}` },
      note: notes,
      description: 'Second opinion on antidepressant choice',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.meta.versionId).toBe('2');
    const read = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    expect(read.owner.reference).toBe(`Practitioner/${ctx.clinic.psychiatrist.id}`);
    expect(read.note).toEqual(notes);
    expect(read.description).toBe('Second opinion on antidepressant choice');
    const json = await ctx.api.call('GET', `/api/requests/${sr.id}`, { token: ctx.clinic.psychiatrist.token });
    expect(JSON.stringify(json.body)).toContain(ctx.clinic.psychiatrist.id);
  });

  it('a change Liaison does not take through the Task is a 422 naming the element; nothing is stored', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    const res = await put(ctx, ctx.clinic.psychiatrist, task, { priority: 'urgent', note: [{ text: 'Bump it.' }] });
    const outcome = expectOutcome(res, 422);
    expect(expressionsOf(outcome)).toContain('Task.priority');
    const read = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    expect(read.meta.versionId).toBe('1');
    expect(read.note).toBeUndefined();
  });
});
