/** PostgreSQL through postgres.js: used by Node with DATABASE_URL and by the Worker via Hyperdrive. */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';
import type { Database } from './database.js';

export interface PostgresOptions {
  /** Pool size; a Worker keeps it small because Hyperdrive pools for it. */
  max?: number;
}

export function openPostgres(url: string, options: PostgresOptions = {}): { db: Database; sql: postgres.Sql } {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // Types are fixed by our schema; skipping the type lookup saves a round trip per connection.
    fetch_types: false,
    onnotice: () => {},
  });
  return { db: drizzle(sql, { schema }) as unknown as Database, sql };
}
