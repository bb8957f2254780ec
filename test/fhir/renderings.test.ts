/**
 * Searches keep their renderings by stamp (src/fhir/renderings.ts): a search an EHR repeats reads
 * again only the requests that changed, and never answers with what a request or a name it carries
 * was before. A second instance of the app on the same database shows it: changes are made through
 * the test harness's app, searches through the second one, whose store reports what it read whole.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { StampedRequest } from '../../src/services/queries.js';
import { createStore } from '../../src/store/index.js';
import { adminWorld, changeAs } from '../api/admin.fixtures.js';
import { TestClock } from '../harness/api.js';
import { TEST_SIGNING_KEY, type Person } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { captureLog } from '../harness/log-capture.js';
import { BASE, createRequest, expectValidFhir, put, type Ctx, type Json } from './helpers.js';

/** A second instance of Liaison on the test database, and the ids each of its searches read whole. */
async function secondInstance() {
  const store = createStore(await testDatabase());
  const readWhole: string[][] = [];
  const requests = store.replica.requests;
  const listReusing = requests.listReusing.bind(requests);
  requests.listReusing = async (...args: Parameters<typeof listReusing>) => {
    const page = await listReusing(...args);
    readWhole.push(page.entries.filter((e: StampedRequest) => e.request !== null).map((e) => e.id));
    return page;
  };
  const app = createApp({
    config: { publicUrl: undefined, signingKey: TEST_SIGNING_KEY, tokenTtlMinutes: 60, maxBodyBytes: 64 * 1024, rateLimitPerMinute: 0, callerCacheSeconds: 0 },
    storeFor: () => store,
    clock: new TestClock(),
    log: captureLog,
  });
  const search = async (who: Person, query: string): Promise<{ bundle: Json; text: string }> => {
    const res = await app.request(`${BASE}/${query}`, { headers: { Authorization: `Bearer ${who.token}`, Accept: 'application/fhir+json' } });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const bundle = JSON.parse(text) as Json;
    expectValidFhir(bundle);
    return { bundle, text };
  };
  return { search, lastReadWhole: () => readWhole.at(-1) ?? [] };
}

const resources = (bundle: Json): Json[] => ((bundle.entry ?? []) as Json[]).map((e) => e.resource as Json);
const withoutTimestamp = (text: string) => text.replace(/"timestamp":"[^"]+"/, '');

describe('renderings kept for searches', () => {
  it('a repeated search reads only the request that changed, and shows its change', async () => {
    const w = await adminWorld();
    const ctx: Ctx = { api: w.api, clinic: w.clinic };
    const created = [await createRequest(ctx), await createRequest(ctx), await createRequest(ctx)];
    const second = await secondInstance();
    const query = 'ServiceRequest?_count=10';

    const first = await second.search(ctx.clinic.ehr, query);
    expect(second.lastReadWhole().sort()).toEqual(created.map((r) => r.id).sort());
    const again = await second.search(ctx.clinic.ehr, query);
    expect(second.lastReadWhole()).toEqual([]);
    expect(withoutTimestamp(again.text)).toBe(withoutTimestamp(first.text));

    const changed = created[1]!;
    expect((await put(ctx, ctx.clinic.ehr, changed, { priority: 'urgent' })).status).toBe(200);
    const after = await second.search(ctx.clinic.ehr, query);
    expect(second.lastReadWhole()).toEqual([changed.id]);
    const shown = resources(after.bundle).find((r) => r.id === changed.id)!;
    expect(shown.priority).toBe('urgent');
    expect(shown.meta.versionId).toBe('2');
    // The others are what they were.
    for (const r of resources(after.bundle).filter((x) => x.id !== changed.id)) expect(r).toEqual(resources(first.bundle).find((x) => x.id === r.id));
  });

  it('a service or a requester renamed through administration shows at the next search', async () => {
    const w = await adminWorld();
    const ctx: Ctx = { api: w.api, clinic: w.clinic };
    const request = await createRequest(ctx);
    const second = await secondInstance();
    const query = `ServiceRequest?_id=${request.id}`;
    await second.search(ctx.clinic.ehr, query);
    await second.search(ctx.clinic.ehr, query);
    expect(second.lastReadWhole()).toEqual([]);

    const renamed = await changeAs(w, w.providerAdmin, `/api/admin/services/${w.clinic.serviceId}`, { name: 'Perinatal liaison (renamed)' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const afterService = resources((await second.search(ctx.clinic.ehr, query)).bundle)[0]!;
    expect(second.lastReadWhole()).toEqual([request.id]);
    expect(afterService.performer[0].display).toBe('Perinatal liaison (renamed)');

    const gp = `/api/admin/users/${w.clinic.gp.id}`;
    const current = await w.as(w.clinic.admin, 'GET', gp);
    expect(current.status, JSON.stringify(current.body)).toBe(200);
    const gpRenamed = await w.as(w.clinic.admin, 'PATCH', gp, { name: 'Dr Renamed Practitioner' }, { 'If-Match': current.headers.get('ETag')! });
    expect(gpRenamed.status, JSON.stringify(gpRenamed.body)).toBe(200);
    const afterRequester = resources((await second.search(ctx.clinic.ehr, query)).bundle)[0]!;
    expect(second.lastReadWhole()).toEqual([request.id]);
    expect(afterRequester.requester.display).toBe('Dr Renamed Practitioner');
    expect(afterRequester.performer[0].display).toBe('Perinatal liaison (renamed)');
  });

  it('_elements leaves a kept rendering whole, and a Task keeps its own apart from its ServiceRequest', async () => {
    const w = await adminWorld();
    const ctx: Ctx = { api: w.api, clinic: w.clinic };
    const request = await createRequest(ctx);
    const second = await secondInstance();
    const whole = await second.search(ctx.clinic.ehr, `ServiceRequest?_id=${request.id}`);
    const subset = resources((await second.search(ctx.clinic.ehr, `ServiceRequest?_id=${request.id}&_elements=status`)).bundle)[0]!;
    expect(second.lastReadWhole()).toEqual([]);
    expect(subset.priority).toBeUndefined();
    expect(subset.status).toBe('active');
    expect(subset.meta.tag).toContainEqual(expect.objectContaining({ code: 'SUBSETTED' }));
    const wholeAgain = await second.search(ctx.clinic.ehr, `ServiceRequest?_id=${request.id}`);
    expect(withoutTimestamp(wholeAgain.text)).toBe(withoutTimestamp(whole.text));

    const task = resources((await second.search(ctx.clinic.ehr, `Task?_id=${request.id}`)).bundle)[0]!;
    expect(second.lastReadWhole()).toEqual([request.id]);
    expect(task.resourceType).toBe('Task');
    expect(resources((await second.search(ctx.clinic.ehr, `ServiceRequest?_id=${request.id}`)).bundle)[0]!.resourceType).toBe('ServiceRequest');
    expect(second.lastReadWhole()).toEqual([]);
  });
});
