/** `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL (or the embedded database). */
import { loadNodeSetup, openDatabase } from './node-setup.js';

const setup = loadNodeSetup();
const database = await openDatabase(setup);
await database.migrate();
await database.close();
console.log(`Migrations applied (${database.kind === 'embedded' ? setup.dataDir : 'PostgreSQL'}).`);
