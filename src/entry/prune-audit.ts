/**
 * The access log's retention job: `npm run audit:prune` deletes calls (and their disclosures) and
 * refusal counters older than LIAISON_ACCESS_LOG_RETENTION_DAYS. Run it daily (cron, a scheduled
 * job) with the database owner's DATABASE_URL: the application's own role may not delete from the
 * access log (src/store/access-log-grants.sql). Prints what it removed, counts only.
 */
import { buildServices } from '../services/index.js';
import { systemClock } from '../services/ports/store.js';
import { createStore } from '../store/index.js';
import { loadNodeSetup, openDatabase, refuse } from './node-setup.js';

const setup = loadNodeSetup();
const days = setup.raw.LIAISON_ACCESS_LOG_RETENTION_DAYS;
if (days === undefined) refuse('Set LIAISON_ACCESS_LOG_RETENTION_DAYS (how many days the access log is kept) to prune it.');
const database = await openDatabase(setup);
try {
  const removed = await buildServices(createStore(database.db), systemClock).audit.prune(days);
  console.log(`Access log pruned to the last ${days} days: ${removed.calls} calls and ${removed.refusals} refusal counters removed.`);
} finally {
  await database.close();
}
