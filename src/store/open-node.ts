/**
 * Opens the database for a Node process: embedded PGlite in a data directory by default,
 * PostgreSQL when a connection URL is given. Migrations come from drizzle/.
 */
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { PGlite } from '@electric-sql/pglite';
import * as schema from './schema.js';
import type { Database, DatabaseKind } from './database.js';
import { openPostgres } from './open-postgres.js';
import { listenForChanges } from './request-changes.js';
import type { KeptReads } from './index.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenedDatabase {
  db: Database;
  /** The read replica's pool, for searches and measures (DATABASE_READ_URL); undefined without one. */
  readDb?: Database | undefined;
  /** Search pages and triage lists to keep while no change is heard (PostgreSQL without a replica); undefined: none kept. */
  kept?: KeptReads | undefined;
  kind: DatabaseKind;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `dataDir` undefined opens an in-memory PGlite (tests). `readUrl` opens a second pool for a read
 * replica; `poolSize` is each pool's most connections (open-postgres.ts's default without it).
 * `kept` (PostgreSQL without a replica; 0 or unset: none) is how many search pages (and as many
 * triage lists) to keep while the instance hears no change (store/request-changes.ts): a replica
 * lags the notices.
 */
export async function openNodeDatabase(options: { databaseUrl?: string | undefined; readUrl?: string | undefined; dataDir?: string | undefined; poolSize?: number | undefined; kept?: number | undefined }): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    const pool = { max: options.poolSize };
    const { db, sql } = openPostgres(options.databaseUrl, pool);
    const replica = options.readUrl ? openPostgres(options.readUrl, pool) : undefined;
    const changes = !replica && (options.kept ?? 0) > 0 ? listenForChanges(options.databaseUrl, sql) : undefined;
    await changes?.ready;
    return {
      db,
      readDb: replica?.db,
      kept: changes && { changes, most: options.kept! },
      kind: 'postgres',
      migrate: async () => {
        // Serialise concurrent starts: the drizzle migrator does not lock on its own.
        await sql.begin(async (tx) => {
          await tx`select pg_advisory_xact_lock(727274)`;
          await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
        });
      },
      close: async () => {
        await Promise.all([sql.end({ timeout: 5 }), replica?.sql.end({ timeout: 5 }), changes?.close()]);
      },
    };
  }
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    kind: 'embedded',
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

