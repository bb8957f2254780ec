/**
 * `npm run dispatcher`: delivers the outbox without serving HTTP, beside any number of servers and
 * other dispatchers on one PostgreSQL (claims never overlap). The embedded database belongs to the
 * one process that opened it, so a separate dispatcher needs DATABASE_URL.
 */
import { loadNodeSetup, openDatabase, refuse } from './node-setup.js';
import { flushLog } from './node-log.js';
import { startMailDispatcher, startSlaReminders } from './node-dispatch.js';

const setup = loadNodeSetup();
if (!setup.raw.DATABASE_URL) refuse('npm run dispatcher needs DATABASE_URL: the embedded database is delivered by npm start itself.');
if (!setup.raw.SMTP_URL) refuse('npm run dispatcher needs SMTP_URL (smtp://user:pass@host:587 or smtps://…): there is nothing else to deliver yet.');
const database = await openDatabase(setup);
await database.migrate();
const dispatcher = startMailDispatcher(setup.raw, database.db)!;
const reminders = startSlaReminders(database.db);
console.log('Dispatcher running; stop it with Ctrl-C.');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping after the batch in hand`);
  void Promise.all([dispatcher.stop(), reminders.stop()])
    .then(() => database.close())
    .then(() => {
      flushLog();
      process.exit(0);
    });
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
