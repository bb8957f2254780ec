/**
 * The raw-insert ceiling's process (forked by raw-ceiling.ts): a minimal postgres.js client that
 * writes, as fast as `connections` sessions can, the rows one FHIR ServiceRequest create writes —
 * copies of a real create's rows (the template) with new keys, one transaction each:
 *
 *   begin
 *   select nextval('request_reference_seq')          the request's reference
 *   insert into consultation_requests …               the request
 *   insert into request_identifiers …                 each identifier (one statement a row)
 *   insert into request_versions …                    the first version
 *   insert into request_events …                      each event (one statement a row)
 *   insert into notifications …                       what the change tells (one statement: the outbox rows)
 *   insert into access_log …                          the call (a create discloses the request it names:
 *                                                     no disclosed set, as for any call that shows one)
 *   commit
 *
 * The reads a create makes (caller, requester, service, the conditional create's lookup, the
 * read-back) are not here: this is what writing those rows costs, nothing else.
 */
import postgres from 'postgres';
import { percentile, serveRuns } from './child.js';

export interface RawCeilingOptions {
  databaseUrl: string;
  /** The id of a request a real FHIR create made: its rows are the template. */
  templateRequestId: string;
  connections: number;
  durationSeconds: number;
}

export interface RawCeilingResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  transactions: number;
  errors: number;
  /** Rows written per transaction, by table (to compare with what a create writes). */
  rowsPerTransaction: Record<string, number>;
  firstError?: string;
}

type Row = Record<string, unknown>;

async function template(sql: postgres.Sql, id: string) {
  const [request] = await sql<Row[]>`select * from consultation_requests where id = ${id}`;
  if (!request) throw new Error(`no template request ${id}`);
  const identifiers = await sql<Row[]>`select * from request_identifiers where request_id = ${id}`;
  const versions = await sql<Row[]>`select * from request_versions where request_id = ${id} order by version`;
  const events = await sql<Row[]>`select * from request_events where request_id = ${id} order by id`;
  const accesses = await sql<Row[]>`select * from access_log where request_id = ${id} order by id`;
  const setRequests = await sql<Row[]>`select r.* from disclosed_set_requests r join access_log a on a.disclosed_set = r.set_id where a.request_id = ${id}`;
  const notifications = await sql<Row[]>`select * from notifications where request_id = ${id}`;
  const without = (row: Row, ...keys: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));
  return {
    request,
    identifiers,
    versions,
    events: events.map((e) => without(e, 'id')),
    access: accesses.map((a) => without(a, 'id')),
    notifications,
    /** Requests in each call's disclosed set (none for a create; kept general for the row check). */
    setSizes: accesses.map((a) => setRequests.filter((r) => r.set_id === a.disclosed_set).length),
    rowsPerTransaction: {
      consultation_requests: 1,
      request_identifiers: identifiers.length,
      request_versions: versions.length,
      request_events: events.length,
      access_log: accesses.length,
      disclosed_sets: accesses.filter((a) => a.disclosed_set).length,
      disclosed_set_requests: setRequests.length,
      notifications: notifications.length,
    },
  };
}

async function run(options: RawCeilingOptions): Promise<RawCeilingResult> {
  const sql = postgres(options.databaseUrl, { max: options.connections, onnotice: () => {} });
  const t = await template(sql, options.templateRequestId);
  const prefix = `raw-${process.pid.toString(36)}-${Date.now().toString(36)}`;
  let n = 0;
  let errors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];

  const writeOne = async () => {
    const id = crypto.randomUUID();
    const k = n++;
    await sql.begin(async (tx) => {
      const [{ ref }] = (await tx`select nextval('request_reference_seq')::text as ref`) as unknown as [{ ref: string }];
      await tx`insert into consultation_requests ${tx({ ...t.request, id, reference: `RAW-${ref.padStart(6, '0')}` } as Row)}`;
      for (const identifier of t.identifiers) await tx`insert into request_identifiers ${tx({ ...identifier, request_id: id, value: `${prefix}-${k}` } as Row)}`;
      for (const version of t.versions) await tx`insert into request_versions ${tx({ ...version, request_id: id } as Row)}`;
      for (const event of t.events) await tx`insert into request_events ${tx({ ...event, request_id: id } as Row)}`;
      if (t.notifications.length) await tx`insert into notifications ${tx(t.notifications.map((r) => ({ ...r, id: crypto.randomUUID(), request_id: id })) as Row[])}`;
      for (const [i, access] of t.access.entries()) {
        const size = t.setSizes[i]!;
        const set = size ? crypto.randomUUID() : null;
        if (set) {
          await tx`insert into disclosed_sets (id, day) values (${set}, current_date)`;
          await tx`insert into disclosed_set_requests (set_id, request_id) select ${set}, gen_random_uuid() from generate_series(1, ${size})`;
        }
        await tx`insert into access_log ${tx({ ...access, request_id: id, disclosed_set: set } as Row)}`;
      }
    });
  };

  const deadline = performance.now() + options.durationSeconds * 1000;
  const started = performance.now();
  const session = async () => {
    while (performance.now() < deadline) {
      const begun = performance.now();
      try {
        await writeOne();
        latencies.push(performance.now() - begun);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
        if (errors > 100) return;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, session));
  const seconds = (performance.now() - started) / 1000;
  await sql.end();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    transactions: latencies.length,
    errors,
    rowsPerTransaction: t.rowsPerTransaction,
    ...(firstError ? { firstError } : {}),
  };
}

serveRuns(run);
