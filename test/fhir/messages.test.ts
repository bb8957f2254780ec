/**
 * Communications between the GP and the consulting service: a question puts the request on
 * hold, an answer resumes it, and other messages move nothing — from either side, while the
 * case is open.
 */
import { describe, expect, it } from 'vitest';
import type { Person } from '../harness/clinic.js';
import { CS, createRequest, fhir, get, newCtx, type Ctx, type Json } from './helpers.js';

function message(requestId: string, text: string, kind?: string): Json {
  return {
    resourceType: 'Communication',
    status: 'completed',
    basedOn: [{ reference: `ServiceRequest/${requestId}` }],
    ...(kind ? { category: [{ coding: [{ system: CS.messageKind, code: kind }] }] } : {}),
    payload: [{ contentString: text }],
  };
}

async function post(ctx: Ctx, who: Person, body: Json) {
  const res = await fhir(ctx, who, 'POST', '/Communication', { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const taskOf = (ctx: Ctx, id: string) => get(ctx, ctx.clinic.psychiatrist, `/Task/${id}`);

describe('Communication', () => {
  it("the psychiatrist's first message to a submitted request is a question; the GP's reply resumes it", async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const question = await post(ctx, ctx.clinic.psychiatrist, message(sr.id, 'Any history of mania?'));
    expect(question.category[0].coding[0].code).toBe('question');
    expect((await taskOf(ctx, sr.id)).businessStatus.coding[0].code).toBe('awaiting-information');
    const answer = await post(ctx, ctx.clinic.gp, { ...message(sr.id, 'None known.'), inResponseTo: [{ reference: `Communication/${question.id}` }] });
    expect(answer.category[0].coding[0].code).toBe('answer');
    expect(answer.inResponseTo[0].reference).toBe(`Communication/${question.id}`);
    expect((await taskOf(ctx, sr.id)).status).toBe('requested');
  });

  it('after acceptance both sides exchange messages without moving the request', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const task = await taskOf(ctx, sr.id);
    const accepted = await fhir(ctx, ctx.clinic.psychiatrist, 'PUT', `/Task/${sr.id}`, {
      body: { ...task, status: 'accepted', owner: { reference: `Practitioner/${ctx.clinic.psychiatrist.id}` } },
      headers: { 'If-Match': `W/"${task.meta.versionId}"` },
    });
    expect(accepted.status).toBe(200);
    const note = await post(ctx, ctx.clinic.psychiatrist, message(sr.id, 'I can see her on Thursday with you.'));
    expect(note.category[0].coding[0].code).toBe('information');
    const reply = await post(ctx, ctx.clinic.gp, message(sr.id, 'Thursday suits.'));
    expect(reply.category[0].coding[0].code).toBe('information');
    expect((await taskOf(ctx, sr.id)).status).toBe('accepted');
    const thread = await get(ctx, ctx.clinic.gp, `/Communication?based-on=ServiceRequest/${sr.id}`);
    expect((thread.entry as Json[]).map((e) => e.resource.payload[0].contentString)).toEqual(['I can see her on Thursday with you.', 'Thursday suits.']);
  });

  it('a message marked information does not put a submitted request on hold, and an explicit question after acceptance is refused', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    await post(ctx, ctx.clinic.psychiatrist, message(sr.id, 'Received; triage on Monday.', 'information'));
    expect((await taskOf(ctx, sr.id)).status).toBe('requested');
    const task = await taskOf(ctx, sr.id);
    await fhir(ctx, ctx.clinic.psychiatrist, 'PUT', `/Task/${sr.id}`, {
      body: { ...task, status: 'accepted', owner: { reference: `Practitioner/${ctx.clinic.psychiatrist.id}` } },
      headers: { 'If-Match': `W/"${task.meta.versionId}"` },
    });
    const late = await fhir(ctx, ctx.clinic.psychiatrist, 'POST', '/Communication', { body: message(sr.id, 'One more question?', 'question') });
    expect(late.status).toBe(409);
  });

  it('another practice cannot write on the request', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const res = await fhir(ctx, ctx.clinic.otherGp, 'POST', '/Communication', { body: message(sr.id, 'Hello?') });
    expect(res.status).toBe(422);
  });
});
