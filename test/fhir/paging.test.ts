/**
 * Paging beyond search: a request's history (ServiceRequest and Task) and the messages on a
 * request (Communication) come a page at a time under `_count` (capped), linked onward by sealed
 * `_page` tokens that name nothing and serve only the caller they were made for.
 */
import { describe, expect, it } from 'vitest';
import type { Person } from '../harness/clinic.js';
import { BASE, createRequest, expectOutcome, fhir, get, linkOf, newCtx, type Ctx, type Json } from './helpers.js';

/** Follows `next` links from `first`; returns each page's bundle. */
async function walk(ctx: Ctx, who: Person, first: string): Promise<Json[]> {
  const pages: Json[] = [];
  for (let path: string | undefined = first; path; ) {
    const page = await get(ctx, who, path);
    pages.push(page);
    const next = linkOf(page, 'next');
    if (next) expect(next).toMatch(new RegExp(`^${BASE}/[A-Za-z]+(/[0-9a-f-]{36}/_history)?\\?_page=[\\w-]+$`));
    path = next?.slice(BASE.length);
  }
  return pages;
}
const versionsOf = (pages: Json[]) => pages.map((p) => ((p.entry ?? []) as Json[]).map((e) => Number(e.resource.meta.versionId)));

/**
 * A request drafted and corrected three times (ServiceRequest versions 1–4), submitted (5), asked
 * about and answered (the ServiceRequest unchanged; Task versions 2, 3 and 4 after the draft's 1).
 */
