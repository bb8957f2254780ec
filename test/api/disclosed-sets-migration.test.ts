/**
 * drizzle/0022 turns the disclosures stored one row per call and request (access_log_requests,
 * until 0023) into disclosed sets, with the digest the access log computes for new calls: a
 * database migrated with disclosures on it answers "who saw request X" as before, and a new call
 * carrying the same requests on the same day names the converted set.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessLogRepository } from '../../src/store/access-log.js';
import { openPostgres } from '../../src/store/open-postgres.js';
import { backend } from '../harness/database.js';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
const LAST_WITH_ROWS_PER_REQUEST = 20;

const X = '00000000-0000-4000-8000-00000000000a';
const Y = '00000000-0000-4000-8000-00000000000b';
const Z = '00000000-0000-4000-8000-00000000000c';

describe.skipIf(backend !== 'postgres')('migrating the disclosures into disclosed sets', () => {
  const name = `liaison_migration_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  let url: string;
  let admin: postgres.Sql;
  let opened: ReturnType<typeof openPostgres>;
  let scratch: string;

  beforeAll(async () => {
    const server = new URL(process.env.TEST_DATABASE_URL!);
    admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    // A server whose dates print day first: the digest must not follow it.
    await admin.unsafe(`alter database ${name} set datestyle = 'SQL, DMY'`);
    server.pathname = `/${name}`;
    url = server.toString();
    opened = openPostgres(url);
    // The migrations as they stood before disclosed sets: the same folder, its journal cut.
    scratch = mkdtempSync(join(tmpdir(), 'liaison-migrations-'));
    cpSync(MIGRATIONS, scratch, { recursive: true });
    const journalPath = join(scratch, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number }[] };
    journal.entries = journal.entries.filter((e) => e.idx <= LAST_WITH_ROWS_PER_REQUEST);
    writeFileSync(journalPath, JSON.stringify(journal));
    await migrate(opened.db as never, { migrationsFolder: scratch });
  });

  afterAll(async () => {
    await opened?.sql.end({ timeout: 5 });
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps who saw each request, and a new call with the same requests that day names the converted set', async () => {
    const { sql } = opened;
    const call = async (at: string, interaction: string, requestId: string | null, status: number, disclosed: string[]) => {
      const [row] = await sql<{ id: number }[]>`insert into access_log (at, actor_kind, actor_id, interaction, request_id, status)
        values (${at}, 'user', 'u-1', ${interaction}, ${requestId}, ${status}) returning id`;
      for (const d of disclosed) await sql`insert into access_log_requests (access_id, request_id) values (${row!.id}, ${d})`;
      return Number(row!.id);
    };
    const read = await call('2030-02-03T09:00:00Z', 'GET /api/requests/:id', X, 200, [X]);
    const refused = await call('2030-02-03T09:01:00Z', 'GET /api/requests/:id', Z, 404, []);
    const list = await call('2030-02-03T09:02:00Z', 'GET /api/requests', null, 200, [Y, X]);
    const again = await call('2030-02-03T23:59:00Z', 'GET /api/requests', null, 200, [X, Y]);
    const nextDay = await call('2030-02-04T00:01:00Z', 'GET /api/requests', null, 200, [X, Y]);
    // A bundle that names a request and carries others besides.
    const history = await call('2030-02-04T08:00:00Z', 'GET /fhir/ServiceRequest/:id/_history', Y, 200, [Y, Z]);

    await migrate(opened.db as never, { migrationsFolder: MIGRATIONS });

    const sets = await sql<{ id: number; disclosed_set: string | null }[]>`select id, disclosed_set from access_log order by id`;
    const setOf = new Map(sets.map((r) => [Number(r.id), r.disclosed_set]));
    expect([setOf.get(read), setOf.get(refused)]).toEqual([null, null]);
    expect(setOf.get(again)).toBe(setOf.get(list));
    expect(setOf.get(nextDay)).not.toBe(setOf.get(list));
    const requestsOf = async (set: string | null | undefined) => (await sql<{ request_id: string }[]>`select request_id from disclosed_set_requests where set_id = ${set!} order by request_id`).map((r) => r.request_id);
    expect(await requestsOf(setOf.get(list))).toEqual([X, Y]);
    expect(await requestsOf(setOf.get(history))).toEqual([Z]);
    expect((await sql`select 1 from pg_tables where tablename = 'access_log_requests'`).length).toBe(0);

    const log = new AccessLogRepository(opened.db);
    const seen = async (id: string) => (await log.disclosuresOf(id)).map((d) => d.accessId);
    expect(await seen(X)).toEqual([read, list, again, nextDay]);
    expect(await seen(Y)).toEqual([list, again, nextDay, history]);
    expect(await seen(Z)).toEqual([history]);

    // Written now by the application, a list of the same two requests on the list's day.
    await log.record({ at: new Date('2030-02-03T18:00:00Z'), actorKind: 'user', actorId: 'u-1', interaction: 'GET /api/requests', requestId: null, status: 200, disclosed: [X, Y] });
    const [written] = await sql<{ disclosed_set: string }[]>`select disclosed_set from access_log order by id desc limit 1`;
    expect(written!.disclosed_set).toBe(setOf.get(list));
    expect((await sql`select 1 from disclosed_sets`).length).toBe(3);
  });
});
