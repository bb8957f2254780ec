/** The benchmark's PostgreSQL databases: dropped and made anew for each run, and the server's version. */
import postgres from 'postgres';

const nameOf = (url: string): string => decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));

/** The URL of another database on the same server. */
export function siblingDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** Drops (closing its sessions) and creates the database the URL names: everything in it is lost. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = nameOf(url);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`The benchmark database name must be letters, digits and _: ${name}`);
  const admin = postgres(siblingDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
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
