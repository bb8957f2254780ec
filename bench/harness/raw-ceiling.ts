/**
 * The raw-insert ceiling (issue 10, ceiling a): what PostgreSQL itself does with the rows of a
 * FHIR create, written by a minimal postgres.js client in its own process (raw-ceiling-worker.ts).
 * `rowCensus` counts every table's rows, so the bench can check that the raw client writes the
 * same rows a real create writes (and say so when a create starts writing somewhere else).
 */
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { runInChild } from './child.js';
import type { RawCeilingOptions, RawCeilingResult } from './raw-ceiling-worker.js';

export type { RawCeilingResult } from './raw-ceiling-worker.js';

const WORKER = fileURLToPath(new URL('./raw-ceiling-worker.ts', import.meta.url));

export const rawCeiling = (options: RawCeilingOptions): Promise<RawCeilingResult> => runInChild<RawCeilingResult>(WORKER, options);

/** Rows in every table of the public schema. */
export async function rowCensus(databaseUrl: string): Promise<Record<string, number>> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`;
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const [row] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from "${name}"`);
      counts[name] = row!.n;
    }
    return counts;
  } finally {
    await sql.end();
  }
}

/** What changed between two censuses: table → rows added (only the tables that changed). */
export function censusDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).flatMap(([table, n]) => (n !== (before[table] ?? 0) ? [[table, n - (before[table] ?? 0)]] : [])));
}

/** Where the raw client's rows differ from a create's, one phrase per table; empty when they match. */
export function rowDifferences(create: Record<string, number>, raw: Record<string, number>): string[] {
  const tables = [...new Set([...Object.keys(create), ...Object.keys(raw)])].sort();
  return tables.flatMap((t) => ((create[t] ?? 0) === (raw[t] ?? 0) ? [] : [`${t}: a create writes ${create[t] ?? 0}, the raw client ${raw[t] ?? 0}`]));
}
