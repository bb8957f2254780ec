/**
 * HTTP load from a separate process: `load()` starts bench/harness/load-worker.ts (autocannon) as a
 * child, hands it the options over IPC and returns what it measured. The server under test and
 * the load generator never share an event loop.
 */
import { fileURLToPath } from 'node:url';
import { runInChild } from './child.js';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** One path, or several taken in turn (each once when `amount` equals their number). */
  path: string | string[];
  headers?: Record<string, string>;
  body?: string;
  /**
   * The bodies generator: every occurrence of this text in the body and the headers is replaced
   * by a value unique to each request (e.g. a conditional create's identifier).
   */
  unique?: string;
  connections: number;
  durationSeconds: number;
  /** Exactly this many requests instead of a duration (a supply that must not run out). */
  amount?: number;
}

export interface LoadResult {
  /** Responses a second over the run. */
  rps: number;
  /** Latency percentiles in milliseconds, over every response. */
  p50: number;
  p95: number;
  p99: number;
  responses: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  seconds: number;
  /** Status codes that were not 2xx, with their counts. */
  statuses: Record<string, number>;
}

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

export const load = (options: LoadOptions): Promise<LoadResult> => runInChild<LoadResult>(WORKER, options);