async function requestWithHistory(ctx: Ctx): Promise<string> {
  const { gp, psychiatrist } = ctx.clinic;
  const draft = await createRequest(ctx, { status: 'draft' });
  for (let i = 1; i <= 3; i++) {
    const res = await ctx.api.call('PATCH', `/api/requests/${draft.id}`, { token: gp.token, body: { clinicalQuestion: `DRAFTED-${i}: is this depression?` } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  for (const [who, action, body] of [
    [gp, 'submit', {}],
    [psychiatrist, 'request-information', { question: 'Which medication so far?' }],
    [gp, 'provide-information', { answer: 'Citalopram.' }],
  ] as const) {
    const res = await ctx.api.call('POST', `/api/requests/${draft.id}/${action}`, { token: who.token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return draft.id as string;
}

describe('_history in pages', () => {
  it('pages a request’s history newest first; the consulting side’s pages never reach the drafts', async () => {
    const ctx = await newCtx();
    const id = await requestWithHistory(ctx);
    const all = await get(ctx, ctx.clinic.gp, `/ServiceRequest/${id}/_history`);
    expect(versionsOf([all])).toEqual([[5, 4, 3, 2, 1]]);
    expect(all.total).toBe(5);

    const practice = await walk(ctx, ctx.clinic.gp, `/ServiceRequest/${id}/_history?_count=2`);
    expect(versionsOf(practice)).toEqual([[5, 4], [3, 2], [1]]);
    expect(practice.every((p) => p.type === 'history' && p.total === 5)).toBe(true);

    const consulting = await walk(ctx, ctx.clinic.psychiatrist, `/Task/${id}/_history?_count=2`);
    expect(versionsOf(consulting)).toEqual([[4, 3], [2]]);
    expect(consulting[0]!.entry[0].resource.resourceType).toBe('Task');
    expect(consulting.every((p) => p.total === 3)).toBe(true);
    expect(JSON.stringify(consulting)).not.toContain('DRAFTED-');
  });

  it('a _page token works only for the history it came from and only for the caller it was made for', async () => {
    const ctx = await newCtx();
    const id = await requestWithHistory(ctx);
    const other = (await createRequest(ctx)).id as string;
    const first = await get(ctx, ctx.clinic.gp, `/ServiceRequest/${id}/_history?_count=2`);
    const next = linkOf(first, 'next')!;
    expect(next).not.toContain('_count');
    const token = new URL(next).searchParams.get('_page')!;
    expectOutcome(await fhir(ctx, ctx.clinic.gp, 'GET', `/ServiceRequest/${other}/_history?_page=${token}`), 400);
    expectOutcome(await fhir(ctx, ctx.clinic.gp, 'GET', `/Task/${id}/_history?_page=${token}`), 400);
    expectOutcome(await fhir(ctx, ctx.clinic.gp, 'GET', `/ServiceRequest/${id}/_history?_page=forged`), 400);
    // Bound to the caller: someone else following the link is refused like a forged token.
    expectOutcome(await fhir(ctx, ctx.clinic.otherGp, 'GET', next.slice(BASE.length)), 400);
    expectOutcome(await fhir(ctx, ctx.clinic.gp, 'GET', `/ServiceRequest/${id}/_history?_count=many`), 400);
    // The server's cap applies: more than 100 is 100.
    expect(versionsOf([await get(ctx, ctx.clinic.gp, `/ServiceRequest/${id}/_history?_count=1000`)])).toEqual([[5, 4, 3, 2, 1]]);
  });
});

describe('Communication search in pages', () => {
  it('walks a long thread oldest first behind sealed links that never name the request', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const sr = (await createRequest(ctx)).id as string;
    expect((await ctx.api.call('POST', `/api/requests/${sr}/accept`, { token: psychiatrist.token, body: { agreedForm: 'joint-video' } })).status).toBe(200);
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) {
      texts.push(`Note ${i}`);
      expect((await ctx.api.call('POST', `/api/requests/${sr}/messages`, { token: i % 2 ? gp.token : psychiatrist.token, body: { text: `Note ${i}` } })).status).toBe(201);
    }
    const pages = await walk(ctx, gp, `/Communication?based-on=ServiceRequest/${sr}&_count=2`);
    const contents = pages.map((p) => ((p.entry ?? []) as Json[]).filter((e) => e.search.mode === 'match').map((e) => e.resource.payload[0].contentString));
    expect(contents).toEqual([texts.slice(0, 2), texts.slice(2, 4), texts.slice(4)]);
    const next = linkOf(pages[0]!, 'next')!;
    expect(next).not.toContain(sr);
    // A later page's self link is sealed too (never a GET on _search).
    expect(linkOf(pages[1]!, 'self')).toMatch(new RegExp(`^${BASE}/Communication\\?_page=`));
    // Someone else follows the link: refused like a forged token.
    expectOutcome(await fhir(ctx, ctx.clinic.otherGp, 'GET', next.slice(BASE.length)), 400);
    expectOutcome(await fhir(ctx, gp, 'GET', `/Communication?based-on=ServiceRequest/${sr}&_page=forged`), 400);
    const history = linkOf(await get(ctx, gp, `/ServiceRequest/${sr}/_history?_count=1`), 'next')!;
    expectOutcome(await fhir(ctx, gp, 'GET', `/Communication?_page=${new URL(history).searchParams.get('_page')}`), 400);
  });
});

describe('HealthcareService search in pages', () => {
  it('pages through every consulting service in id order, each once, behind sealed links', async () => {
    const ctx = await newCtx();
    const { ehr, serviceId } = ctx.clinic;
    const all = ((await get(ctx, ehr, '/HealthcareService?_summary=count')).total ?? 0) as number;
    // Ten pages or so, however many services the test files before this one made in the shared database.
    const count = Math.max(2, Math.ceil(all / 10));
    const pages = await walk(ctx, ehr, `/HealthcareService?specialty=http://snomed.info/sct|394587001&_count=${count}`);
    const ids = pages.flatMap((p) => ((p.entry ?? []) as Json[]).map((e) => e.resource.id as string));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.every((p) => ((p.entry ?? []) as Json[]).length <= count)).toBe(true);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toContain(serviceId);
    if (all) expect(ids.length).toBe(all);
    // A page token serves only the caller it was made for.
    const next = linkOf(pages[0]!, 'next')!;
    expectOutcome(await fhir(ctx, ctx.clinic.gp, 'GET', next.slice(BASE.length)), 400);
  });
});
