/**
 * The scale section (`--scale`, minutes): for each shape, a database generated with
 * bench/scale/generate.ts (1,000,000 requests by default, the demo directory kept), Liaison started
 * on it, the triage queue, FHIR search and JSON list measured at 1 and 16 connections, and the
 * hot queries' plans from bench/scale/plans.ts (no sequential scan of the requests table).
 */
import type { CaseName } from './cases.js';
import { recreateDatabase, siblingDatabase } from './harness/database.js';
import { startLiaison } from './harness/server.js';
import { measureCases, type CaseResult } from './measure.js';

export type Shape = 'spread' | 'regional';
export const SCALE_CASES: CaseName[] = ['queue', 'search', 'list'];

export interface QueryPlan {
  name: string;
  sequentialScan: boolean;
  ms: number;
  /** Under generic plans (a prepared statement after a few runs); absent in reports before it was measured. */
  genericMs?: number;
}

export interface ScaleShapeResult {
  shape: Shape;
  requests: number;
  generateSeconds: number;
  results: CaseResult[];
  plans: QueryPlan[] | { error: string };
}

export type ScaleResult = { skipped: string } | { shapes: ScaleShapeResult[] };

export interface ScaleOptions {
  /** The run's database URL: the scale database is `<its name>_scale` on the same server (wiped). */
  databaseUrl: string;
  shapes: Shape[];
  requests: number;
  connections: number[];
  seconds: number;
  warmUpSeconds: number;
  rounds: number;
  signingKey: string;
  progress(line: string): void;
}

/** `not yet` is the placeholder's answer (the generator is built on another branch). */
const isPlaceholder = (err: unknown) => err instanceof Error && err.message.startsWith('not yet');

export async function scaleSection(options: ScaleOptions): Promise<ScaleResult> {
  const { generate } = await import('./scale/generate.js');
  const { hotQueryPlans } = await import('./scale/plans.js');
  const databaseUrl = siblingDatabase(options.databaseUrl, `${new URL(options.databaseUrl).pathname.slice(1)}_scale`);
  const shapes: ScaleShapeResult[] = [];
  for (const shape of options.shapes) {
    await recreateDatabase(databaseUrl);
    options.progress(`scale: generating ${options.requests} requests (${shape})`);
    let generated: { seconds: number; requests: number };
    try {
      generated = await generate({ databaseUrl, shape, requests: options.requests, log: (line) => options.progress(`scale: ${line}`) });
    } catch (err) {
      if (isPlaceholder(err)) return { skipped: 'no generator' };
      throw err;
    }
    const liaison = await startLiaison({ databaseUrl, signingKey: options.signingKey });
    try {
      const ctx = { liaison, ceilingServer: liaison, databaseUrl, readIds: [], acceptRate: new Map(), createRate: new Map() };
      // Latency at size, without ceilings: Liaison's own server has no framework-ceiling route
      // (bench/server.ts has), and the ceilings are measured on the small data set above.
      const { results } = await measureCases(ctx, { ...options, cases: SCALE_CASES, ceilings: false, progress: (line) => options.progress(`scale ${shape}: ${line}`) });
      let plans: ScaleShapeResult['plans'];
      try {
        plans = await hotQueryPlans(databaseUrl);
      } catch (err) {
        plans = { error: err instanceof Error ? err.message : String(err) };
      }
      shapes.push({ shape, requests: generated.requests, generateSeconds: generated.seconds, results, plans });
    } finally {
      await liaison.stop();
    }
  }
  return { shapes };
}
