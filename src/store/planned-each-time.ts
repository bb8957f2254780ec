/**
 * A list's page of ids, planned with its values on every call instead of as a prepared statement.
 *
 * Prepared statements settle on a generic plan after a few runs: a plan made without the values,
 * from average selectivities. On a regional network's data, where one practice holds 90% of a
 * million requests, the generic plan for "this practice's open requests to this service" walked
 * the practice's index (its average share looked small) instead of the service's, and an EHR's
 * FHIR search took 63 ms of SQL instead of 1.7 (bench/results/2026-11-30-16-06.md; 9 searches a
 * second over HTTP). Which index serves a page depends on whose page it is, so a page is planned
 * for its values; planning it costs less than a tenth of a millisecond. Every other statement
 * stays prepared (planning all of them doubled PostgreSQL's CPU per call).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';

/** open-postgres.ts sends statements that begin with it unnamed. */
export const PLANNED_EACH_TIME = '/* planned each time */';

export async function plannedEachTime<Row>(db: Database, query: SQL | { getSQL(): SQL }): Promise<Row[]> {
  const result = await db.execute(sql`${sql.raw(PLANNED_EACH_TIME)} ${query}`);
  return (Array.isArray(result) ? result : (result as unknown as { rows: Row[] }).rows) as Row[];
}
