/**
 * The database behind a test run: one embedded PGlite per test process (it is slow to start
 * and large), or the PostgreSQL at TEST_DATABASE_URL, prepared once by global-setup.ts.
 */
import type { Database } from '../../src/store/database.js';
import type { KeptReads } from '../../src/store/index.js';
import { openNodeDatabase, type OpenedDatabase } from '../../src/store/open-node.js';

export type Backend = 'embedded' | 'postgres';

export const backend: Backend = process.env.LIAISON_TEST_BACKEND === 'postgres' ? 'postgres' : 'embedded';

let opened: Promise<OpenedDatabase> | undefined;

export function testDatabase(): Promise<Database> {
  opened ??= (async () => {
    if (backend === 'postgres') {
      const url = process.env.TEST_DATABASE_URL;
      if (!url) throw new Error('TEST_DATABASE_URL is required for the postgres test project');
      // As a Node instance opens it by default: search pages kept while no change is heard.
      return openNodeDatabase({ databaseUrl: url, kept: 500 });
    }
    const db = await openNodeDatabase({});
    await db.migrate();
    return db;
  })();
  return opened.then((o) => o.db);
}

/** The search pages the test database keeps (PostgreSQL: as a Node instance does; embedded: none). */
export async function testKeptReads(): Promise<KeptReads | undefined> {
  await testDatabase();
  return (await opened!).kept;
}
