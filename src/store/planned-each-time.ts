/**
 * A list's page of ids, planned with its values on every call instead of as a prepared statement.
 *
 * Prepared statements settle on a generic plan after a few runs: a plan made without the values,
 * from average selectivities. On a regional network's data, where one practice holds 90% of a
 * million requests, the generic plan for "this practice's open requests to this service" walked
 * the practice's index (its average share looked small) instead of the service's, and an EHR's
 * FHIR search took 63 ms of SQL instead of 1.7 (bench/results/2026-11-30-16-06.md; 9 searches a
 * second over HTTP). Which index serves a page depends on whose page it is, so a page is planned
 * for its values. Every other statement stays prepared (planning all of them doubled
 * PostgreSQL's CPU per call), a triage list's page included: one index serves it whoever asks
 * (store/request-pages.ts).
 *
 * Its values are written into its text (withValuesWritten), so it goes as one simple query: sent
 * unnamed with parameters, postgres.js first asks PostgreSQL to describe it, then binds it, two
 * round trips a page (writing the values in: +17% FHIR searches a second, alternating A/B).
 */
import type { Query } from 'drizzle-orm';

/** open-postgres.ts sends statements that begin with it unnamed. */
export const PLANNED_EACH_TIME = '/* planned each time */';

/**
 * open-postgres.ts sends statements that begin with it prepared, though they have no parameters
 * (postgres.js would send those as simple queries, parsed and planned on every run).
 */
export const PLANNED_ONCE = '/* planned once for its values */';

/**
 * A page asked for again with the same values, planned once for them: the statement with its
 * values written in as literals and no parameters, which open-postgres.ts prepares like any other.
 * PostgreSQL plans a statement without parameters on its first run on a connection and keeps that
 * plan, made for these values (the practice's own index, this service's), until an ANALYZE or a
 * change of the tables invalidates it. An EHR polling its search no longer pays for the plan on
 * every call (0.3 ms of PostgreSQL's CPU a page, measured with pgbench at 900 pages a second).
 *
 * Only strings, finite numbers, booleans and nulls are written, each as a quoted literal of
 * unknown type, which PostgreSQL resolves as it resolves an untyped parameter; a string with a
 * backslash or a NUL is not (its meaning would depend on standard_conforming_strings): undefined,
 * and the statement goes with its parameters. Marked PLANNED_EACH_TIME instead, the text is sent
 * as a simple query, unnamed.
 */
export function withValuesWritten(query: Query, mark: typeof PLANNED_ONCE | typeof PLANNED_EACH_TIME = PLANNED_ONCE): Query | undefined {
  const literals: string[] = [];
  for (const value of query.params) {
    const literal = literalOf(value);
    if (literal === undefined) return undefined;
    literals.push(literal);
  }
  const text = query.sql.startsWith(PLANNED_EACH_TIME) ? query.sql.slice(PLANNED_EACH_TIME.length).trimStart() : query.sql;
  return { sql: `${mark} ${text.replace(/\$(\d+)/g, (_, n: string) => literals[Number(n) - 1]!)}`, params: [] };
}

function literalOf(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? "'true'" : "'false'";
  if (typeof value === 'number') return Number.isFinite(value) ? `'${value}'` : undefined;
  if (typeof value !== 'string' || /[\\\0]/.test(value)) return undefined;
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * How many pages are planned once per window of time: each one the process writes stays prepared
 * on every connection that ran it until the connection is replaced (postgres.js replaces each
 * within 30 to 60 minutes), at about 65 KB of PostgreSQL's memory on each. A window's first
 * hundred are planned once; later ones are planned each time until the next window.
 */
export class PlannedOnceBudget {
  private windowStart = -Infinity;
  private spent = 0;

  constructor(
    private readonly most = 100,
    private readonly windowMs = 60 * 60_000,
  ) {}

  take(now = Date.now()): boolean {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.spent = 0;
    }
    if (this.spent >= this.most) return false;
    this.spent++;
    return true;
  }
}
