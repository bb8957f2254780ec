/**
 * Liaison as a real Node process for the benchmark: `src/entry/start.mjs` (the product as `npm start`
 * runs it, src/entry/node.ts compiled: what every measured case hits) or `bench/server.ts` (the same
 * app plus the framework-ceiling route, through tsx),
 * against PostgreSQL with the demo data, rate limits off, in development mode. Waits for /health;
 * hands out tokens signed the way `npm run token` signs them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenSigner } from '../../src/auth/tokens.js';
import { findDemoIdentity } from '../../src/demo/directory.js';

export interface LiaisonProcess {
  url: string;
  pid: number;
  /** A bearer token for a demo person (by email) or system client (by client id). */
  tokenFor(emailOrClientId: string): Promise<string>;
  /** The server's resident set size now (Linux: /proc/<pid>/status). */
  rssBytes(): number;
  /** The last lines it printed (request lines, errors): for a failure message. */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** PostgreSQL; without it the embedded database in `dataDir` (see embeddedStart in memory.ts). */
  databaseUrl?: string;
  /** `node`: src/entry/start.mjs, as `npm start` runs it; `ceiling`: bench/server.ts. */
  entry?: 'node' | 'ceiling';
  /** Extra Node flags for the server, e.g. `--cpu-prof` to profile it under the bench's load. */
  execArgv?: string[];
  /** Shared by every server of one run, so one token works on all of them. */
  signingKey?: string;
  /** A data directory to keep (embedded database); a temporary one otherwise. */
  dataDir?: string;
  /** How long to wait for /health 200. */
  timeoutMs?: number;
  env?: Record<string, string>;
}

/**
 * Node's flags for the server, as `npm start` gives them (package.json): a young generation of up
 * to 64 MB a semi-space, so that short-lived objects (rows, views, JSON) die in fewer, cheaper
 * scavenges (measured A/B at 16 connections: CPU a call 13–15% less on the queue, 7% on create),
 * and stack traces through the compiled entry's source map.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64', '--enable-source-maps'];

/** What each entry is run with: the compiled product by Node alone, the ceiling server through tsx. */
const ENTRIES = { node: ['src/entry/start.mjs'], ceiling: ['--import', 'tsx', 'bench/server.ts'] } as const;

/**
 * The pool size the servers run with: twice the cores, as the README sizes it for an operator
 * (PostgreSQL runs on this machine's cores), within the setting's 100. `options.env` may set another.
 */
export const BENCH_POOL_SIZE = Math.min(100, 2 * availableParallelism());

export const newSigningKey = (): string => randomBytes(32).toString('base64url');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Polls /health until it answers 200; rejects when the process exits or time runs out. */
export async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Liaison exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Liaison did not answer /health within ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function startLiaison(options: StartOptions = {}): Promise<LiaisonProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const signingKey = options.signingKey ?? newSigningKey();
  const scratch = mkdtempSync(join(tmpdir(), 'liaison-bench-'));
  const dataDir = options.dataDir ?? join(scratch, 'data');
  // Output to a file, as a service manager would keep it: a pipe we had to drain would cost this process CPU.
  const logFile = join(scratch, 'server.log');
  const out = openSync(logFile, 'a');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    LIAISON_ENV: 'development',
    LIAISON_DATA_DIR: dataDir,
    LIAISON_SIGNING_KEY: signingKey,
    LIAISON_DEMO_DATA: 'true',
    LIAISON_RATE_LIMIT_PER_MINUTE: '0',
    LIAISON_ADDRESS_RATE_LIMIT_PER_MINUTE: '0',
    LIAISON_DATABASE_POOL_SIZE: String(BENCH_POOL_SIZE),
    ...options.env,
  };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  // One node process (no wrapper): the pid is the server's own, for RSS and signals.
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(options.execArgv ?? []), ...ENTRIES[options.entry ?? 'node']], { env, stdio: ['ignore', out, out] });
  closeSync(out);
  const tail = (lines = 30) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const cleanup = () => rmSync(scratch, { recursive: true, force: true });
  try {
    await waitForHealth(url, child, options.timeoutMs ?? 120_000, tail);
  } catch (err) {
    child.kill('SIGKILL');
    cleanup();
    throw err;
  }
  const signer = new TokenSigner(signingKey);
  const tokens = new Map<string, Promise<string>>();
  return {
    url,
    pid: child.pid!,
    tokenFor(who) {
      const subject = findDemoIdentity(who);
      if (!subject) throw new Error(`No demo person or client called ${who}`);
      if (!tokens.has(who)) tokens.set(who, signer.issue(subject, 24 * 60));
      return tokens.get(who)!;
    },
    rssBytes: () => rssOf(child.pid!),
    tail,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
}

/** Resident set size of a process in bytes; 0 when it is gone or the platform has no /proc. */
export function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
