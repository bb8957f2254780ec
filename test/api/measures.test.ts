/** The service lead's measures, computed on a known set of requests. */
import { afterEach, describe, expect, it } from 'vitest';
import { type Ctx, type Json, move, newCtx, submittedRequest } from './helpers.js';

const HOUR = 3_600_000;

describe('measures', () => {
  let ctx: Ctx;
  afterEach(() => ctx?.api.clock.reset());

  const at = (iso: string) => ctx.api.clock.set(iso);
  const plus = (iso: string, hours: number) => new Date(new Date(iso).getTime() + hours * HOUR).toISOString();

  it('per priority: times (median, 90th percentile), share within the SLA, referrals avoided, recommendations implemented, caseload', async () => {
    ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    await ctx.api.setProfile(psychiatrist.id, { weeklyCapacity: 5, subSpecialties: [], languages: [] });

    const t1 = '2026-03-02T09:00:00.000Z';
    at(t1);
    const r1 = await submittedRequest(ctx);
    at(plus(t1, 1));
    await move(ctx, psychiatrist, r1.id, 'request-information');
    at(plus(t1, 2));
    await move(ctx, gp, r1.id, 'provide-information');
    at(plus(t1, 3));
    await move(ctx, psychiatrist, r1.id, 'accept');
    at(plus(t1, 26));
    const done = await move(ctx, psychiatrist, r1.id, 'complete', { summary: 'Seen.', outcomeCode: 'joint-follow-up', recommendations: ['A', 'B'] });
    const [a, b] = done.outcome.recommendations as [Json, Json];
    await ctx.api.call('POST', `/api/requests/${r1.id}/recommendations/${a.id}/answer`, { token: gp.token, body: { accepted: true } });
    await ctx.api.call('POST', `/api/requests/${r1.id}/recommendations/${b.id}/answer`, { token: gp.token, body: { accepted: false, reason: 'Not available locally.' } });
    await move(ctx, gp, r1.id, 'close', { referralAvoided: true });

    const t2 = '2026-03-02T10:00:00.000Z';
    at(t2);
    const r2 = await submittedRequest(ctx, { priority: 'urgent' });
    at(plus(t2, 5));
    await move(ctx, psychiatrist, r2.id, 'accept');
    at(plus(t2, 50));
    await move(ctx, psychiatrist, r2.id, 'complete');
    await move(ctx, gp, r2.id, 'close', { referralAvoided: false });

    const t3 = '2026-03-02T11:00:00.000Z';
    at(t3);
    const r3 = await submittedRequest(ctx, { requestedForm: 'advice-only' });
    at(plus(t3, 10));
    await move(ctx, psychiatrist, r3.id, 'give-advice');

    at('2026-03-02T12:00:00.000Z');
    await submittedRequest(ctx, { priority: 'stat' }); // never answered: a miss once the hour has passed

    at('2026-03-03T12:00:00.000Z');
    const res = await ctx.api.call('GET', `/api/services/${ctx.clinic.serviceId}/measures?from=2026-03-01&to=2026-03-04`, { token: psychiatrist.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const all = res.body.byPriority.all;
    expect(all).toEqual({
      submitted: 4,
      timeToTriage: { count: 3, medianMs: 5 * HOUR, p90Ms: 10 * HOUR },
      timeToFirstResponse: { count: 3, medianMs: 5 * HOUR, p90Ms: 10 * HOUR },
      timeToConsultation: { count: 3, medianMs: 26 * HOUR, p90Ms: 50 * HOUR },
      withinSla: { decided: 4, met: 3, share: 0.75 },
      referralsAvoided: { answered: 2, avoided: 1, share: 0.5 },
      recommendations: { answered: 2, accepted: 1, rate: 0.5 },
    });
    expect(res.body.byPriority.routine).toMatchObject({ submitted: 2, timeToTriage: { medianMs: 3 * HOUR, p90Ms: 10 * HOUR }, timeToFirstResponse: { medianMs: 1 * HOUR } });
    expect(res.body.byPriority.stat.withinSla).toEqual({ decided: 1, met: 0, share: 0 });
    expect(res.body.openCaseload.find((c: Json) => c.userId === psychiatrist.id)).toMatchObject({ caseload: 1, weeklyCapacity: 5 });

    const outside = await ctx.api.call('GET', `/api/services/${ctx.clinic.serviceId}/measures?from=2026-04-01&to=2026-04-30`, { token: psychiatrist.token });
    expect(outside.body.byPriority.all.submitted).toBe(0);
    expect((await ctx.api.call('GET', `/api/services/${ctx.clinic.serviceId}/measures`, { token: gp.token })).status).toBe(404);
    expect((await ctx.api.call('GET', `/api/services/${ctx.clinic.serviceId}/measures?from=2026-03-04&to=2026-03-01`, { token: psychiatrist.token })).status).toBe(400);
  });
});
