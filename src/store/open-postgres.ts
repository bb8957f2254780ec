/** PostgreSQL through postgres.js: used by Node with DATABASE_URL and by the Worker via Hyperdrive. */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';
import type { Database } from './database.js';
import { PLANNED_EACH_TIME, PLANNED_ONCE } from './planned-each-time.js';

export interface PostgresOptions {
  /**
   * Pool size (10 without it); a Worker keeps it small because Hyperdrive pools for it. Past
   * about twice PostgreSQL's cores more connections only wait in its scheduler: on 2 cores, 4
   * instead of 10 served 18–25% more searches and queue pages a second (postgres.js then
   * pipelines statements on a busy connection instead of waking another backend).
   */
  max?: number | undefined;
}

export function openPostgres(url: string, options: PostgresOptions = {}): { db: Database; sql: postgres.Sql } {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // Types are fixed by our schema; skipping the type lookup saves a round trip per connection.
    fetch_types: false,
    onnotice: () => {},
  });
  return { db: drizzle(preparing(sql), { schema }) as unknown as Database, sql };
}

/**
 * The client with every statement prepared (named, cached per connection). drizzle sends its
 * queries unnamed, and postgres.js then asks the server to describe each one before binding it:
 * two round trips and a parse and plan on every call. Prepared, a repeated statement is one
 * round trip and no parse. Transactions and savepoints hand their own client to the callback:
 * it is wrapped the same way. Statements marked PLANNED_EACH_TIME stay unnamed; those marked
 * PLANNED_ONCE, which have no parameters, are prepared all the same (planned-each-time.ts).
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, property) {
      if (property === 'unsafe') {
        return (query: string, args?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          query.startsWith(PLANNED_ONCE)
            ? target.unsafe(query, args, { ...options, prepare: true, simple: false } as postgres.UnsafeQueryOptions)
            : target.unsafe(query, args, { ...options, prepare: !query.startsWith(PLANNED_EACH_TIME) });
      }
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, target) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const last = args.length - 1;
          const fn = args[last] as (client: postgres.Sql) => unknown;
          return open.call(target, ...args.slice(0, last), (client: postgres.Sql) => fn(preparing(client)));
        };
      }
      return Reflect.get(target, property, target) as unknown;
    },
  });
}
