/**
 * Runs the cases: for each case and connection count an untimed warm-up, then `rounds` rounds of
 * the case alternating with its ceiling (case, ceiling, case, ceiling…) so the machine's drift
 * touches both alike; the medians of the rounds are what the report prints. Samples the server's
 * RSS while load runs.
 */
import { CASES, frameworkLoad, type BenchContext, type CaseDefinition, type CaseName, type CeilingKind } from './cases.js';
import { load, type LoadResult } from './harness/load.js';
import { settleStatistics } from './harness/database.js';
import { rawCeiling, rowDifferences } from './harness/raw-ceiling.js';

export interface Measurement {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface CaseResult {
  case: CaseName;
  title: string;
  connections: number;
  /** Medians over the rounds (non-2xx and errors: summed). */
  median: Measurement;
  rounds: Measurement[];
  /** Status codes other than 2xx over all rounds. */
  statuses: Record<string, number>;
  ceiling?: { kind: CeilingKind; median: Measurement; rounds: Measurement[]; percent: number; note?: string };
  /** Why this result cannot be trusted (non-2xx, errors, a ceiling that failed). */
  broken?: string;
}

export interface MeasureOptions {
  cases: CaseName[];
  connections: number[];
  seconds: number;
  warmUpSeconds: number;
  rounds: number;
  /** The tables and rows one real create writes (raw-ceiling check). */
  createRows?: Record<string, number>;
  /** A request a real create made: the raw client copies its rows (needed for the raw ceiling). */
  templateRequestId?: string;
  /** Whether the ceilings run beside the cases (default yes; the scale section measures latency at size alone). */
  ceilings?: boolean;
  progress(line: string): void;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function medianOf(rounds: Measurement[]): Measurement {
  return {
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p95: median(rounds.map((r) => r.p95)),
    p99: median(rounds.map((r) => r.p99)),
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
  };
}

const measurement = (r: LoadResult | Measurement): Measurement => ({ rps: r.rps, p50: r.p50, p95: r.p95, p99: r.p99, non2xx: r.non2xx, errors: r.errors });
const brief = (m: Measurement) => `${m.rps.toFixed(0)}/s p50 ${m.p50.toFixed(1)} p99 ${m.p99.toFixed(1)} ms${m.non2xx ? ` non-2xx ${m.non2xx}` : ''}${m.errors ? ` errors ${m.errors}` : ''}`;

/** Peak RSS of the measured server while `work` runs (sampled every 250 ms). */
export async function withPeakRss<T>(rss: () => number, work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = rss();
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 250);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, rss()) };
  } finally {
    clearInterval(timer);
  }
}

async function ceilingRun(ctx: BenchContext, kind: CeilingKind, connections: number, options: MeasureOptions): Promise<{ m: Measurement; note?: string }> {
  if (kind === 'framework') return { m: measurement(await load(await frameworkLoad(ctx, connections, options.seconds))) };
  if (!options.templateRequestId) throw new Error('the raw ceiling needs a template request');
  const raw = await rawCeiling({ databaseUrl: ctx.databaseUrl, templateRequestId: options.templateRequestId, connections, durationSeconds: options.seconds });
  const differences = rowDifferences(options.createRows ?? {}, raw.rowsPerTransaction);
  const note = [...(raw.firstError ? [`raw client error: ${raw.firstError}`] : []), ...(differences.length ? [`rows differ from a create's: ${differences.join('; ')}`] : [])].join('; ');
  return { m: measurement({ ...raw, non2xx: 0 }), ...(note ? { note } : {}) };
}

/** One case at one connection count: warm-up, then the rounds, each followed by the case's ceiling. */
async function measureOne(ctx: BenchContext, definition: CaseDefinition, connections: number, options: MeasureOptions): Promise<{ result: CaseResult; peakRss: number }> {
  const label = `${definition.name} @ ${connections}`;
  options.progress(`${label}: warm-up ${options.warmUpSeconds} s`);
  await load(await definition.loadFor(ctx, connections, options.warmUpSeconds, true));
  let peakRss = 0;
  const rounds: Measurement[] = [];
  const ceilings: Measurement[] = [];
  const notes = new Set<string>();
  const statuses: Record<string, number> = {};
  const ceilingKind = options.ceilings === false ? undefined : definition.ceiling;
  for (let round = 1; round <= options.rounds; round++) {
    // Untimed: the rows the last run added are in the statistics before the next one starts.
    await settleStatistics(ctx.databaseUrl);
    const run = await withPeakRss(ctx.liaison.rssBytes, async () => load(await definition.loadFor(ctx, connections, options.seconds, false)));
    peakRss = Math.max(peakRss, run.peak);
    rounds.push(measurement(run.value));
    for (const [code, n] of Object.entries(run.value.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
    if (definition.name === 'accept') ctx.acceptRate.set(connections, run.value.rps);
    if (definition.name === 'create') ctx.createRate.set(connections, run.value.rps);
    options.progress(`${label} round ${round}: ${brief(rounds.at(-1)!)}`);
    if (ceilingKind) {
      await settleStatistics(ctx.databaseUrl);
      const ceiling = await ceilingRun(ctx, ceilingKind, connections, options);
      ceilings.push(ceiling.m);
      if (ceiling.note) notes.add(ceiling.note);
      options.progress(`${label} round ${round}: ${ceilingKind} ceiling ${brief(ceiling.m)}`);
    }
  }
  const result: CaseResult = { case: definition.name, title: definition.title, connections, median: medianOf(rounds), rounds, statuses };
  if (ceilingKind) {
    const ceilingMedian = medianOf(ceilings);
    const note = [...notes].join('; ');
    result.ceiling = { kind: ceilingKind, median: ceilingMedian, rounds: ceilings, percent: (100 * result.median.rps) / ceilingMedian.rps, ...(note ? { note } : {}) };
  }
  const problems = [
    ...(result.median.non2xx ? [`${result.median.non2xx} non-2xx (${Object.entries(statuses).map(([c, n]) => `${c}×${n}`).join(', ')})`] : []),
    ...(result.median.errors ? [`${result.median.errors} connection errors or timeouts`] : []),
    ...(result.ceiling && (result.ceiling.median.errors || result.ceiling.median.non2xx) ? [`the ${result.ceiling.kind} ceiling failed: ${result.ceiling.note ?? `${result.ceiling.median.non2xx} non-2xx, ${result.ceiling.median.errors} errors`}`] : []),
  ];
  if (problems.length) result.broken = problems.join('; ');
  return { result, peakRss };
}

/** Every chosen case at every connection count; a case that throws is reported broken and the others still run. */
export async function measureCases(ctx: BenchContext, options: MeasureOptions): Promise<{ results: CaseResult[]; peakRss: number }> {
  const results: CaseResult[] = [];
  let peakRss = 0;
  for (const definition of CASES.filter((c) => options.cases.includes(c.name))) {
    for (const connections of options.connections) {
      try {
        const measured = await measureOne(ctx, definition, connections, options);
        results.push(measured.result);
        peakRss = Math.max(peakRss, measured.peakRss);
      } catch (err) {
        const zero = { rps: 0, p50: 0, p95: 0, p99: 0, non2xx: 0, errors: 0 };
        results.push({ case: definition.name, title: definition.title, connections, median: zero, rounds: [], statuses: {}, broken: `failed: ${err instanceof Error ? err.message : String(err)}` });
        options.progress(`${definition.name} @ ${connections} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return { results, peakRss };
}
