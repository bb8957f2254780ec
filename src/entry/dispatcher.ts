/**
 * `npm run dispatcher`: delivers the outbox without serving HTTP, beside any number of servers and
 * other dispatchers on one PostgreSQL (claims never overlap). The embedded database belongs to the
 * one process that opened it, so a separate dispatcher needs DATABASE_URL.
 */
import { loadNodeSetup, openDatabase, refuse } from './node-setup.js';
import { flushLog } from './node-log.js';
import { startHookDispatcher, startMailDispatcher, startSlaReminders } from './node-dispatch.js';

const setup = loadNodeSetup();
if (!setup.raw.DATABASE_URL) refuse('npm run dispatcher needs DATABASE_URL: the embedded database is delivered by npm start itself.');
const database = await openDatabase(setup);
await database.migrate();
// Mail when SMTP_URL is set (else it waits in the outbox); FHIR subscriptions always.
const dispatcher = startMailDispatcher(setup.raw, database.db);
const reminders = startSlaReminders(database.db);
const hooks = startHookDispatcher(setup.raw, setup.appConfig(), database.db);
console.log('Dispatcher running; stop it with Ctrl-C.');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping after the batch in hand`);
  void Promise.all([dispatcher?.stop(), reminders.stop(), hooks.stop()])
    .then(() => database.close())
    .then(() => {
      flushLog();
      process.exit(0);
    });
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
