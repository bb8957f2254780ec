/** `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL (or the embedded database). */
import { openNodeDatabase } from '../store/open-node.js';
import { embeddedDatabaseDir, loadNodeSetup } from './node-setup.js';

const setup = loadNodeSetup();
const database = await openNodeDatabase({ databaseUrl: setup.raw.DATABASE_URL, dataDir: embeddedDatabaseDir(setup.dataDir) });
await database.migrate();
await database.close();
console.log(`Migrations applied (${database.kind === 'embedded' ? setup.dataDir : 'PostgreSQL'}).`);
