/** The benchmark's report: one object (written as JSON) and its Markdown rendering. */
import type { CaseResult } from './measure.js';
import type { BundleSize, EmbeddedStart } from './memory.js';
import type { ScaleResult } from './scale-section.js';
import type { StatementsPerCall } from './statements.js';
import type { Target } from './targets.js';

export interface Machine {
  cores: number;
  cpu: string;
  memoryBytes: number;
  node: string;
  postgres: string;
  platform: string;
  /** 1-minute load average when the run began and ended: other work on the machine shows here. */
  loadAverage: { start: number; end: number };
}

export interface BenchReport {
  startedAt: string;
  minutes: number;
  commit: string;
  machine: Machine;
  options: { seconds: number; warmUpSeconds: number; rounds: number; connections: number[]; cases: string[]; quick: boolean; scale: boolean; poolSize?: number };
  /** Rows one FHIR create writes, by table (the raw ceiling writes the same). */
  createRows: Record<string, number>;
  /** Requests stored when the measured cases began (the reads run on these alone). */
  datasetRequests: number;
  /** Whether the server ran autovacuum; without it the bench ran ANALYZE before each timed run. */
  autovacuum: boolean;
  results: CaseResult[];
  /** What one call of each case sends to PostgreSQL. */
  statements: StatementsPerCall[];
  memory: { rssAtRestBytes: number; rssPeakUnderLoadBytes: number; rssAfterLoadBytes: number; bundle?: BundleSize; embedded?: EmbeddedStart };
  scale?: ScaleResult;
  targets: Target[];
  /** What broke (non-2xx, errors, a crash): the run exits 1. */
  broken: string[];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (n: number) => n.toFixed(n < 10 ? 1 : 0);
const verdict = (pass: boolean | null) => (pass === null ? '—' : pass ? '**pass**' : '**FAIL**');

function resultsTable(results: CaseResult[]): string[] {
  const lines = ['| case | conns | req/s | p50 ms | p95 ms | p99 ms | non-2xx | ceiling req/s | % of ceiling |', '|---|--:|--:|--:|--:|--:|--:|--:|--:|'];
  for (const r of results) {
    const m = r.median;
    const ceiling = r.ceiling ? `${r.ceiling.median.rps.toFixed(0)} (${r.ceiling.kind})` : '';
    const percent = r.ceiling ? `${r.ceiling.percent.toFixed(1)}%` : '';
    lines.push(`| ${r.case} | ${r.connections} | ${m.rps.toFixed(0)} | ${ms(m.p50)} | ${ms(m.p95)} | ${ms(m.p99)} | ${m.non2xx}${m.errors ? ` (+${m.errors} errors)` : ''} | ${ceiling} | ${percent} |`);
  }
  return lines;
}

export function renderMarkdown(report: BenchReport): string {
  const { machine: m, options: o, memory } = report;
  const out: string[] = [
    `# Liaison benchmark — ${report.startedAt}`,
    '',
    `Commit \`${report.commit}\`; ${m.cores} cores (${m.cpu}), ${mib(m.memoryBytes)} memory, Node ${m.node}, PostgreSQL ${m.postgres}, ${m.platform}. ` +
      `Load average ${m.loadAverage.start.toFixed(2)} at the start, ${m.loadAverage.end.toFixed(2)} at the end (other work on the machine shows here).`,
    '',
    `${o.quick ? 'Quick run: ' : ''}${o.seconds} s per run after a ${o.warmUpSeconds} s warm-up, median of ${o.rounds} round${o.rounds > 1 ? 's' : ''} ` +
      `(each round: the case, then its ceiling), at ${o.connections.join(', ')} connections; ${report.minutes.toFixed(1)} minutes in all.` +
      (o.poolSize ? ` Liaison's PostgreSQL pool: ${o.poolSize} connections (LIAISON_DATABASE_POOL_SIZE, twice the cores).` : ''),
    '',
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...report.targets.map((t) => `| ${t.target} | ${t.measured} | ${verdict(t.pass)} |`),
    '',
    '## Throughput and latency',
    '',
    `The reads run first, on ${report.datasetRequests} stored requests (the demo data and the prepared ones); then create and accept add theirs.${report.autovacuum ? '' : ' Autovacuum is off on this server, so the bench runs ANALYZE before each timed run, as autovacuum would.'}`,
    '',
    ...resultsTable(report.results),
    '',
    'Ceilings: **raw** is a minimal postgres.js client writing the rows one create writes ' +
      `(${Object.entries(report.createRows).map(([t, n]) => `${t} ${n}`).join(', ')}) in one transaction, with the same number of connections; ` +
      '**framework** is the same app answering a constant JSON behind the same authentication (token verified, the caller found as authentication finds them: remembered for LIAISON_CALLER_CACHE_SECONDS, so no database read once warm).',
  ];
  const notes = report.results.flatMap((r) => [...(r.ceiling?.note ? [`- ${r.case} @ ${r.connections}: ${r.ceiling.note}`] : []), ...(r.broken ? [`- ${r.case} @ ${r.connections}: **${r.broken}**`] : [])]);
  if (notes.length) out.push('', ...notes);
  if (report.statements.length) {
    out.push('', '## Statements per call', '', 'Counted between Liaison and PostgreSQL by a relay, one call at a time (ceiling: the framework-ceiling route). A round trip is a wait for PostgreSQL: statements sent before the answer to the previous ones (pipelined) share one.', '');
    out.push('| case | statements | parsed | round trips |', '|---|--:|--:|--:|', ...report.statements.map((s) => `| ${s.case} | ${s.statements} | ${s.parses} | ${s.roundTrips} |`));
  }
  out.push('', '## Memory and start', '');
  out.push(`- Server RSS: ${mib(memory.rssAtRestBytes)} at rest after start, ${mib(memory.rssPeakUnderLoadBytes)} peak under load, ${mib(memory.rssAfterLoadBytes)} at rest after the load.`);
  if (memory.bundle) out.push(`- Worker bundle: ${(memory.bundle.bytes / 1024).toFixed(0)} KiB, ${(memory.bundle.gzipBytes / 1024).toFixed(0)} KiB gzipped${memory.bundle.wranglerSays ? ` (wrangler: ${memory.bundle.wranglerSays})` : ''}.`);
  if (memory.embedded) {
    const e = memory.embedded;
    out.push(`- Embedded database: first start on a new data directory ${(e.firstStartMs / 1000).toFixed(2)} s (migrations and demo data), restart on it ${(e.restartMs / 1000).toFixed(2)} s (spawn to /health 200); RSS ${mib(e.rssBytes)}.`);
  }
  out.push('', '## Scale', '');
  if (!report.scale) out.push('Not run (`--scale`).');
  else if ('skipped' in report.scale) out.push(`skipped: ${report.scale.skipped}`);
  else {
    for (const shape of report.scale.shapes) {
      out.push(`### ${shape.shape}: ${shape.requests.toLocaleString('en')} requests (generated in ${shape.generateSeconds.toFixed(0)} s)`, '', ...resultsTable(shape.results), '');
      if ('error' in shape.plans) out.push(`Query plans failed: ${shape.plans.error}`);
      else out.push('| hot query | sequential scan | ms | generic plan ms |', '|---|---|--:|--:|', ...shape.plans.map((p) => `| ${p.name} | ${p.sequentialScan ? '**yes**' : 'no'} | ${ms(p.ms)} | ${p.genericMs === undefined ? '' : ms(p.genericMs)} |`));
      out.push('');
    }
  }
  if (report.broken.length) out.push('', '## Broken', '', ...report.broken.map((b) => `- ${b}`));
  return `${out.join('\n').trimEnd()}\n`;
}
