/**
 * The conversation on a request through the JSON API: questions pause the SLA clock, answers
 * resume it, other messages move nothing; attachments are references; outsiders see nothing.
 */
import { describe, expect, it } from 'vitest';
import { type Ctx, type Json, fieldsOf, move, newCtx, read, submittedRequest } from './helpers.js';
import type { Person } from '../harness/clinic.js';

const send = (ctx: Ctx, who: Person, id: string, body: Json) => ctx.api.call('POST', `/api/requests/${id}/messages`, { token: who.token, body });
const thread = (ctx: Ctx, who: Person, id: string) => ctx.api.call('GET', `/api/requests/${id}/messages`, { token: who.token });

describe('messages on a request', () => {
  it('a question pauses the clock, the answer (with an attachment) resumes it, and the thread reads in order', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const r = await submittedRequest(ctx);
    const question = await send(ctx, psychiatrist, r.id, { text: 'Which antidepressants has she tried?' });
    expect(question.status).toBe(201);
    expect(question.body).toMatchObject({ kind: 'question', author: { id: psychiatrist.id } });
    expect((await read(ctx, gp, r.id)).body).toMatchObject({ status: 'awaiting-information', sla: { clock: 'paused' } });

    const answer = await send(ctx, gp, r.id, {
      text: 'Citalopram 20 mg, then sertraline 100 mg.',
      attachments: [{ url: 'https://ehr.example.org/letters/881', title: 'Medication history', contentType: 'application/pdf' }],
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ kind: 'answer', inResponseTo: question.body.id, attachments: [{ title: 'Medication history' }] });
    expect((await read(ctx, gp, r.id)).body).toMatchObject({ status: 'submitted', sla: { clock: 'running' } });

    const info = await send(ctx, gp, r.id, { text: 'She has started a new job this week.' });
    expect(info.body.kind).toBe('information');
    expect((await read(ctx, gp, r.id)).body.status).toBe('submitted');

    const messages = await thread(ctx, psychiatrist, r.id);
    expect(messages.body.items.map((m: Json) => m.kind)).toEqual(['question', 'answer', 'information']);
  });

  it('after acceptance the two exchange notes; a question is no longer possible', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const r = await submittedRequest(ctx);
    await move(ctx, psychiatrist, r.id, 'accept');
    expect((await send(ctx, psychiatrist, r.id, { text: 'Thursday 14:00 suits me.' })).body.kind).toBe('information');
    expect((await send(ctx, gp, r.id, { text: 'Booked.' })).body.kind).toBe('information');
    const late = await send(ctx, psychiatrist, r.id, { text: 'One more thing?', kind: 'question' });
    expect(late.status).toBe(409);
    expect((await read(ctx, gp, r.id)).body.status).toBe('accepted');
  });

  it('advice and outcome letters appear in the thread', async () => {
    const ctx = await newCtx();
    const r = await submittedRequest(ctx, { requestedForm: 'advice-only' });
    await move(ctx, ctx.clinic.psychiatrist, r.id, 'give-advice');
    const messages = await thread(ctx, ctx.clinic.gp, r.id);
    expect(messages.body.items.map((m: Json) => m.kind)).toEqual(['advice']);
  });

  it('outsiders neither read nor write; bad input is a 400 naming the field; drafts take no messages', async () => {
    const ctx = await newCtx();
    const r = await submittedRequest(ctx);
    expect((await thread(ctx, ctx.clinic.otherGp, r.id)).status).toBe(404);
    expect((await send(ctx, ctx.clinic.otherGp, r.id, { text: 'Hello' })).status).toBe(404);
    const bad = await send(ctx, ctx.clinic.gp, r.id, { text: '', attachments: [{ url: 'javascript:alert(1)' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: Json) => e.field)).toEqual(expect.arrayContaining(['text', 'attachments.0.url']));
    const draft = await ctx.api.call('POST', '/api/requests', { token: ctx.clinic.gp.token, body: { patient: r.patient, clinicalQuestion: 'Q?', requestedForm: 'advice-only' } });
    expect((await send(ctx, ctx.clinic.gp, draft.body.id, { text: 'A note' })).status).toBe(409);
  });
});

describe('paging a long thread', () => {
  it('walks the thread oldest first page by page, with sealed links that name no message and are rechecked for whoever follows them', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const r = await submittedRequest(ctx);
    await move(ctx, psychiatrist, r.id, 'accept');
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await send(ctx, i % 2 ? gp : psychiatrist, r.id, { text: `Note ${i}` })).body.id);
    const everything = await thread(ctx, gp, r.id);
    expect(everything.body.items.map((m: Json) => m.id)).toEqual(sent);
    expect(everything.body.next).toBeNull();

    const seen: string[] = [];
    const sizes: number[] = [];
    let url: string | null = `/api/requests/${r.id}/messages?limit=2`;
    while (url) {
      const page: { status: number; body: Json } = await ctx.api.call('GET', url, { token: gp.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((m: Json) => m.id));
      sizes.push(page.body.items.length);
      if (page.body.next) {
        const next = new URL(page.body.next, 'http://x');
        expect(next.pathname).toBe(`/api/requests/${r.id}/messages`);
        expect([...next.searchParams.keys()].sort()).toEqual(['cursor', 'limit']);
        expect(next.searchParams.get('cursor')).toBe(page.body.nextCursor);
        // Sealed: the cursor does not carry the last message's id or time in any readable form.
        const opened = Buffer.from(page.body.nextCursor, 'base64url').toString('latin1');
        expect(opened).not.toContain(page.body.items.at(-1).id);
        expect(opened).not.toContain(page.body.items.at(-1).sentAt.slice(0, 10));
        expect((await ctx.api.call('GET', page.body.next, { token: ctx.clinic.otherGp.token })).status).toBe(404);
      }
      url = page.body.next;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(sent);
  });

  it('a cursor works only on the thread it came from; a page is at most 100', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const [a, b] = [await submittedRequest(ctx), await submittedRequest(ctx)];
    for (const r of [a, b]) {
      await move(ctx, psychiatrist, r.id, 'accept');
      for (let i = 0; i < 2; i++) await send(ctx, gp, r.id, { text: `Note ${i}` });
    }
    const first = await ctx.api.call('GET', `/api/requests/${a.id}/messages?limit=1`, { token: gp.token });
    const elsewhere = await ctx.api.call('GET', `/api/requests/${b.id}/messages?limit=1&cursor=${first.body.nextCursor}`, { token: gp.token });
    expect(elsewhere.status).toBe(400);
    expect(fieldsOf(elsewhere)).toEqual(['cursor']);
    expect(fieldsOf(await ctx.api.call('GET', `/api/requests/${a.id}/messages?limit=101`, { token: gp.token }))).toEqual(['limit']);
    expect(fieldsOf(await ctx.api.call('GET', `/api/requests/${a.id}/messages?cursor=x`, { token: gp.token }))).toEqual(['cursor']);
  });
});
