/**
 * `npm run bench`: Liaison on PostgreSQL measured from outside (issue 10). Starts the server and
 * the framework-ceiling server on a fresh database, prepares data, runs the cases against their
 * ceilings, measures memory and start-up, optionally the scale section, judges the targets, and
 * writes a Markdown and a JSON report to bench/results/ (the Markdown also to stdout; progress to
 * stderr). Exits 1 when something broke (non-2xx, errors, a crash), or with --strict on a failed target.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { CASE_NAMES, createRequests, type BenchContext, type CaseName } from './cases.js';
import { postgresVersion, recreateDatabase, settleStatistics } from './harness/database.js';
import { censusDelta, rowCensus } from './harness/raw-ceiling.js';
import { BENCH_POOL_SIZE, newSigningKey, startLiaison, type LiaisonProcess } from './harness/server.js';
import { measureCases, type CaseResult } from './measure.js';
import { embeddedStart, workerBundle, type BundleSize, type EmbeddedStart } from './memory.js';
import { renderMarkdown, type BenchReport } from './report.js';
import { scaleSection, type ScaleResult, type Shape } from './scale-section.js';
import { statementsPerCall, type StatementsPerCall } from './statements.js';
import { judgeTargets } from './targets.js';

const USAGE = `npm run bench -- [options]
  --database <url>      PostgreSQL database to use; everything in it is DROPPED (default: BENCH_DATABASE_URL)
  --duration <s>        seconds per measured run (default 10; --quick 3)
  --warm-up <s>         untimed seconds before each case and connection count (default 3; --quick 1)
  --rounds <n>          rounds per case, alternating with its ceiling; the median is reported (default 3; --quick 1)
  --connections <list>  connection counts (default 1,16,64; --quick 16)
  --only <list>         cases and sections: ${CASE_NAMES.join(',')},memory (default: all)
  --quick               a smoke run of about a minute
  --strict              exit 1 when a target fails (they are always reported)
  --scale               also the scale section (generates ${(1_000_000).toLocaleString('en')} requests per shape: minutes)
  --scale-requests <n>  requests per generated database (default 1000000)
  --scale-shapes <list> spread,regional (default both)`;

const { values: args } = parseArgs({
  options: {
    database: { type: 'string' },
    duration: { type: 'string' },
    'warm-up': { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    'scale-requests': { type: 'string' },
    'scale-shapes': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}
const positive = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number`);
  return n;
};
const list = (value: string | undefined) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const databaseUrl = args.database ?? process.env.BENCH_DATABASE_URL;
if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) fail('Name a PostgreSQL database the bench may wipe: --database <url> or BENCH_DATABASE_URL.');
const quick = args.quick;
const seconds = positive(args.duration, quick ? 3 : 10, 'duration');
const warmUpSeconds = positive(args['warm-up'], quick ? 1 : 3, 'warm-up');
const rounds = Math.round(positive(args.rounds, quick ? 1 : 3, 'rounds'));
const connections = (list(args.connections) ?? (quick ? ['16'] : ['1', '16', '64'])).map((c) => Math.round(positive(c, 1, 'connections')));
const only = list(args.only) ?? [...CASE_NAMES, 'memory'];
const unknown = only.filter((name) => name !== 'memory' && !(CASE_NAMES as readonly string[]).includes(name));
if (unknown.length) fail(`--only: unknown ${unknown.join(', ')}`);
const cases = CASE_NAMES.filter((name) => only.includes(name));
const shapes = (list(args['scale-shapes']) ?? ['spread', 'regional']) as Shape[];
if (shapes.some((s) => s !== 'spread' && s !== 'regional')) fail('--scale-shapes: spread and/or regional');
const scaleRequests = Math.round(positive(args['scale-requests'], 1_000_000, 'scale-requests'));

const began = Date.now();
const progress = (line: string) => console.error(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}`);

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '.', ':!bench/results'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

const startedAt = new Date();
// Read before the run: the run's own results (and anything edited meanwhile) must not change it.
const commitAtStart = commit();
const loadAtStart = loadavg()[0]!;
const broken: string[] = [];
const signingKey = newSigningKey();
let results: CaseResult[] = [];
let createRows: Record<string, number> = {};
let rssAtRestBytes = 0;
let rssPeakUnderLoadBytes = 0;
let rssAfterLoadBytes = 0;
let bundle: BundleSize | undefined;
let embedded: EmbeddedStart | undefined;
let scale: ScaleResult | undefined;
let statements: StatementsPerCall[] = [];
let readIds: string[] = [];
let datasetRequests = 0;
let autovacuum = true;
const servers: LiaisonProcess[] = [];

try {
  if (cases.length) {
    progress('emptying the database');
    await recreateDatabase(databaseUrl);
    progress(`starting Liaison (src/entry/node.ts)${cases.some((c) => c === 'read' || c === 'search') ? ' and the framework-ceiling server (bench/server.ts)' : ''}`);
    const liaison = await startLiaison({ databaseUrl, signingKey });
    servers.push(liaison);
    const ceilingServer = cases.some((c: CaseName) => c === 'read' || c === 'search') ? await startLiaison({ databaseUrl, signingKey, entry: 'ceiling' }) : liaison;
    if (ceilingServer !== liaison) servers.push(ceilingServer);
    await new Promise((r) => setTimeout(r, 1000));
    rssAtRestBytes = liaison.rssBytes();

    progress(`preparing: one create (its rows are the raw ceiling's template), then ${quick ? 50 : 200} requests to read`);
    const before = await rowCensus(databaseUrl);
    const [templateRequestId] = await createRequests(liaison, 1, 1);
    createRows = censusDelta(before, await rowCensus(databaseUrl));
    readIds = await createRequests(liaison, quick ? 50 : 200);
    datasetRequests = (await rowCensus(databaseUrl)).consultation_requests ?? 0;
    autovacuum = await settleStatistics(databaseUrl);
    if (!autovacuum) progress('autovacuum is off on this server: the bench runs ANALYZE before each timed run, as autovacuum would');
    const ctx: BenchContext = { liaison, ceilingServer, databaseUrl, readIds, acceptRate: new Map(), createRate: new Map() };
    const measured = await measureCases(ctx, { cases, connections, seconds, warmUpSeconds, rounds, createRows, templateRequestId: templateRequestId!, progress });
    results = measured.results;
    rssPeakUnderLoadBytes = measured.peakRss;
    await new Promise((r) => setTimeout(r, 2000));
    rssAfterLoadBytes = liaison.rssBytes();
    for (const server of servers) if (!server.rssBytes()) broken.push(`a server exited during the run:\n${server.tail()}`);
    broken.push(...results.flatMap((r) => (r.broken ? [`${r.case} @ ${r.connections}: ${r.broken}`] : [])));
  }
} catch (err) {
  broken.push(`crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  if (broken.length) for (const server of servers) progress(`server ${server.pid} printed last:\n${server.tail(20)}`);
  await Promise.all(servers.map((s) => s.stop()));
}

if (cases.length && !broken.length) {
  try {
    progress('statements per call (Liaison through a counting relay to PostgreSQL)');
    statements = await statementsPerCall({ databaseUrl, signingKey, cases, readIds });
  } catch (err) {
    broken.push(`statement count: ${err instanceof Error ? err.message : String(err)}`);
  }
}

if (only.includes('memory') && !broken.some((b) => b.startsWith('crashed'))) {
  try {
    progress('Worker bundle (wrangler deploy --dry-run)');
    bundle = await workerBundle();
    progress('embedded database: first start and restart');
    embedded = await embeddedStart();
  } catch (err) {
    broken.push(`memory section: ${err instanceof Error ? err.message : String(err)}`);
  }
}

if (args.scale) {
  try {
    scale = await scaleSection({ databaseUrl, shapes, requests: scaleRequests, connections: [1, 16], seconds, warmUpSeconds, rounds, signingKey, progress });
    if ('shapes' in scale) for (const shape of scale.shapes) broken.push(...shape.results.flatMap((r) => (r.broken ? [`scale ${shape.shape}: ${r.case} @ ${r.connections}: ${r.broken}`] : [])));
  } catch (err) {
    broken.push(`scale section: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}

const report: BenchReport = {
  startedAt: startedAt.toISOString(),
  minutes: (Date.now() - began) / 60_000,
  commit: commitAtStart,
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    postgres: await postgresVersion(databaseUrl).catch(() => 'unknown'),
    platform: `${platform()} ${release()}`,
    loadAverage: { start: loadAtStart, end: loadavg()[0]! },
  },
  options: { seconds, warmUpSeconds, rounds, connections, cases, quick, scale: args.scale, poolSize: BENCH_POOL_SIZE },
  createRows,
  datasetRequests,
  autovacuum,
  results,
  statements,
  memory: { rssAtRestBytes, rssPeakUnderLoadBytes, rssAfterLoadBytes, ...(bundle ? { bundle } : {}), ...(embedded ? { embedded } : {}) },
  ...(scale ? { scale } : {}),
  targets: judgeTargets({ results, bundle, embedded, scale }),
  broken,
};

const markdown = renderMarkdown(report);
const dir = new URL('./results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const stamp = startedAt.toISOString().slice(0, 16).replace(/[:T]/g, '-');
const name = `${stamp}${quick ? '-quick' : ''}`;
writeFileSync(new URL(`${name}.md`, dir), markdown);
writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify(report, null, 2)}\n`);
console.log(markdown);
progress(`written to bench/results/${name}.md and .json`);

const failedTargets = report.targets.filter((t) => t.pass === false);
if (broken.length) {
  console.error(`Something broke:\n${broken.map((b) => `  ${b}`).join('\n')}`);
  process.exit(1);
}
if (args.strict && failedTargets.length) {
  console.error(`--strict: ${failedTargets.length} target(s) failed: ${failedTargets.map((t) => t.target).join('; ')}`);
  process.exit(1);
}
process.exit(0);
