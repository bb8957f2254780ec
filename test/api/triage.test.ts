/**
 * Triage: the queue a psychiatrist works (risk, then priority, then time left, overdue first,
 * a paused clock counted with the time it had left), claiming and assigning with capacity
 * warnings, and suggestions of who could take a request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Ctx, type Json, act, fieldsOf, move, newCtx, read, submittedRequest } from './helpers.js';

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

  it("shows each request as its single view shows it to the psychiatrist, poll after poll (the fixed parts of a kept request's JSON written once)", async () => {
    ctx = await newCtx();
    ctx.api.clock.set(MONDAY);
    const made = [await submittedRequest(ctx), await submittedRequest(ctx, { priority: 'urgent' })];
    await move(ctx, ctx.clinic.psychiatrist, made[0]!.id, 'request-information', { question: 'Which medication was tried?' });
    for (const minutes of [0, 5, 65, 70]) {
      ctx.api.clock.set(new Date(Date.parse(MONDAY) + minutes * 60_000).toISOString());
      // Between two polls one request is claimed: the next poll shows it claimed.
      if (minutes === 70) expect((await ctx.api.call('POST', `/api/requests/${made[1]!.id}/assign`, { token: ctx.clinic.psychiatrist.token, body: { assigneeId: ctx.clinic.psychiatrist.id } })).status).toBe(200);
      const res = await queue(ctx);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.body.items).toHaveLength(2);
      if (minutes === 70) expect(res.body.items.find((e: { request: Json }) => e.request.id === made[1]!.id).request.assignee).toMatchObject({ id: ctx.clinic.psychiatrist.id });
      for (const { request, waitingMs } of res.body.items as { request: Json; waitingMs: number }[]) {
        const single = (await read(ctx, ctx.clinic.psychiatrist, request.id)).body;
        const { timeline: _, ...asListed } = single;
        expect(request).toEqual(asListed);
        expect(Object.keys(request)).toEqual(Object.keys(asListed));
        expect(waitingMs).toBe(minutes * 60_000);
      }
    }
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

describe('paging the queue and the caseload', () => {
  let ctx: Ctx;
  afterEach(() => ctx?.api.clock.reset());

  /** Follows `next` links from `first` to the end; returns every page's ids. */
  async function walk(who: { token: string }, first: string): Promise<string[][]> {
    const pages: string[][] = [];
    for (let url: string | null = first; url; ) {
      const res: { status: number; body: any } = await ctx.api.call('GET', url, { token: who.token });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      pages.push(ids(res));
      expect(res.body.next === null).toBe(res.body.nextCursor === null);
      url = res.body.next;
      // Later pages are read as time goes by.
      ctx.api.clock.set(new Date(ctx.api.clock.now().getTime() + 4 * 86_400_000));
    }
    return pages;
  }

  it('walks the queue page by page in the order of its first page, though time left changes as the clock moves', async () => {
    ctx = await newCtx();
    ctx.api.clock.set(MONDAY);
    const paused = await submittedRequest(ctx); // routine: its clock stops with more than 11 days left
    await move(ctx, ctx.clinic.psychiatrist, paused.id, 'request-information');
    ctx.api.clock.set('2026-03-10T08:00:00.000Z');
    const atRisk = await submittedRequest(ctx, { scores: { phq9Total: 18, phq9Item9: 1 } });
    const stat = await submittedRequest(ctx, { priority: 'stat' });
    const urgent = await submittedRequest(ctx, { priority: 'urgent' });
    const routine: Json[] = []; // due 23 March, in the order they came in
    for (const minute of ['01', '02', '03']) {
      ctx.api.clock.set(`2026-03-10T08:${minute}:00.000Z`);
      routine.push(await submittedRequest(ctx));
    }
    const order = [atRisk.id, stat.id, urgent.id, paused.id, ...routine.map((r) => r.id)];
    expect(ids(await ctx.api.call('GET', `/api/services/${ctx.clinic.serviceId}/queue`, { token: ctx.clinic.psychiatrist.token }))).toEqual(order);

    const pages = await walk(ctx.clinic.psychiatrist, `/api/services/${ctx.clinic.serviceId}/queue?limit=2`);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat()).toEqual(order);
    // A new walk, weeks later, starts from the order of its own moment: the paused one now has the most time left.
    ctx.api.clock.set('2026-03-20T08:00:00.000Z');
    const later = await ctx.api.call('GET', `/api/services/${ctx.clinic.serviceId}/queue?limit=100`, { token: ctx.clinic.psychiatrist.token });
    expect(ids(later)).toEqual([atRisk.id, stat.id, urgent.id, ...routine.map((r) => r.id), paused.id]);
    expect(later.body.next).toBeNull();
  });

  it('links onward with an opaque cursor only, refuses a cursor it did not issue and a page above 100, and rechecks access on every page', async () => {
    ctx = await newCtx();
    for (let i = 0; i < 3; i++) await submittedRequest(ctx);
    const path = `/api/services/${ctx.clinic.serviceId}/queue`;
    const first = await ctx.api.call('GET', `${path}?limit=2`, { token: ctx.clinic.psychiatrist.token });
    expect(first.body.items).toHaveLength(2);
    const next = new URL(first.body.next, 'http://x');
    expect(next.pathname).toBe(path);
    expect([...next.searchParams.keys()].sort()).toEqual(['cursor', 'limit']);
    expect(next.searchParams.get('cursor')).toBe(first.body.nextCursor);
    // Sealed: the cursor does not carry the last request's id in any readable form.
    expect(Buffer.from(first.body.nextCursor, 'base64url').toString('latin1')).not.toContain(first.body.items[1].request.id);

    expect((await ctx.api.call('GET', first.body.next, { token: ctx.clinic.gp.token })).status).toBe(404);
    expect(fieldsOf(await ctx.api.call('GET', `${path}?cursor=not-one-of-ours`, { token: ctx.clinic.psychiatrist.token }))).toEqual(['cursor']);
    const tampered = first.body.nextCursor.slice(0, -2) + (first.body.nextCursor.endsWith('AA') ? 'BB' : 'AA');
    expect((await ctx.api.call('GET', `${path}?cursor=${tampered}`, { token: ctx.clinic.psychiatrist.token })).status).toBe(400);
    expect(fieldsOf(await ctx.api.call('GET', `${path}?limit=101`, { token: ctx.clinic.psychiatrist.token }))).toEqual(['limit']);
    expect(fieldsOf(await ctx.api.call('GET', '/api/me/cases?limit=0', { token: ctx.clinic.psychiatrist.token }))).toEqual(['limit']);
  });

  it("walks a psychiatrist's own cases page by page", async () => {
    ctx = await newCtx();
    ctx.api.clock.set(MONDAY);
    const mine: string[] = [];
    for (const priority of ['routine', 'stat', 'urgent', 'routine', 'asap']) {
      const r = await submittedRequest(ctx, { priority });
      const claim = await ctx.api.call('POST', `/api/requests/${r.id}/assign`, { token: ctx.clinic.psychiatrist.token, body: { assigneeId: ctx.clinic.psychiatrist.id } });
      expect(claim.status).toBe(200);
      mine.push(r.id);
    }
    await submittedRequest(ctx); // not theirs
    const all = await ctx.api.call('GET', '/api/me/cases', { token: ctx.clinic.psychiatrist.token });
    expect(ids(all)).toHaveLength(5);
    expect(new Set(ids(all))).toEqual(new Set(mine));
    const pages = await walk(ctx.clinic.psychiatrist, '/api/me/cases?limit=2');
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(ids(all));
  });
});
