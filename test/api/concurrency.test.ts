/** Concurrent writers on one request (PostgreSQL only: PGlite runs one statement at a time). */
import { describe, expect, it } from 'vitest';
import { backend } from '../harness/database.js';
import { act, createRequest, move, newCtx, read, submittedRequest } from './helpers.js';

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

describe.skipIf(backend !== 'postgres')('concurrent choices among proposed times', () => {
  const times = ['2030-09-02T09:00:00+02:00', '2030-09-03T09:00:00+02:00', '2030-09-04T09:00:00+02:00'];

  it('10 parallel choices by the practice’s two GPs: exactly one booking, the rest 409 naming the moves possible now', async () => {
    const ctx = await newCtx();
    const { gp, gp2, psychiatrist } = ctx.clinic;
    const r = await createRequest(ctx, gp, {}, true);
    await move(ctx, psychiatrist, r.id, 'accept', { agreedForm: 'joint-video' });
    const proposed = await move(ctx, psychiatrist, r.id, 'propose-times', { times, videoLink: 'https://video.example/room/3' });
    const slotIds: string[] = proposed.proposedTimes.times.map((t: { id: string }) => t.id);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => act(ctx, i % 2 ? gp : gp2, r.id, 'choose-time', { slotId: slotIds[i % 3] })));
    const statuses = results.map((res) => res.status);
    expect(statuses.filter((s) => s === 200), statuses.join(',')).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    for (const res of results.filter((x) => x.status === 409)) expect(res.body).toMatchObject({ currentState: 'scheduled', yourAllowedActions: expect.arrayContaining(['cancel-visit']) });
    const after = (await read(ctx, gp, r.id)).body;
    expect(after.timeline.filter((e: { action: string }) => e.action === 'choose-time')).toHaveLength(1);
  });

  it("a GP's choice racing the psychiatrist's booking of another request at that time: exactly one of them books it", async () => {
    const ctx = await newCtx();
    const { gp, gp2, psychiatrist } = ctx.clinic;
    const [first, second] = [await createRequest(ctx, gp, {}, true), await createRequest(ctx, gp2, {}, true)];
    for (const r of [first, second]) await move(ctx, psychiatrist, r.id, 'accept', { agreedForm: 'joint-video' });
    const proposed = await move(ctx, psychiatrist, first.id, 'propose-times', { times, videoLink: 'https://video.example/room/3' });
    const [chosen, booked] = await Promise.all([
      act(ctx, gp, first.id, 'choose-time', { slotId: proposed.proposedTimes.times[0].id }),
      act(ctx, psychiatrist, second.id, 'schedule', { start: times[0], durationMinutes: 45, videoLink: 'https://video.example/room/4' }),
    ]);
    expect([chosen.status, booked.status].sort()).toEqual([200, 409]);
    // The one refused says where its request stands and what is possible now.
    const refused = chosen.status === 409 ? chosen : booked;
    expect(refused.body).toMatchObject({ currentState: 'accepted', yourAllowedActions: expect.any(Array) });
  });
});
