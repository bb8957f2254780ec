/**
 * Prints a bearer token for a seeded user (by email) or system client (by client id):
 *   npm run --silent token -- gp@demo.liaison.test
 * Demo identities have fixed ids, so this never opens the embedded database (which the running
 * server holds); other identities are looked up in PostgreSQL when DATABASE_URL is set.
 */
import { TokenSigner } from '../auth/tokens.js';
import { findDemoIdentity } from '../demo/directory.js';
import { createStore } from '../store/index.js';
import { openPostgres } from '../store/open-postgres.js';
import { loadNodeSetup } from './node-setup.js';

const who = process.argv[2];
if (!who) {
  console.error('Usage: npm run --silent token -- <email or client id>');
  process.exit(2);
}
const setup = loadNodeSetup();
let subject = findDemoIdentity(who);
if (!subject && setup.raw.DATABASE_URL) {
  const { db, sql } = openPostgres(setup.raw.DATABASE_URL, { max: 1 });
  const directory = createStore(db).directory;
  const user = await directory.findUserByEmail(who);
  subject = user ? { kind: 'user', id: user.id } : (await directory.findClient(who)) ? { kind: 'client', id: who } : null;
  await sql.end();
}
if (!subject) {
  console.error(`No seeded user or client called "${who}".`);
  process.exit(1);
}
const { signingKey, tokenTtlMinutes, publicUrl } = setup.appConfig();
console.log(await new TokenSigner(signingKey, publicUrl).issue(subject, tokenTtlMinutes));
