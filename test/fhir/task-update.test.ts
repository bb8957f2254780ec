/**
 * A Task PUT that moves no status is not a silent no-op: Liaison takes what it can — a new owner
 * is an assignment within the service, notes and a description are kept — and refuses, naming
 * them, the elements it does not take. A PUT that moves the status keeps what it adds as well.
 */
import { describe, expect, it } from 'vitest';
import { CS, createRequest, expectOutcome, expressionsOf, fhir, get, newCtx, put } from './helpers.js';

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

describe('Task update with a status change', () => {
  it('accepting with a note and a description keeps them, in the one new version', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    const notes = [{ text: 'Accepted: see within two weeks.' }];
    const res = await put(ctx, ctx.clinic.psychiatrist, task, {
      status: 'accepted',
      owner: { reference: `Practitioner/${ctx.clinic.psychiatrist.id}` },
      note: notes,
      description: 'Joint video consultation',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', note: notes, description: 'Joint video consultation', meta: { versionId: '2' } });
    const read = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    expect(read).toMatchObject({ status: 'accepted', note: notes, description: 'Joint video consultation', meta: { versionId: '2' } });
  });

  it('putting a question on hold with a note keeps the note; a later move keeps it too', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    const notes = [{ text: 'Asked about the lithium level.' }];
    const held = await put(ctx, ctx.clinic.psychiatrist, task, {
      status: 'on-hold',
      businessStatus: { coding: [{ system: CS.businessStatus, code: 'awaiting-information' }] },
      statusReason: { text: 'What was the last lithium level?' },
      note: notes,
    });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    const read = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    expect(read).toMatchObject({ status: 'on-hold', note: notes });
    // The GP's answer moves the request on; what the Task kept stays.
    const answer = { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${sr.id}` }], payload: [{ contentString: '0.6 mmol/L last week.' }] };
    expect((await fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', { body: answer })).status).toBe(201);
    expect(await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`)).toMatchObject({ status: 'requested', note: notes });
  });
});
