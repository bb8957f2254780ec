/**
 * The scale generator (bench/scale/generate.ts) on a small run, in a database of its own next to
 * TEST_DATABASE_URL: the requests it reports are there, every one with the history the app would
 * have written (its versions, events ending in its state), in the regional shape's proportions;
 * and the app reads them as its own — the demo GP's list, the demo psychiatrist's queue, a FHIR
 * search — as do the hot query plans.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/scale/generate.js';
import { hotQueryPlans } from '../../bench/scale/plans.js';
import { createApp } from '../../src/app.js';
import { TokenSigner } from '../../src/auth/tokens.js';
import { DEMO, DEMO_USERS } from '../../src/demo/directory.js';
import { createStore } from '../../src/store/index.js';
import { openPostgres } from '../../src/store/open-postgres.js';

const base = process.env.TEST_DATABASE_URL;
const REQUESTS = 3000;
const KEY = 'scale-generate-test-signing-key-0123456789';

describe.skipIf(!base)('the scale generator', () => {
  const url = new URL(base ?? 'postgres://invalid/x');
  const name = `${url.pathname.slice(1)}_generate`;
  const admin = postgres(base ?? 'postgres://invalid', { max: 1, onnotice: () => {} });
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  let result: { seconds: number; requests: number };

  beforeAll(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
    result = await generate({ databaseUrl: url.toString(), shape: 'regional', requests: REQUESTS });
  }, 300_000);

  afterAll(async () => {
    await sql.end();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it('writes the requests it reports, most of them in the demo practice (regional)', async () => {
    expect(result.requests).toBe(REQUESTS);
    const [counts] = await sql<{ generated: number; demo: number }[]>`
      select count(*)::int as generated, count(*) filter (where organisation_id = ${DEMO.practice.id})::int as demo
      from consultation_requests where reference >= 'LSN-100000'`;
    expect(counts!.generated).toBe(REQUESTS);
    expect(counts!.demo / REQUESTS).toBeGreaterThan(0.8);
  });

  it('gives every request the history the app writes: its versions, and events ending in its state', async () => {
    const broken = await sql`
      select r.reference from consultation_requests r
      where not exists (select 1 from request_versions v where v.request_id = r.id and v.version = r.version and v.snapshot->>'state' = r.state)
         or (select e.to_state from request_events e where e.request_id = r.id order by e.id desc limit 1) is distinct from r.state
      limit 5`;
    expect(broken).toEqual([]);
    const [open] = await sql<{ queue: number }[]>`select count(*)::int as queue from consultation_requests where service_id = ${DEMO.service.id} and state in ('submitted', 'awaiting-information')`;
    expect(open!.queue).toBeGreaterThan(0);
  });

  it('is read by the app as its own: the demo GP, the demo psychiatrist, FHIR search', async () => {
    const { db, sql: appSql } = openPostgres(url.toString(), { max: 2 });
    const store = createStore(db);
    const app = createApp({ config: { publicUrl: undefined, signingKey: KEY, tokenTtlMinutes: 60, maxBodyBytes: 1 << 20, rateLimitPerMinute: 0 }, storeFor: () => store });
    const signer = new TokenSigner(KEY);
    const as = async (email: string, path: string) => {
      const id = DEMO_USERS.find((u) => u.email === email)!.id;
      const res = await app.request(`http://liaison.test${path}`, { headers: { Authorization: `Bearer ${await signer.issue({ kind: 'user', id }, 5)}` } });
      return { status: res.status, body: (await res.json()) as any };
    };
    try {
      const list = await as('gp@demo.liaison.test', '/api/requests?limit=20');
      expect(list.status).toBe(200);
      const newest = await sql<{ id: string }[]>`select id from consultation_requests where organisation_id = ${DEMO.practice.id} order by updated_at desc, id desc limit 20`;
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual(newest.map((r) => r.id));

      const queue = await as('psychiatrist@demo.liaison.test', `/api/services/${DEMO.service.id}/queue`);
      expect(queue.status).toBe(200);
      expect(queue.body.items.length).toBeGreaterThan(0);
      expect(queue.body.items.every((i: { request: { status: string } }) => ['submitted', 'awaiting-information'].includes(i.request.status))).toBe(true);

      const search = await as('psychiatrist@demo.liaison.test', `/fhir/ServiceRequest?status=active&performer=HealthcareService/${DEMO.service.id}&_count=20&_total=accurate`);
      expect(search.status).toBe(200);
      expect(search.body.total).toBeGreaterThan(0);
      expect(search.body.entry.every((e: { resource: { status: string } }) => e.resource.status === 'active')).toBe(true);
    } finally {
      await appSql.end();
    }
  });

  it('has every hot query planned and timed', async () => {
    const plans = await hotQueryPlans(url.toString());
    expect(plans.map((p) => p.name)).toContain("GP's list, limit=20");
    expect(plans.map((p) => p.name)).toContain('triage queue, first page');
    for (const plan of plans) expect(plan.statements).toBeGreaterThan(0);
  });
});
