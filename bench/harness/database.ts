/** The benchmark's PostgreSQL databases: emptied for each run, and the server's version. */
import postgres from 'postgres';

const nameOf = (url: string): string => decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));

/** The URL of another database on the same server. */
export function siblingDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/**
 * Empties the database the URL names (its schemas dropped and public made anew, as the test setup
 * does), creating it when it does not exist: everything in it is lost. Cheaper than dropping the
 * database, which may wait for a checkpoint on a busy server.
 */
export async function recreateDatabase(url: string): Promise<void> {
  const name = nameOf(url);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`The benchmark database name must be letters, digits and _: ${name}`);
  const admin = postgres(siblingDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    const [found] = await admin`select 1 as found from pg_database where datname = ${name}`;
    if (!found) await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Sessions left over from an interrupted run would hold locks on the tables.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
    await sql`drop schema if exists public cascade`;
    await sql`drop schema if exists drizzle cascade`;
    await sql`create schema public`;
  } finally {
    await sql.end();
  }
}

export async function postgresVersion(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ server_version: string }[]>`show server_version`;
    return row!.server_version;
  } finally {
    await sql.end();
  }
}

/**
 * What autovacuum would have done: when the server runs without it (CI machines turn it off), the
 * tables' statistics stay those of an empty database while the runs add thousands of rows, and
 * each connection keeps the plans it made for empty tables — a conditional create's identifier
 * lookup then walks every request of the organisation. ANALYZE refreshes the statistics and
 * invalidates those plans. Returns whether autovacuum is on (then nothing is done).
 */
export async function settleStatistics(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ setting: string }[]>`select setting from pg_settings where name = 'autovacuum'`;
    if (row?.setting === 'on') return true;
    await sql`analyze`;
    return false;
  } finally {
    await sql.end();
  }
}
