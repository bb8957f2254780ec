/**
 * Prepares the PostgreSQL test database once per run: a clean schema, the migrations of
 * drizzle/, and the demo directory (the Workers tests sign in as demo users).
 */
import postgres from 'postgres';
import { seedDemoData } from '../../src/demo/seed.js';
import { systemClock } from '../../src/services/ports/store.js';
import { openNodeDatabase } from '../../src/store/open-node.js';

/**
 * Several projects name this file; vitest may load it once per project in the same process.
 * A promise on globalThis makes the reset happen exactly once, before any project's tests.
 */
const state = globalThis as { liaisonTestDatabase?: Promise<void> };

export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  state.liaisonTestDatabase ??= (async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    await sql`drop schema if exists public cascade`;
    await sql`drop schema if exists drizzle cascade`;
    await sql`create schema public`;
    await sql.end();
    const db = await openNodeDatabase({ databaseUrl: url });
    await db.migrate();
    await seedDemoData(db.db, systemClock);
    await db.close();
  })();
  await state.liaisonTestDatabase;
}
