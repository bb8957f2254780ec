/**
 * What the GP drafted stays with the practice: the consulting side's timeline starts at
 * submission, in every view of the request the JSON API returns.
 */
import { describe, expect, it } from 'vitest';
import { type Json, createRequest, move, newCtx, read, steps } from './helpers.js';

describe('the draft period in the timeline', () => {
  it('the consulting side sees the timeline from submission on; the practice sees all of it', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist, serviceEhr } = ctx.clinic;
    const draft = await createRequest(ctx, gp);
    const edited = await ctx.api.call('PATCH', `/api/requests/${draft.id}`, {
      token: gp.token,
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { clinicalQuestion: 'First thoughts, not for the psychiatrist yet.' },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    await move(ctx, gp, draft.id, 'submit');

    const practice = (await read(ctx, gp, draft.id)).body;
    expect(steps(practice)).toEqual([`create ∅→draft by ${gp.id}`, `edit draft→draft by ${gp.id}`, `submit draft→submitted by ${gp.id}`]);

    for (const consultant of [psychiatrist, serviceEhr]) {
      const seen = await read(ctx, consultant, draft.id);
      expect(seen.status).toBe(200);
      expect(steps(seen.body)).toEqual([`submit draft→submitted by ${gp.id}`]);
    }
    const accepted = await move(ctx, psychiatrist, draft.id, 'accept');
    expect((accepted.timeline as Json[]).map((e) => e.action)).toEqual(['submit', 'accept']);
  });

  it('a request submitted at once shows the consulting side its submission only', async () => {
    const ctx = await newCtx();
    const r = await createRequest(ctx, ctx.clinic.gp, {}, true);
    expect(steps((await read(ctx, ctx.clinic.psychiatrist, r.id)).body)).toEqual([`submit draft→submitted by ${ctx.clinic.gp.id}`]);
  });
});
