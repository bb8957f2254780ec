/**
 * The triage lists and the lists keep the requests they read by stamp (src/store/request-pages.ts,
 * HeldRequests): a queue or a list polled again reads no request whole, and never shows what a
 * request, its service or a person it names was before. A second instance of the app on the same database shows it: changes
 * are made through the test harness's app, the queue is read through the second one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import type { ListedRequest } from '../../src/services/queries.js';
import { createStore } from '../../src/store/index.js';
import { HeldRequests } from '../../src/store/request-pages.js';
import { adminWorld, changeAs } from './admin.fixtures.js';
import { TestClock } from '../harness/api.js';
import { TEST_SIGNING_KEY, type Person } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { captureLog } from '../harness/log-capture.js';
import { act, submittedRequest, type Json } from './helpers.js';

/** A second instance of Liaison on the test database, and the ids each of its queue pages read whole. */
async function secondInstance(clock: TestClock) {
  const store = createStore(await testDatabase());
  const app = createApp({
    config: { publicUrl: undefined, signingKey: TEST_SIGNING_KEY, tokenTtlMinutes: 60, maxBodyBytes: 64 * 1024, rateLimitPerMinute: 0, callerCacheSeconds: 0 },
    storeFor: () => store,
    clock,
    log: captureLog,
  });
  const kept = vi.spyOn(HeldRequests.prototype, 'keep');
  const get = async (who: Person, path: string): Promise<{ items: { waitingMs: number | null; request: Json }[]; text: string }> => {
    kept.mockClear();
    const res = await app.request(`http://liaison.test${path}`, { headers: { Authorization: `Bearer ${who.token}` } });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    return { ...(JSON.parse(text) as { items: { waitingMs: number | null; request: Json }[] }), text };
  };
  return { get, readWhole: () => kept.mock.calls.map(([, , request]) => request.id).sort(), kept };
}

const MONDAY = '2026-03-02T08:00:00.000Z';

