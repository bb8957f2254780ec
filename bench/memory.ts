/**
 * Footprint: the Worker bundle gzipped (what `wrangler deploy` would upload), and the embedded
 * database's start on a new data directory and restart on an existing one (spawn to /health 200).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startLiaison } from './harness/server.js';

export interface BundleSize {
  bytes: number;
  gzipBytes: number;
  /** What wrangler itself printed ("Total Upload: … / gzip: …"), when it did. */
  wranglerSays?: string;
}

export interface EmbeddedStart {
  firstStartMs: number;
  restartMs: number;
  /** RSS right after the restart. */
  rssBytes: number;
}

/** `wrangler deploy --dry-run --outdir <tmp>`, then the gzip size of what it wrote (source maps are not uploaded). */
export async function workerBundle(): Promise<BundleSize> {
  const outdir = mkdtempSync(join(tmpdir(), 'liaison-bundle-'));
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', outdir], {
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrangler deploy --dry-run failed (${code}):\n${text.slice(-2000)}`))));
    });
    let bytes = 0;
    let gzipBytes = 0;
    for (const name of readdirSync(outdir)) {
      if (name.endsWith('.map') || name === 'README.md') continue;
      const content = readFileSync(join(outdir, name));
      bytes += content.length;
      gzipBytes += gzipSync(content, { level: 9 }).length;
    }
    const said = /Total Upload:[^\n]*/.exec(output)?.[0].trim();
    return { bytes, gzipBytes, ...(said ? { wranglerSays: said } : {}) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Starts the Node entry on a new embedded data directory, stops it, and starts it again on the same one. */
export async function embeddedStart(): Promise<EmbeddedStart> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'liaison-embedded-')), 'data');
  try {
    let started = performance.now();
    const first = await startLiaison({ dataDir });
    const firstStartMs = performance.now() - started;
    await first.stop();
    started = performance.now();
    const again = await startLiaison({ dataDir });
    const restartMs = performance.now() - started;
    const rssBytes = again.rssBytes();
    await again.stop();
    return { firstStartMs, restartMs, rssBytes };
  } finally {
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }
}
