/**
 * The hot queries' plans on a generated database (generate.ts): each hot call — the GP's list,
 * the triage queue, a psychiatrist's cases, FHIR searches, reads — is made through the real app
 * in-process, its SQL captured with drizzle's logger (as test/api/query-plans.test.ts does), then
 * explained with EXPLAIN (ANALYZE, FORMAT JSON) in a transaction that is rolled back, twice: with
 * its values (a custom plan) and as the generic plan a prepared statement may settle on after a few
 * runs (planned without the values: a partial index is then usable only where the statement names
 * its states, src/store/constants-in-sql.ts). A sequential scan of a request table in either plan
 * is flagged; each call's SQL is timed under both plans (median of five runs).
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createApp } from '../../src/app.js';
import { TokenSigner } from '../../src/auth/tokens.js';
import { DEMO, DEMO_CLIENTS, DEMO_USERS } from '../../src/demo/directory.js';
import type { Database } from '../../src/store/database.js';
import { createStore } from '../../src/store/index.js';
import * as schema from '../../src/store/schema.js';

export interface HotQueryPlan {
  name: string;
  /** Some statement of the call reads a request table sequentially. */
  sequentialScan: boolean;
  /** The call's SQL: planning and execution of every statement, median of five runs. */
  ms: number;
  /** The same under generic plans (what a prepared statement may run after its fifth call). */
  genericMs: number;
  /** The whole call in-process (routing, SQL, JSON), median of five runs. */
  callMs: number;
  statements: number;
  /** The sequential scans, by table. */
  scans: string[];
  /** Rows the call's statements read from request tables (index, bitmap and sequential scans). */
  rowsRead: number;
  /** The same under generic plans. */
  genericRowsRead: number;
}

/** Tables that grow with the requests: none of them may be read whole on a hot path. */
const REQUEST_TABLES = /^(consultation_requests|request_events|request_versions|request_identifiers|communications|communication_identifiers|access_log|disclosed_sets|disclosed_set_requests)$/;
const RUNS = 5;
const SIGNING_KEY = 'hot-query-plans-signing-key-0123456789abcdef';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}
interface Explained {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
}

/** A hot call: who makes it and what they ask. */
interface HotCall {
  name: string;
  who: string;
  method?: 'GET' | 'POST';
  /** A path, or one made from the response of the call named `after` (its next page). */
  path: string | ((previous: { nextCursor?: string | null }) => string | null);
  after?: string;
  body?: unknown;
  /** Served as an instance that keeps triage lists does when it reads one whole (store/kept-triage-lists.ts). */
  readToKeep?: true;
}

