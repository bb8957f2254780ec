/**
 * Liaison's app as a Node process serves it: the store over the opened database (searches on
 * the read replica when there is one), rate-limit budgets shared through PostgreSQL (counted in
 * memory on the embedded database, which one process holds), and the asynchronous JSON log.
 * src/entry/node.ts serves it; the benchmark's framework ceiling (bench/server.ts) composes the
 * same app, so both measure one server.
 */
import type { Hono } from 'hono';
import { createApp } from '../app.js';
import type { AppConfig } from '../config/app-config.js';
import type { AppEnv } from '../http/context.js';
import type { Counters } from '../http/rate-limit.js';
import { SharedBudgets } from '../http/shared-budgets.js';
import { CallCountRepository } from '../store/call-counts.js';
import { createStore } from '../store/index.js';
import type { OpenedDatabase } from '../store/open-node.js';
import { flushLog, log } from './node-log.js';
import { resolveHost } from './host-lookup.js';

export interface NodeApp {
  app: Hono<AppEnv>;
  /** Who counts the budgets (for a route added beside the app's). */
  counters: Counters | undefined;
  /** Stops counting, closes the database and writes the log out. */
  close(): Promise<void>;
}

export function composeNodeApp(config: AppConfig, database: OpenedDatabase): NodeApp {
  const store = createStore(database.db, database.readDb, database.kept);
  const budgets = database.kind === 'postgres' ? new SharedBudgets(new CallCountRepository(database.db), { secret: config.signingKey, log }) : undefined;
  const app = createApp({ config, storeFor: () => store, log, counters: budgets?.counters, resolveHost });
  return {
    app,
    counters: budgets?.counters,
    close: async () => {
      await budgets?.close().catch(() => {});
      await database.close();
      flushLog();
    },
  };
}
