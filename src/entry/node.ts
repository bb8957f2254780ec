/**
 * Liaison on Node: embedded PGlite by default, PostgreSQL with DATABASE_URL (searches and
 * measures on DATABASE_READ_URL when set). On PostgreSQL the rate-limit budgets are shared by
 * every instance through the database; on the embedded database (one process) they are counted
 * in memory.
 */
import { serve } from '@hono/node-server';
import { productionNotice } from '../config/environment.js';
import { DEMO_USERS } from '../demo/directory.js';
import { seedDemoData } from '../demo/seed.js';
import { systemClock } from '../services/ports/store.js';
import { createStore } from '../store/index.js';
import { DEMO_EHR_CLIENT, demoEhrKey } from './demo-ehr-key.js';
import { loadNodeSetup, openDatabase, privateDataDir } from './node-setup.js';
import { flushLog } from './node-log.js';
import { composeNodeApp } from './node-app.js';
import { startHookDispatcher, startMailDispatcher, startSlaReminders } from './node-dispatch.js';

// Refuses to start (exit 2, one line) on a bad setting, or in production without what it needs.
const setup = loadNodeSetup();
const { raw } = setup;
if (setup.mode === 'production') console.log(productionNotice(setup.why));
let config = setup.appConfig();
const database = await openDatabase(setup, { serving: true });
await database.migrate();
// Never in production: loadNodeSetup refused LIAISON_DEMO_DATA=true there.
if (raw.LIAISON_DEMO_DATA ?? (setup.mode === 'development' && database.kind === 'embedded')) {
  // The web app's demo sign-in lists the demo people (never offered in production mode).
  config = { ...config, web: { ...config.web!, demoUsers: DEMO_USERS.map((u) => u.email) } };
  const { seeded } = await seedDemoData(database.db, systemClock);
  if (seeded) console.log('Demo data seeded (fictional patients only).');
  // The demo EHR can try SMART Backend Services with a key kept in the data directory.
  const directory = createStore(database.db).directory;
  if (!(await directory.findClientKeys(DEMO_EHR_CLIENT))) {
    await directory.setClientKeys(DEMO_EHR_CLIENT, { keys: [(await demoEhrKey(privateDataDir(setup.dataDir))).publicJwk] });
  }
}

const { app, close } = composeNodeApp(config, database);
// The outbox is delivered from this process unless dedicated dispatchers do it (npm run dispatcher).
const dispatcher = raw.LIAISON_DISPATCHER ? startMailDispatcher(raw, database.db) : undefined;
const reminders = raw.LIAISON_DISPATCHER ? startSlaReminders(database.db) : undefined;
const hooks = raw.LIAISON_DISPATCHER ? startHookDispatcher(raw, config, database.db) : undefined;
const server = serve({ fetch: app.fetch, port: raw.PORT, hostname: raw.HOST }, (info) => {
  const url = raw.PUBLIC_URL ?? `http://${info.address === '::' ? 'localhost' : info.address}:${info.port}`;
  console.log(`Liaison is listening on ${url} (database: ${database.kind === 'embedded' ? 'embedded PGlite' : 'PostgreSQL'})`);
  console.log(`  health:   ${url}/health`);
  console.log(`  API docs: ${url}/api/openapi.json`);
  console.log(`  web app:  ${url}/`);
  if (setup.mode === 'development') console.log('  a token:  npm run --silent token -- gp@demo.liaison.test');
});

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  server.close(() => {
    void Promise.all([dispatcher?.stop(), reminders?.stop(), hooks?.stop()]).then(close).then(() => process.exit(0));
  });
  setTimeout(() => {
    flushLog();
    process.exit(1);
  }, 10_000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