export async function hotQueryPlans(databaseUrl: string): Promise<HotQueryPlan[]> {
  const sql = postgres(databaseUrl, { max: 4, onnotice: () => {}, fetch_types: false });
  const captured: { query: string; params: unknown[] }[] = [];
  const db = drizzle(sql, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Database;
  const store = createStore(db);
  // A count of changes that moves at every look: each list is read whole, as after every change, and never kept.
  let moves = 0;
  const readingToKeep = createStore(db, undefined, { changes: { current: () => ++moves, committed: () => {} }, most: 10 });
  const appOf = (s: typeof store) => createApp({ config: { publicUrl: undefined, signingKey: SIGNING_KEY, tokenTtlMinutes: 60, maxBodyBytes: 1 << 20, rateLimitPerMinute: 0 }, storeFor: () => s });
  const [app, keepingApp] = [appOf(store), appOf(readingToKeep)];
  const signer = new TokenSigner(SIGNING_KEY);
  try {
    const calls = await hotCalls(sql);
    const results: HotQueryPlan[] = [];
    const bodies = new Map<string, { nextCursor?: string | null }>();
    for (const call of calls) {
      const user = DEMO_USERS.find((u) => u.email === call.who);
      const token = await signer.issue(user ? { kind: 'user', id: user.id } : { kind: 'client', id: call.who }, 60);
      const path = typeof call.path === 'string' ? call.path : call.path(bodies.get(call.after!) ?? {});
      // A list of one page has no next page to measure.
      if (path === null) continue;
      const request = () => (call.readToKeep ? keepingApp : app).request(`http://liaison.test${path}`, { method: call.method ?? 'GET', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: call.body ? JSON.stringify(call.body) : undefined });
      const first = await request();
      if (first.status !== 200) throw new Error(`${call.name}: ${first.status} ${await first.text()}`);
      bodies.set(call.name, (await first.json()) as { nextCursor?: string | null });
      const callTimes: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        captured.length = 0;
        const started = performance.now();
        await (await request()).text();
        callTimes.push(performance.now() - started);
      }
      const statements = [...captured];
      const scans = new Set<string>();
      const rowsRead = { custom: 0, generic: 0 };
      const times = { custom: Array.from({ length: RUNS }, () => 0), generic: Array.from({ length: RUNS }, () => 0) };
      for (const { query, params } of statements) {
        for (const plan of ['custom', 'generic'] as const) {
          for (let run = 0; run < RUNS; run++) {
            const explained = await explain(sql, query, params, run === 0, plan === 'generic');
            times[plan][run]! += explained['Planning Time'] + explained['Execution Time'];
            if (run === 0) rowsRead[plan] += walk(explained.Plan, scans);
          }
        }
      }
      results.push({
        name: call.name,
        sequentialScan: scans.size > 0,
        ms: round(median(times.custom)),
        genericMs: round(median(times.generic)),
        callMs: round(median(callTimes)),
        statements: statements.length,
        scans: [...scans],
        rowsRead: rowsRead.custom,
        genericRowsRead: rowsRead.generic,
      });
    }
    return results;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The calls, with ids and values read from the database (a patient, a request, a page cursor). */
async function hotCalls(sql: postgres.Sql): Promise<HotCall[]> {
  const gp = DEMO_USERS.find((u) => u.email === 'gp@demo.liaison.test')!;
  const [patient] = await sql<{ system: string; value: string }[]>`
    select patient_identifier_system as system, patient_identifier_value as value from consultation_requests
    where organisation_id = ${DEMO.practice.id} and requester_id = ${gp.id} and state = 'closed' order by updated_at desc limit 1`;
  const [request] = await sql<{ id: string }[]>`select id from consultation_requests where organisation_id = ${DEMO.practice.id} and state = 'closed' order by updated_at desc limit 1`;
  const since = new Date(Date.now() - 86_400_000).toISOString();
  const service = DEMO.service.id;
  const ehr = DEMO_CLIENTS[0]!.id;
  const psychiatrist = 'psychiatrist@demo.liaison.test';
  const calls: HotCall[] = [
    { name: "GP's list, limit=20", who: gp.email, path: '/api/requests?limit=20' },
    { name: "GP's list, status=submitted", who: gp.email, path: '/api/requests?limit=20&status=submitted' },
    { name: "GP's list, status=accepted,scheduled", who: gp.email, path: '/api/requests?limit=20&status=accepted,scheduled' },
    { name: "GP's list, status=closed", who: gp.email, path: '/api/requests?limit=20&status=closed' },
    { name: "psychiatrist's list, limit=20", who: psychiatrist, path: '/api/requests?limit=20' },
    { name: 'triage queue, first page', who: psychiatrist, path: `/api/services/${service}/queue` },
    { name: '/api/me/cases', who: psychiatrist, path: '/api/me/cases' },
    { name: 'triage queue, read whole to be kept', who: psychiatrist, path: `/api/services/${service}/queue`, readToKeep: true },
    { name: '/api/me/cases, read whole to be kept', who: psychiatrist, path: '/api/me/cases', readToKeep: true },
    { name: 'FHIR status=active&performer (psychiatrist)', who: psychiatrist, path: `/fhir/ServiceRequest?status=active&performer=HealthcareService/${service}&_count=20` },
    { name: 'FHIR status=active&performer (EHR)', who: ehr, path: `/fhir/ServiceRequest?status=active&performer=HealthcareService/${service}&_count=20` },
    { name: 'FHIR status=active (EHR)', who: ehr, path: '/fhir/ServiceRequest?status=active&_count=20' },
    { name: 'FHIR _lastUpdated=gt(1 day)', who: ehr, path: `/fhir/ServiceRequest?_lastUpdated=gt${encodeURIComponent(since)}&_count=20` },
    { name: 'FHIR read by id', who: ehr, path: `/fhir/ServiceRequest/${request!.id}` },
    { name: 'JSON read by id', who: gp.email, path: `/api/requests/${request!.id}` },
    { name: 'FHIR patient identifier search', who: ehr, path: `/fhir/ServiceRequest?patient:identifier=${encodeURIComponent(`${patient!.system}|${patient!.value}`)}` },
    { name: 'JSON patient identifier search', who: gp.email, method: 'POST', path: '/api/requests/search', body: { patientIdentifier: { system: patient!.system, value: patient!.value }, limit: 20 } },
  ];
  // The next pages, from the cursors the first pages handed out.
  calls.push({ name: "GP's list, page 2", who: gp.email, after: calls[0]!.name, path: (p) => (p.nextCursor ? `/api/requests?limit=20&cursor=${p.nextCursor}` : null) });
  calls.push({ name: 'triage queue, page 2', who: psychiatrist, after: 'triage queue, first page', path: (p) => (p.nextCursor ? `/api/services/${service}/queue?cursor=${p.nextCursor}` : null) });
  return calls;
}

/**
 * EXPLAIN ANALYZE in a transaction that is rolled back (an access-log insert is explained too).
 * `generic`: the statement is prepared and executed under a forced generic plan, its values written
 * as untyped literals, which EXECUTE casts to the parameters' types.
 */
async function explain(sql: postgres.Sql, query: string, params: unknown[], timing: boolean, generic: boolean): Promise<Explained> {
  let explained: Explained | undefined;
  const options = `analyze, timing ${timing ? 'on' : 'off'}, format json`;
  await sql
    .begin(async (tx) => {
      let rows;
      if (generic) {
        await tx`set local plan_cache_mode = force_generic_plan`;
        await tx.unsafe(`prepare hot_query_plan as ${query}`);
        rows = await tx.unsafe(`explain (${options}) execute hot_query_plan${executeArguments(params)}`);
        // A prepared statement outlives the transaction's rollback.
        await tx.unsafe('deallocate hot_query_plan');
      } else rows = await tx.unsafe(`explain (${options}) ${query}`, params as never[]);
      explained = (rows[0] as unknown as { 'QUERY PLAN': Explained[] })['QUERY PLAN'][0];
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return explained!;
}

class Rollback extends Error {}

/**
 * The arguments of `EXECUTE` for a statement's values: each an SQL literal of unknown type, which
 * EXECUTE casts to its parameter's type; nothing for a statement without parameters (a page
 * planned each time, or once for its values, has them written in: src/store/planned-each-time.ts).
 */
export function executeArguments(params: unknown[]): string {
  const literal = (v: unknown): string =>
    v === null || v === undefined ? 'null' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : `'${String(v instanceof Date ? v.toISOString() : v).replaceAll("'", "''")}'`;
  return params.length ? `(${params.map(literal).join(', ')})` : '';
}

/** Adds the sequential scans of request tables to `scans`; returns the rows read from request tables. */
function walk(node: PlanNode, scans: Set<string>): number {
  const table = node['Relation Name'] ?? '';
  let rows = 0;
  if (REQUEST_TABLES.test(table) && /Scan/.test(node['Node Type'])) {
    rows = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
    if (node['Node Type'] === 'Seq Scan') scans.add(table);
  }
  return rows + (node.Plans ?? []).reduce((sum, child) => sum + walk(child, scans), 0);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (ms: number) => Math.round(ms * 100) / 100;
