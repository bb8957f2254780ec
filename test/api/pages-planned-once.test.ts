/**
 * A page asked for again with the same values runs with its values written in, prepared, so
 * PostgreSQL plans it once on a connection for those values (src/store/planned-each-time.ts
 * withValuesWritten): its first run is unnamed, a later one is a prepared statement with no
 * parameters, and both answer alike — also for a value with a quote in it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/store/open-postgres.js';
import { PLANNED_EACH_TIME } from '../../src/store/planned-each-time.js';
import { RequestRepository } from '../../src/store/requests.js';
import { adminWorld } from './admin.fixtures.js';
import { backend } from '../harness/database.js';
import { createRequest, type Ctx } from '../fhir/helpers.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(backend !== 'postgres' || !url)('pages asked again, planned once for their values', () => {
  const { db, sql } = openPostgres(url ?? 'postgres://invalid', { max: 1 });
  const repo = new RequestRepository(db);
  afterAll(() => sql.end());
  const preparedPages = async () => (await sql<{ statement: string }[]>`select statement from pg_prepared_statements`).map((p) => p.statement).filter((s) => s.includes('from "consultation_requests" where'));

  it('runs a page unnamed the first time, then prepared with its values written in, with the same answer', async () => {
    const w = await adminWorld();
    const ctx: Ctx = { api: w.api, clinic: w.clinic };
    const created = [await createRequest(ctx), await createRequest(ctx), await createRequest(ctx)];
    const scope = { organisationId: w.clinic.practiceId, serviceIds: [] };
    const filters = { states: ['submitted' as const], serviceIds: [w.clinic.serviceId] };

    const first = await repo.list(scope, filters, null, 2);
    expect(first).toHaveLength(2);
    expect((await preparedPages()).filter((s) => s.includes(w.clinic.practiceId))).toEqual([]);

    const again = await repo.list(scope, filters, null, 2);
    const third = await repo.list(scope, filters, null, 2);
    expect(again).toEqual(first);
    expect(third).toEqual(first);
    const written = (await preparedPages()).filter((s) => s.includes(w.clinic.practiceId));
    expect(written).toHaveLength(1);
    expect(written[0]).toContain(`'${w.clinic.serviceId}'`);
    expect(written[0]).not.toMatch(/\$\d/);
    expect(written[0]).not.toContain(PLANNED_EACH_TIME);
    expect(written[0]).toMatch(/^\/\* planned once for its values \*\//);

    // The next page, after the first page's last request, is a page of its own.
    const next = await repo.list(scope, filters, { at: new Date(first[1]!.updatedAt), id: first[1]!.id }, 2);
    expect((await repo.list(scope, filters, { at: new Date(first[1]!.updatedAt), id: first[1]!.id }, 2)).map((r) => r.id)).toEqual(next.map((r) => r.id));
    expect([...first, ...next].map((r) => r.id).sort()).toEqual(created.map((r) => r.id as string).sort());
  });

  it("answers a value with quotes in it alike on every run, as a value, never as SQL", async () => {
    const w = await adminWorld();
    const ctx: Ctx = { api: w.api, clinic: w.clinic };
    await createRequest(ctx);
    const scope = { organisationId: w.clinic.practiceId, serviceIds: [] };
    for (const reference of ["LSN-1' or '1'='1", "x') or (true", "O'Brien"]) {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await repo.list(scope, { reference }, null, 5));
      expect(runs).toEqual([[], [], []]);
    }
    expect((await repo.list(scope, {}, null, 5)).length).toBe(1);
  });
});
