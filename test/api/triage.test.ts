/**
 * Triage: the queue a psychiatrist works (risk, then priority, then time left, overdue first,
 * a paused clock counted with the time it had left), claiming and assigning with capacity
 * warnings, and suggestions of who could take a request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Ctx, type Json, act, move, newCtx, read, submittedRequest } from './helpers.js';

const MONDAY = '2026-03-02T08:00:00.000Z'; // 09:00 in Berlin

async function queue(ctx: Ctx, who = ctx.clinic.psychiatrist, serviceId = ctx.clinic.serviceId) {
  const res = await ctx.api.call('GET', `/api/services/${serviceId}/queue`, { token: who.token });
  return res;
}
const ids = (res: { body: { items: { request: Json }[] } }) => res.body.items.map((e) => e.request.id as string);

describe('the triage queue', () => {
  let ctx: Ctx;
  afterEach(() => ctx?.api.clock.reset());

  it('puts risk first, then priority, then the least time left; overdue first', async () => {
    ctx = await newCtx();
    ctx.api.clock.set(MONDAY);
    const routine = await submittedRequest(ctx);
    const urgent = await submittedRequest(ctx, { priority: 'urgent' });
    const stat = await submittedRequest(ctx, { priority: 'stat' });
    const atRisk = await submittedRequest(ctx, { scores: { phq9Total: 18, phq9Item9: 1 } }); // raised to urgent
    ctx.api.clock.set('2026-03-02T09:00:00.000Z');
    const laterRoutine = await submittedRequest(ctx);
    ctx.api.clock.set('2026-03-05T08:00:00.000Z'); // Thursday: the urgent ones are overdue
    const res = await queue(ctx);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([atRisk.id, stat.id, urgent.id, routine.id, laterRoutine.id]);
    const [first] = res.body.items;
    expect(first.request.sla).toMatchObject({ overdue: true, clock: 'running' });
    expect(first.waitingMs).toBe(3 * 24 * 3600 * 1000);
  });

  it('counts a paused request with the time it had left, shows the pause, and leaves out what is no longer waiting', async () => {
    ctx = await newCtx();
    ctx.api.clock.set(MONDAY);
    const paused = await submittedRequest(ctx); // routine: due in 10 business days
    await move(ctx, ctx.clinic.psychiatrist, paused.id, 'request-information');
    const accepted = await submittedRequest(ctx);
    await move(ctx, ctx.clinic.psychiatrist, accepted.id, 'accept');
    ctx.api.clock.set('2026-03-10T08:00:00.000Z');
    const running = await submittedRequest(ctx); // routine: due at the end of 23 March
    // 20 March: the paused request's due date has passed on the calendar, but its clock stopped
    // with more than 11 days left; the running one has less than 4 days left and comes first.
    ctx.api.clock.set('2026-03-20T08:00:00.000Z');
    const res = await queue(ctx);
    expect(ids(res)).toEqual([running.id, paused.id]);
    expect(res.body.items[1].request.sla).toMatchObject({ clock: 'paused', overdue: false });
  });

  it('is only for the service’s own clinicians', async () => {
    ctx = await newCtx();
    await submittedRequest(ctx);
    expect((await queue(ctx, ctx.clinic.gp)).status).toBe(404);
    expect((await queue(ctx, ctx.clinic.psychiatrist, ctx.clinic.otherServiceId)).status).toBe(404);
    expect((await queue(ctx, ctx.clinic.leader)).status).toBe(200);
  });
});

describe('claiming and assigning', () => {
  it('a psychiatrist claims a request; the history says so; it shows among their cases', async () => {
    const ctx = await newCtx();
    const r = await submittedRequest(ctx);
    const res = await ctx.api.call('POST', `/api/requests/${r.id}/assign`, { token: ctx.clinic.psychiatrist.token, body: { assigneeId: ctx.clinic.psychiatrist.id } });
    expect(res.status).toBe(200);
    expect(res.body.request).toMatchObject({ status: 'submitted', assignee: { id: ctx.clinic.psychiatrist.id }, version: r.version + 1 });
    expect(res.body.request.timeline.at(-1)).toMatchObject({ action: 'claim', from: 'submitted', to: 'submitted' });
    const cases = await ctx.api.call('GET', '/api/me/cases', { token: ctx.clinic.psychiatrist.token });
    expect(cases.body.items.map((e: { request: Json }) => e.request.id)).toEqual([r.id]);
  });

  it('warns, but does not refuse, when a colleague’s weekly capacity is exceeded', async () => {
    const ctx = await newCtx();
    await ctx.api.setProfile(ctx.clinic.psychiatrist2.id, { weeklyCapacity: 1, subSpecialties: [], languages: [] });
    const first = await submittedRequest(ctx);
    const second = await submittedRequest(ctx);
    const assign = (id: string) => ctx.api.call('POST', `/api/requests/${id}/assign`, { token: ctx.clinic.psychiatrist.token, body: { assigneeId: ctx.clinic.psychiatrist2.id } });
    expect((await assign(first.id)).body.warnings).toEqual([]);
    const over = await assign(second.id);
    expect(over.status).toBe(200);
    expect(over.body.warnings).toEqual([expect.stringContaining('weekly capacity is 1')]);
  });

  it('is refused to the GP, to someone outside the service, and for a stale version or a closed request', async () => {
    const ctx = await newCtx();
    const r = await submittedRequest(ctx);
    const assign = (token: string, assigneeId: string, headers?: Record<string, string>) =>
      ctx.api.call('POST', `/api/requests/${r.id}/assign`, { token, body: { assigneeId }, ...(headers ? { headers } : {}) });
    expect((await assign(ctx.clinic.gp.token, ctx.clinic.psychiatrist.id)).status).toBe(403);
    expect((await assign(ctx.clinic.psychiatrist.token, ctx.clinic.leader.id)).status).toBe(422);
    expect((await assign(ctx.clinic.otherGp.token, ctx.clinic.psychiatrist.id)).status).toBe(404);
    expect((await assign(ctx.clinic.psychiatrist.token, ctx.clinic.psychiatrist.id, { 'If-Match': 'W/"99"' })).status).toBe(412);
    await act(ctx, ctx.clinic.gp, r.id, 'cancel');
    expect((await assign(ctx.clinic.psychiatrist.token, ctx.clinic.psychiatrist.id)).status).toBe(409);
    expect((await read(ctx, ctx.clinic.gp, r.id)).body.assignee).toBeNull();
  });

  it('suggests who has room first, then sub-specialty and language, then the lighter load', async () => {
    const ctx = await newCtx();
    await ctx.api.setProfile(ctx.clinic.psychiatrist.id, { weeklyCapacity: 10, subSpecialties: ['old-age'], languages: ['en'] });
    await ctx.api.setProfile(ctx.clinic.psychiatrist2.id, { weeklyCapacity: 10, subSpecialties: ['perinatal'], languages: ['en', 'tr'] });
    const r = await submittedRequest(ctx, { subSpecialty: 'perinatal', patientLanguage: 'tr' });
    const res = await ctx.api.call('GET', `/api/requests/${r.id}/assignment-suggestions`, { token: ctx.clinic.psychiatrist.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: Json) => s.userId)).toEqual([ctx.clinic.psychiatrist2.id, ctx.clinic.psychiatrist.id]);
    expect(res.body.items[0]).toMatchObject({ matchesSubSpecialty: true, speaksLanguage: true, overCapacity: false });

    await ctx.api.setProfile(ctx.clinic.psychiatrist2.id, { weeklyCapacity: 0, subSpecialties: ['perinatal'], languages: ['tr'] });
    const full = await ctx.api.call('GET', `/api/requests/${r.id}/assignment-suggestions`, { token: ctx.clinic.psychiatrist.token });
    expect(full.body.items.map((s: Json) => s.userId)).toEqual([ctx.clinic.psychiatrist.id, ctx.clinic.psychiatrist2.id]);
    expect(full.body.items[1].overCapacity).toBe(true);
    expect((await ctx.api.call('GET', `/api/requests/${r.id}/assignment-suggestions`, { token: ctx.clinic.gp.token })).status).toBe(403);
  });
});
