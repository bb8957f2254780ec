/**
 * Search pages kept while nothing changes (store/kept-until-change.ts, store/request-changes.ts),
 * on PostgreSQL as a Node instance runs by default: a page polled again is served from what was
 * kept, and stays as it was while nothing is announced; a change through the instance is in its
 * very next search; one announced by another instance, or a person or service changed by SQL from
 * outside, within moments; and while the instance cannot hear changes it keeps nothing.
 */
import postgres from 'postgres';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { KeptUntilChange } from '../../src/store/kept-until-change.js';
import { openNodeDatabase, type OpenedDatabase } from '../../src/store/open-node.js';
import { REQUESTS_CHANGED, type RequestChanges } from '../../src/store/request-changes.js';
import { testApi } from '../harness/api.js';
import { backend, testDatabase } from '../harness/database.js';
import { within } from '../harness/within.js';
import { createRequest, newCtx, submittedRequest } from './helpers.js';

const url = process.env.TEST_DATABASE_URL;

/** Changes counted by hand: nothing moves the count but the test (and the store's commits). */
function countedByHand(): RequestChanges & { move(): void; commits: number } {
  let count = 0;
  const changes = {
    commits: 0,
    current: () => count,
    committed: () => {
      changes.commits++;
      count++;
    },
    move: () => {
      count++;
    },
  };
  return changes;
}

describe.skipIf(backend !== 'postgres' || !url)('search pages kept while nothing changes', () => {
  const outside = postgres(url ?? 'postgres://invalid', { max: 1, onnotice: () => {} });
  const opened: OpenedDatabase[] = [];
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await outside.end();
    for (const o of opened) await o.close();
  });

  it('keeps a page as it was until a change is counted, and counts each committed transaction once', async () => {
    const ctx = await newCtx();
    const r = await submittedRequest(ctx);
    const changes = countedByHand();
    const store = createStore(await testDatabase(), undefined, { changes, most: 10 });
    const scope = { organisationId: ctx.clinic.practiceId, serviceIds: [] };
    const priorities = async () => (await store.replica.requests.list(scope, {}, null, 10)).map((found) => found.priority);
    expect(await priorities()).toEqual(['routine']);
    // Changed by SQL, announced to nobody: the kept page (and the request kept at its stamp) stays.
    await outside`update consultation_requests set priority = 'urgent', version = version + 1 where id = ${r.id}`;
    expect(await priorities()).toEqual(['routine']);
    changes.move();
    expect(await priorities()).toEqual(['urgent']);

    await store.transaction(async () => {});
    expect(changes.commits).toBe(1);
    // The primary's list (reads right after a write) is never kept.
    await outside`update consultation_requests set priority = 'asap', version = version + 1 where id = ${r.id}`;
    expect((await store.requests.list(scope, {}, null, 10)).map((found) => found.priority)).toEqual(['asap']);
  });

  it('a GP list polled again comes from the kept page, and the instance\'s own create and cancel are in the very next one', async () => {
    const ctx = await newCtx();
    const first = await createRequest(ctx, ctx.clinic.gp);
    const statuses = async () => Object.fromEntries(((await ctx.api.call('GET', '/api/requests', { token: ctx.clinic.gp.token })).body.items as { id: string; status: string }[]).map((i) => [i.id, i.status]));
    const at = vi.spyOn(KeptUntilChange.prototype, 'at');
    // Other test files write to the same database meanwhile, and each of their commits is heard: poll until one hits.
    expect(await within(5000, async () => (await statuses(), at.mock.results.some((r) => r.value !== undefined)))).toBe(true);
    expect(await statuses()).toEqual({ [first.id]: 'draft' });

    const second = await submittedRequest(ctx);
    expect(await statuses()).toEqual({ [first.id]: 'draft', [second.id]: 'submitted' });
    await ctx.api.call('POST', `/api/requests/${second.id}/cancel`, { token: ctx.clinic.gp.token, body: { reason: 'Entered twice' } });
    expect(await statuses()).toEqual({ [first.id]: 'draft', [second.id]: 'cancelled' });
  });

  it('hears a change another instance announces, and a service renamed by SQL from outside', async () => {
    const api = await testApi();
    const ctx = { api, clinic: await api.clinic() };
    const r = await submittedRequest(ctx);
    const item = async () => ((await api.call('GET', '/api/requests', { token: ctx.clinic.gp.token })).body.items as { id: string; priority: string; service: { name: string } }[]).find((i) => i.id === r.id)!;
    expect((await item()).priority).toBe('routine');

    // Another instance changes the request and announces it once committed.
    const other = await openNodeDatabase({ databaseUrl: url!, kept: 10 });
    opened.push(other);
    await outside`update consultation_requests set priority = 'urgent', version = version + 1 where id = ${r.id}`;
    other.kept!.changes.committed();
    expect(await within(2000, async () => (await item()).priority === 'urgent')).toBe(true);

    // A service renamed by SQL: PostgreSQL announces it (the trigger of migration 0024).
    const heard: string[] = [];
    await outside.listen(REQUESTS_CHANGED, (payload) => heard.push(payload));
    const renamed = `Renamed ${crypto.randomUUID().slice(0, 8)}`;
    await outside`update consulting_services set name = ${renamed}, version = version + 1 where id = ${ctx.clinic.serviceId}`;
    expect(await within(2000, () => heard.length > 0)).toBe(true);
    expect(await within(2000, async () => (await item()).service.name === renamed)).toBe(true);
  });

  it('keeps nothing while its listening connection is lost, and listens again', async () => {
    const name = `search-pages-${crypto.randomUUID().slice(0, 8)}`;
    const withName = new URL(url!);
    withName.searchParams.set('application_name', name);
    const database = await openNodeDatabase({ databaseUrl: withName.toString(), kept: 20 });
    opened.push(database);
    const { changes } = database.kept!;
    expect(changes.current()).not.toBeNull();
    const store = createStore(database.db, undefined, database.kept);
    const ctx = await newCtx();
    const r = await submittedRequest(ctx);
    const scope = { organisationId: ctx.clinic.practiceId, serviceIds: [] };
    const states = async () => (await store.replica.requests.list(scope, {}, null, 10)).map((found) => found.state);
    expect(await states()).toEqual(['submitted']);

    // PostgreSQL ends the instance's listening connection (the one that asks whether it listens).
    const ended = await outside`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${name} and query like '%pg_listening_channels%'`;
    expect(ended).toHaveLength(1);
    expect(await within(2000, () => changes.current() === null)).toBe(true);
    // Two searches while it cannot hear, with a change between them that nobody announces: the second sees it.
    expect(await states()).toEqual(['submitted']);
    await outside`update consultation_requests set state = 'cancelled', version = version + 1 where id = ${r.id}`;
    expect(changes.current()).toBeNull();
    expect(await states()).toEqual(['cancelled']);

    // Listening again: pages are kept once more, and a change committed here ends them.
    expect(await within(5000, () => changes.current() !== null)).toBe(true);
    expect(await states()).toEqual(['cancelled']);
    await outside`update consultation_requests set state = 'submitted', version = version + 1 where id = ${r.id}`;
    changes.committed();
    expect(await states()).toEqual(['submitted']);
  });
});
