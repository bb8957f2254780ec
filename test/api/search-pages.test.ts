/**
 * Search pages kept while nothing changes (store/search-pages.ts, store/request-changes.ts), on
 * PostgreSQL as a Node instance runs by default: a page polled again is served from what was
 * kept; a change through the instance is seen by the very next search; a change from anywhere
 * else (another instance, a tool writing SQL) is heard through PostgreSQL's notices and seen
 * within moments; and while the instance cannot hear changes it keeps nothing.
 */
import postgres from 'postgres';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { openNodeDatabase, type OpenedDatabase } from '../../src/store/open-node.js';
import { SearchPages } from '../../src/store/search-pages.js';
import { testApi } from '../harness/api.js';
import { backend, testDatabase, testSearchPages } from '../harness/database.js';
import { createRequest, listIds, newCtx, submittedRequest } from './helpers.js';
import { within } from '../harness/within.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(backend !== 'postgres' || !url)('search pages kept while nothing changes', () => {
  const outside = postgres(url ?? 'postgres://invalid', { max: 1, onnotice: () => {} });
  const opened: OpenedDatabase[] = [];
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await outside.end();
    for (const o of opened) await o.close();
  });

  it('a GP list polled again comes from the kept page, and the instance\'s own create is in the very next one', async () => {
    const ctx = await newCtx();
    const first = await createRequest(ctx, ctx.clinic.gp);
    const at = vi.spyOn(SearchPages.prototype, 'at');
    expect(await listIds(ctx, ctx.clinic.gp)).toEqual([first.id]);
    expect(await listIds(ctx, ctx.clinic.gp)).toEqual([first.id]);
    // The second poll found the page kept (each call to `at` that answered).
    expect(at.mock.results.filter((r) => r.value !== undefined).length).toBeGreaterThanOrEqual(1);

    const second = await submittedRequest(ctx);
    expect(await listIds(ctx, ctx.clinic.gp)).toEqual([second.id, first.id]);
    await ctx.api.call('POST', `/api/requests/${second.id}/cancel`, { token: ctx.clinic.gp.token, body: { reason: 'Entered twice' } });
    const list = await ctx.api.call('GET', '/api/requests?status=submitted', { token: ctx.clinic.gp.token });
    expect(list.body.items).toEqual([]);
  });

  it('a committed transaction moves the count at once, before PostgreSQL\'s notice arrives', async () => {
    const pages = (await testSearchPages())!;
    const store = createStore(await testDatabase(), undefined, pages);
    const before = pages.changes.current();
    expect(before).not.toBeNull();
    await store.transaction(async () => {});
    // Synchronously after the commit: no notice could have been handled in between.
    expect(pages.changes.current()).not.toBe(before);
  });

  it('a service renamed by SQL from outside the instance shows in its next searches within moments', async () => {
    const api = await testApi();
    const ctx = { api, clinic: await api.clinic() };
    const r = await submittedRequest(ctx);
    const serviceNames = async () => ((await api.call('GET', '/api/requests', { token: ctx.clinic.gp.token })).body.items as { id: string; service: { name: string } }[]).filter((i) => i.id === r.id).map((i) => i.service.name);
    const named = (await serviceNames())[0];
    expect(named).toBeTruthy();
    expect(await serviceNames()).toEqual([named]);
    await outside`update consulting_services set name = 'Renamed elsewhere', version = version + 1 where id = ${ctx.clinic.serviceId}`;
    expect(await within(2000, async () => (await serviceNames())[0] === 'Renamed elsewhere')).toBe(true);

    await outside`update consultation_requests set priority = 'urgent', version = version + 1 where id = ${r.id}`;
    const priority = async () => (await api.call('GET', '/api/requests', { token: ctx.clinic.gp.token })).body.items.find((i: { id: string }) => i.id === r.id)?.priority;
    expect(await within(2000, async () => (await priority()) === 'urgent')).toBe(true);
  });

  it('keeps nothing while its listening connection is lost, and listens again', async () => {
    const name = `search-pages-${crypto.randomUUID().slice(0, 8)}`;
    const withName = new URL(url!);
    withName.searchParams.set('application_name', name);
    const database = await openNodeDatabase({ databaseUrl: withName.toString(), searchPages: 20 });
    opened.push(database);
    const pages = database.searchPages!;
    expect(pages.changes.current()).not.toBeNull();
    const store = createStore(database.db, undefined, pages);
    const ctx = await newCtx();
    const r = await submittedRequest(ctx);
    const scope = { organisationId: ctx.clinic.practiceId, serviceIds: [] };
    const states = async () => (await store.replica.requests.list(scope, {}, null, 10)).map((found) => found.state);
    expect(await states()).toEqual(['submitted']);

    // Every connection of this instance is ended by PostgreSQL, its listening one too.
    await outside`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${name}`;
    expect(await within(2000, () => pages.changes.current() === null)).toBe(true);
    await outside`update consultation_requests set state = 'cancelled', version = version + 1 where id = ${r.id}`;
    // Not heard (nobody was listening), but nothing was kept either.
    expect(await states()).toEqual(['cancelled']);
    expect(await within(5000, () => pages.changes.current() !== null)).toBe(true);

    // Listening again: a change is heard.
    expect(await states()).toEqual(['cancelled']);
    await outside`update consultation_requests set state = 'submitted', version = version + 1 where id = ${r.id}`;
    expect(await within(2000, async () => (await states())[0] === 'submitted')).toBe(true);
  });
});