describe('requests kept for the triage lists', () => {
  let reset = () => {};
  afterEach(() => {
    vi.restoreAllMocks();
    reset();
  });

  it('a queue polled again reads only the request that changed, and shows the change', async () => {
    const w = await adminWorld();
    const ctx = { api: w.api, clinic: w.clinic };
    reset = () => w.api.clock.reset();
    w.api.clock.set(MONDAY);
    const created = [await submittedRequest(ctx), await submittedRequest(ctx), await submittedRequest(ctx)];
    const second = await secondInstance(w.api.clock);
    const queue = `/api/services/${w.clinic.serviceId}/queue`;
    const { psychiatrist } = w.clinic;

    const first = await second.get(psychiatrist, queue);
    expect(second.readWhole()).toEqual(created.map((r) => r.id as string).sort());
    const again = await second.get(psychiatrist, queue);
    expect(second.readWhole()).toEqual([]);
    expect(again.text).toBe(first.text);

    // Claimed through the other instance: the request's version moves, its assignee's name shows.
    const claimed = created[1]!;
    const claim = await w.as(psychiatrist, 'POST', `/api/requests/${claimed.id}/assign`, { assigneeId: psychiatrist.id });
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    const after = await second.get(psychiatrist, queue);
    expect(second.readWhole()).toEqual([claimed.id]);
    const shown = after.items.find((e) => e.request.id === claimed.id)!.request;
    expect(shown.assignee).toEqual({ id: psychiatrist.id, name: claim.body.request.assignee.name });
    expect(shown.version).toBe(claim.body.request.version);
    for (const entry of after.items.filter((e) => e.request.id !== claimed.id)) expect(entry).toEqual(first.items.find((e) => e.request.id === entry.request.id));

    // A move that takes it off the queue takes it off the next page read.
    expect((await act(ctx, psychiatrist, created[0]!.id as string, 'accept')).status).toBe(200);
    const fewer = await second.get(psychiatrist, queue);
    expect(fewer.items.map((e) => e.request.id).sort()).toEqual([created[1]!.id, created[2]!.id].sort());
    expect(second.readWhole()).toEqual([]);
  });

  it('the service renamed, or the assignee, shows at the next poll', async () => {
    const w = await adminWorld();
    const ctx = { api: w.api, clinic: w.clinic };
    const request = await submittedRequest(ctx);
    const { psychiatrist, psychiatrist2 } = w.clinic;
    expect((await w.as(psychiatrist, 'POST', `/api/requests/${request.id}/assign`, { assigneeId: psychiatrist2.id })).status).toBe(200);
    const second = await secondInstance(w.api.clock);
    const queue = `/api/services/${w.clinic.serviceId}/queue`;
    await second.get(psychiatrist, queue);
    await second.get(psychiatrist, queue);
    expect(second.readWhole()).toEqual([]);

    const renamed = await changeAs(w, w.providerAdmin, `/api/admin/services/${w.clinic.serviceId}`, { name: 'Perinatal liaison (renamed)' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const afterService = await second.get(psychiatrist, queue);
    expect(second.readWhole()).toEqual([request.id]);
    expect(afterService.items[0]!.request.service.name).toBe('Perinatal liaison (renamed)');

    const assigneeRenamed = await changeAs(w, w.providerAdmin, `/api/admin/users/${psychiatrist2.id}`, { name: 'Dr Renamed Colleague' });
    expect(assigneeRenamed.status, JSON.stringify(assigneeRenamed.body)).toBe(200);
    const afterAssignee = await second.get(psychiatrist, queue);
    expect(second.readWhole()).toEqual([request.id]);
    expect(afterAssignee.items[0]!.request.assignee.name).toBe('Dr Renamed Colleague');
    expect(afterAssignee.items[0]!.request.service.name).toBe('Perinatal liaison (renamed)');
  });

  it("a GP's list reloaded reads only the request that changed, and shows the change", async () => {
    const w = await adminWorld();
    const ctx = { api: w.api, clinic: w.clinic };
    reset = () => w.api.clock.reset();
    w.api.clock.set(MONDAY);
    const created = [await submittedRequest(ctx), await submittedRequest(ctx)];
    const second = await secondInstance(w.api.clock);
    const list = '/api/requests?limit=20';
    const { gp, psychiatrist } = w.clinic;

    const first = await second.get(gp, list);
    expect(second.readWhole()).toEqual(created.map((r) => r.id as string).sort());
    const again = await second.get(gp, list);
    expect(second.readWhole()).toEqual([]);
    expect(again.text).toBe(first.text);

    expect((await act(ctx, psychiatrist, created[0]!.id as string, 'accept')).status).toBe(200);
    const after = await second.get(gp, list);
    expect(second.readWhole()).toEqual([created[0]!.id]);
    expect((after as unknown as { items: Json[] }).items.find((r) => r.id === created[0]!.id)!.status).toBe('accepted');
  });

  it('what is kept is shared, frozen, and the time-dependent parts are computed at each call', async () => {
    const w = await adminWorld();
    const ctx = { api: w.api, clinic: w.clinic };
    reset = () => w.api.clock.reset();
    w.api.clock.set(MONDAY);
    const request = await submittedRequest(ctx);
    const second = await secondInstance(w.api.clock);
    const { psychiatrist, psychiatrist2 } = w.clinic;
    await second.get(psychiatrist, `/api/services/${w.clinic.serviceId}/queue`);
    const held = second.kept.mock.results[0]!.value as ListedRequest;
    expect(Object.isFrozen(held) && Object.isFrozen(held.patient) && Object.isFrozen(held.identifiers)).toBe(true);

    w.api.clock.set('2026-03-02T10:00:00.000Z');
    const later = await second.get(psychiatrist2, `/api/services/${w.clinic.serviceId}/queue`);
    expect(second.readWhole()).toEqual([]);
    expect(later.items[0]!.request.id).toBe(request.id);
    expect(later.items[0]!.waitingMs).toBe(2 * 3600 * 1000);
  });
});
