/**
 * What one call of each case costs the database: Liaison (and the framework-ceiling server) started
 * once more, connected through the counting relay (harness/statement-counter.ts), then each case
 * called one at a time — a few warm calls, then ten counted — and the statements, parses and round
 * trips divided by ten. Work a call leaves for after its response is counted too (the relay waits
 * until the server has gone quiet).
 */
import { CASES, frameworkLoad, type BenchContext, type CaseName } from './cases.js';
import type { LoadOptions } from './harness/load.js';
import { startLiaison, type LiaisonProcess } from './harness/server.js';
import { startStatementCounter, type StatementCounts } from './harness/statement-counter.js';

export interface StatementsPerCall extends StatementCounts {
  case: CaseName | 'ceiling';
}

const WARM = 3;
const COUNTED = 10;

async function call(options: LoadOptions, n: number): Promise<void> {
  const paths = Array.isArray(options.path) ? options.path : [options.path];
  const unique = `stmt-${Date.now().toString(36)}-${n}`;
  const fill = (text: string) => (options.unique ? text.split(options.unique).join(unique) : text);
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k, fill(v)]));
  const res = await fetch(`${options.url}${paths[n % paths.length]}`, { method: options.method ?? 'GET', headers, ...(options.body !== undefined ? { body: fill(options.body) } : {}) });
  await res.arrayBuffer();
  if (res.status < 200 || res.status > 299) throw new Error(`statement count: ${options.method ?? 'GET'} ${paths[0]} answered ${res.status}`);
}

export async function statementsPerCall(input: { databaseUrl: string; signingKey: string; cases: CaseName[]; readIds: string[] }): Promise<StatementsPerCall[]> {
  const counter = await startStatementCounter(input.databaseUrl);
  const servers: LiaisonProcess[] = [];
  try {
    const liaison = await startLiaison({ databaseUrl: counter.url, signingKey: input.signingKey });
    servers.push(liaison);
    const ceilingServer = await startLiaison({ databaseUrl: counter.url, signingKey: input.signingKey, entry: 'ceiling' });
    servers.push(ceilingServer);
    const ctx: BenchContext = { liaison, ceilingServer, databaseUrl: counter.url, readIds: input.readIds, acceptRate: new Map(), createRate: new Map() };
    const plans: { name: StatementsPerCall['case']; options: LoadOptions }[] = [{ name: 'ceiling', options: await frameworkLoad(ctx, 1, 1) }];
    // Four connections' worth of the accept supply: enough submitted requests for every call.
    for (const c of CASES.filter((d) => input.cases.includes(d.name))) plans.push({ name: c.name, options: await c.loadFor(ctx, 4, 0.01, false) });
    const rows: StatementsPerCall[] = [];
    let n = 0;
    for (const { name, options } of plans) {
      for (let i = 0; i < WARM; i++) await call(options, n++);
      await counter.quiet();
      const before = counter.counts();
      for (let i = 0; i < COUNTED; i++) await call(options, n++);
      await counter.quiet();
      const after = counter.counts();
      rows.push({
        case: name,
        statements: (after.statements - before.statements) / COUNTED,
        parses: (after.parses - before.parses) / COUNTED,
        roundTrips: (after.roundTrips - before.roundTrips) / COUNTED,
      });
    }
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await counter.close();
  }
}
