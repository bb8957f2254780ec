/** A follow-up question within the re-consult window re-opens the same request. */
import { afterEach, describe, expect, it } from 'vitest';
import { type Ctx, act, move, newCtx, submittedRequest } from './helpers.js';

describe('re-consulting', () => {
  let ctx: Ctx;
  afterEach(() => ctx?.api.clock.reset());

  it('re-opens a closed request within six months: same thread, same psychiatrist, a new clock', async () => {
    ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    ctx.api.clock.set('2026-01-05T09:00:00.000Z');
    const r = await submittedRequest(ctx);
    await move(ctx, psychiatrist, r.id, 'accept');
    await move(ctx, psychiatrist, r.id, 'complete');
    await move(ctx, gp, r.id, 'close');
    ctx.api.clock.set('2026-06-01T09:00:00.000Z');
    const again = await move(ctx, gp, r.id, 'reconsult', { question: 'Relapse after stopping sertraline: restart at what dose?' });
    expect(again).toMatchObject({ status: 'submitted', assignee: { id: psychiatrist.id }, outcome: null, sla: { clock: 'running' } });
    expect(again.submittedAt).toBe('2026-06-01T09:00:00.000Z');
    expect(again.timeline.at(-1)).toMatchObject({ action: 'reconsult', from: 'closed', to: 'submitted' });
    expect(again.timeline.at(-1).detail.previousOutcome).toMatchObject({ kind: 'outcome' });
    const thread = await ctx.api.call('GET', `/api/requests/${r.id}/messages`, { token: psychiatrist.token });
    expect(thread.body.items.at(-1)).toMatchObject({ kind: 'information', text: 'Relapse after stopping sertraline: restart at what dose?' });
  });

  it('past the window the GP is told to start a new request, and nothing changes', async () => {
    ctx = await newCtx();
    ctx.api.clock.set('2026-01-05T09:00:00.000Z');
    const r = await submittedRequest(ctx, { requestedForm: 'advice-only' });
    await move(ctx, ctx.clinic.psychiatrist, r.id, 'give-advice');
    ctx.api.clock.set('2026-07-06T09:00:00.000Z');
    const late = await act(ctx, ctx.clinic.gp, r.id, 'reconsult');
    expect(late.status).toBe(422);
    expect(late.body.errors[0].field).toBe('question');
    expect((await act(ctx, ctx.clinic.psychiatrist, r.id, 'reconsult')).status).toBe(403);
  });
});
