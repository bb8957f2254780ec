/** Concurrent writers on one request (PostgreSQL only: PGlite runs one statement at a time). */
import { describe, expect, it } from 'vitest';
import { backend } from '../harness/database.js';
import { act, createRequest, newCtx, read, submittedRequest } from './helpers.js';

describe.skipIf(backend !== 'postgres')('concurrent writes', () => {
  it('20 parallel accepts by two psychiatrists: exactly one wins, the rest are refused', async () => {
    const ctx = await newCtx();
    const { psychiatrist, psychiatrist2 } = ctx.clinic;
    const r = await submittedRequest(ctx);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        act(ctx, i % 2 ? psychiatrist : psychiatrist2, r.id, 'accept', { agreedForm: 'joint-video' }, i < 10 ? { 'If-Match': `W/"${r.version}"` } : undefined),
      ),
    );
    const statuses = results.map((res) => res.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409 || s === 412), statuses.join(',')).toBe(true);
    for (const res of results.filter((x) => x.status === 412)) expect(res.body.currentVersion).toBe(r.version + 1);
    for (const res of results.filter((x) => x.status === 409)) expect(res.body.currentState).toBe('accepted');

    const winner = results.find((res) => res.status === 200)!.body;
    const after = (await read(ctx, ctx.clinic.gp, r.id)).body;
    expect(after).toMatchObject({ status: 'accepted', version: r.version + 1, assignee: { id: winner.assignee.id } });
    expect(after.timeline.filter((e: { action: string }) => e.action === 'accept')).toHaveLength(1);
  });

  it('20 parallel PATCHes of a draft with the same If-Match: exactly one succeeds', async () => {
    const ctx = await newCtx();
    const draft = await createRequest(ctx, ctx.clinic.gp);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.api.call('PATCH', `/api/requests/${draft.id}`, {
          token: (i % 2 ? ctx.clinic.gp : ctx.clinic.gp2).token,
          headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': 'W/"1"' },
          body: { clinicalQuestion: `Edit number ${i}?` },
        }),
      ),
    );
    const statuses = results.map((res) => res.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 412), statuses.join(',')).toBe(true);
    const winner = results.find((res) => res.status === 200)!.body;
    const after = (await read(ctx, ctx.clinic.gp, draft.id)).body;
    expect(after).toMatchObject({ version: 2, clinicalQuestion: winner.clinicalQuestion });
    expect(after.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'edit']);
  });
});

describe.skipIf(backend !== 'postgres')('concurrent bookings', () => {
  it('6 requests booked in parallel with the same psychiatrist at the same time: exactly one wins, the rest are 409', async () => {
    const ctx = await newCtx();
    const { gp, gp2, psychiatrist } = ctx.clinic;
    const accepted = [];
    for (const gpOf of [gp, gp2, gp, gp2, gp, gp2]) {
      const r = await createRequest(ctx, gpOf, {}, true);
      expect((await act(ctx, psychiatrist, r.id, 'accept', { agreedForm: 'joint-video' })).status).toBe(200);
      accepted.push(r);
    }
    const results = await Promise.all(
      accepted.map((r, i) =>
        act(ctx, psychiatrist, r.id, 'schedule', { start: `2030-05-06T09:${String(i * 5).padStart(2, '0')}:00Z`, durationMinutes: 45, videoLink: 'https://video.example/room/7' }),
      ),
    );
    const statuses = results.map((res) => res.status);
    expect(statuses.filter((s) => s === 200), statuses.join(',')).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(accepted.length - 1);
  });
});
