/**
 * LIAISON_DATABASE_POOL_SIZE: how many connections Liaison opens to PostgreSQL at most, for its
 * pool and its read replica's. Checked against the real server: concurrent statements beyond
 * the size wait for a connection instead of opening one.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/environment.js';
import { openNodeDatabase } from '../../src/store/open-node.js';
import { backend } from '../harness/database.js';

describe('the database pool size', () => {
  it('is 10 unless set, and a size outside 1–100 is refused naming the variable', () => {
    expect(parseConfig({}).LIAISON_DATABASE_POOL_SIZE).toBe(10);
    expect(parseConfig({ LIAISON_DATABASE_POOL_SIZE: '4' }).LIAISON_DATABASE_POOL_SIZE).toBe(4);
    for (const bad of ['0', '101', 'four', '2.5']) expect(() => parseConfig({ LIAISON_DATABASE_POOL_SIZE: bad }), bad).toThrow(/LIAISON_DATABASE_POOL_SIZE/);
  });

  it.skipIf(backend !== 'postgres')('bounds the connections of the pool and of the replica', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    for (const poolSize of [2, 5]) {
      const opened = await openNodeDatabase({ databaseUrl: url, readUrl: url, poolSize });
      try {
        for (const db of [opened.db, opened.readDb!]) {
          const backends = await Promise.all(Array.from({ length: 12 }, () => db.execute(sql`select pg_backend_pid() as pid from pg_sleep(0.05)`)));
          const pids = new Set(backends.map((rows) => (rows as unknown as { pid: number }[])[0]!.pid));
          expect(pids.size).toBe(poolSize);
        }
      } finally {
        await opened.close();
      }
    }
  });
});
