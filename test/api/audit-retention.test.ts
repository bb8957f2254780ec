/**
 * The access log is append-only for the application (src/store/access-log-grants.sql, applied to a
 * role of its own on PostgreSQL) and kept for the configured period (the prune job).
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { buildServices } from '../../src/services/index.js';
import { AccessLogRepository } from '../../src/store/access-log.js';
import { createStore } from '../../src/store/index.js';
import { openPostgres } from '../../src/store/open-postgres.js';
import { TestClock } from '../harness/api.js';
import { backend, testDatabase } from '../harness/database.js';
import { adminWorld } from './admin.fixtures.js';
import { createRequest } from './helpers.js';

const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];

describe('retention of the access log', () => {
  it('the prune job removes calls older than the period, with their disclosures, and nothing newer', async () => {
    const w = await adminWorld();
    const db = await testDatabase();
    const request = await createRequest({ api: w.api, clinic: w.clinic }, w.clinic.gp);
    // Reads of the request made in 1990 (the app's clock), one and two months apart.
    for (const at of ['1990-01-10T12:00:00Z', '1990-03-10T12:00:00Z']) {
      w.api.clock.set(at);
      expect((await w.api.call('GET', `/api/requests/${request.id}`, { token: w.clinic.gp.token })).status).toBe(200);
    }
    w.api.clock.reset();
    const count = async () => Number(rowsOf(await db.execute(sql`select count(*)::int as n from access_log where at < '1991-01-01'`))[0]!.n);
    // A list in each month too: its requests go into a disclosed set of that day.
    const listAt = async (at: string) => {
      w.api.clock.set(at);
      expect((await w.api.call('GET', '/api/requests?limit=20', { token: w.clinic.gp.token })).status).toBe(200);
    };
    await listAt('1990-01-10T12:00:00Z');
    await listAt('1990-03-10T12:00:00Z');
    w.api.clock.reset();
    const disclosures = async () => (await new AccessLogRepository(db).disclosuresOf(request.id)).filter((d) => d.at < new Date('1991-01-01')).length;
    const holding = sql`select s.id from disclosed_sets s join disclosed_set_requests r on r.set_id = s.id where s.day < '1991-01-01' and r.request_id = ${request.id}`;
    const sets = async () => Number(rowsOf(await db.execute(sql`select count(*)::int as n from (${holding}) held`))[0]!.n);
    const setRequests = async () => Number(rowsOf(await db.execute(sql`select count(*)::int as n from disclosed_set_requests where set_id in (${holding})`))[0]!.n);
    const orphans = async () => Number(rowsOf(await db.execute(sql`select count(*)::int as n from disclosed_set_requests r where not exists (select 1 from disclosed_sets s where s.id = r.set_id)`))[0]!.n);
    expect([await count(), await disclosures(), await sets(), await orphans()]).toEqual([4, 4, 2, 0]);
    const listed = await setRequests();
    const clock = new TestClock();
    clock.set('1990-04-01T00:00:00Z');
    const removed = await buildServices(createStore(db), clock).audit.prune(60);
    expect(removed.calls).toBe(2);
    expect([await count(), await disclosures(), await sets(), await orphans()]).toEqual([2, 2, 1, 0]);
    expect(await setRequests()).toBe(listed / 2);
  });
});

describe.skipIf(backend !== 'postgres')('the application role may not rewrite the access log', () => {
  it('inserts and reads; UPDATE and DELETE are refused by PostgreSQL', async () => {
    const role = `liaison_app_test_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const owner = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await owner.unsafe(`create role ${role} login`);
      const script = readFileSync(new URL('../../src/store/access-log-grants.sql', import.meta.url), 'utf8').replaceAll(':"app_role"', `"${role}"`);
      await owner.unsafe(script);
      const attempt = (statement: string) => owner.begin(async (tx) => {
        await tx.unsafe(`set local role ${role}`);
        return tx.unsafe(statement);
      });
      await attempt(`insert into access_log (at, actor_kind, interaction, status) values (now(), 'anonymous', 'GET /grants-test', 200)`);
      // The application's own write, as the role: a row, a new disclosed set, then the same set again.
      const asApp = new URL(process.env.TEST_DATABASE_URL!);
      asApp.username = role;
      asApp.password = 'any';
      const app = openPostgres(asApp.toString(), { max: 1 });
      try {
        const log = new AccessLogRepository(app.db);
        const call = { at: new Date(), actorKind: 'user' as const, actorId: role, interaction: 'GET /grants-test', requestId: null, status: 200, disclosed: [crypto.randomUUID(), crypto.randomUUID()] };
        await log.record(call);
        await log.record(call);
        expect((await log.entries({ kind: 'actor', actorId: role }, null, 10)).length).toBe(2);
        expect((await log.disclosuresOf(call.disclosed[0]!)).length).toBe(2);
      } finally {
        await app.sql.end({ timeout: 5 });
      }
      expect((await attempt(`select count(*)::int as n from access_log where interaction = 'GET /grants-test'`))[0]!.n).toBeGreaterThan(0);
      for (const statement of [`update access_log set status = 500 where interaction = 'GET /grants-test'`, `delete from access_log where interaction = 'GET /grants-test'`, `delete from disclosed_sets`, `delete from disclosed_set_requests`, `update disclosed_sets set day = day`, `update administration_log set action = 'x'`]) {
        await expect(attempt(statement), statement).rejects.toMatchObject({ code: '42501' });
      }
    } finally {
      await owner.unsafe(`drop owned by ${role}`).catch(() => {});
      await owner.unsafe(`drop role if exists ${role}`).catch(() => {});
      await owner.end();
    }
  });
});
