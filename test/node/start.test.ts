/**
 * The README's promise, as a real process: `npm start` runs Liaison on embedded PGlite in a
 * data directory, seeds demo data once, prints how to get a token, and keeps data across a
 * restart. It runs src/entry/node.ts compiled (src/entry/start.mjs), compiled again when the
 * build is older than the sources. A bad setting stops it with a message naming the variable.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServer, stopServer, type ServerProcess } from './server-process.js';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'liaison-start-'));
const env = { ...process.env, LIAISON_DATA_DIR: dataDir, DATABASE_URL: '', LIAISON_SIGNING_KEY: '', LIAISON_DEMO_DATA: '', LIAISON_ENV: '', HOST: '', PUBLIC_URL: '' };

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm start`'s entry, ready once it has printed how to get a token (the last line of its greeting). */
const start = (port: number): Promise<ServerProcess> => startServer({}, port, { baseEnv: env, readyLine: 'npm run --silent token', compiled: true });
const BUILT = join(process.cwd(), 'dist', 'entry', 'node.mjs');
const COMPILED = 'Compiled src/entry/node.ts';

function token(who: string): string {
  const result = spawnSync(tsx, ['src/entry/token.ts', who], { env, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

describe('npm start on the embedded database', () => {
  it('compiles when its build is older than the sources, starts, seeds demo data once, serves tokens and keeps data across a restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // A build older than every source, as after a pull: it must not run.
    if (existsSync(BUILT)) utimesSync(BUILT, 0, 0);
    const first = await start(port);
    expect(first.output()).toContain(COMPILED);
    expect(first.output()).toContain('Demo data seeded');
    expect(first.output()).toContain('npm run --silent token -- gp@demo.liaison.test');

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'up' });

    const gp = token('gp@demo.liaison.test');
    expect(gp.split('.')).toHaveLength(3);
    const headers = { Authorization: `Bearer ${gp}`, 'Content-Type': 'application/json' };
    const before = (await (await fetch(`${base}/api/requests?limit=100`, { headers })).json()) as { items: unknown[] };
    expect(before.items.length).toBeGreaterThanOrEqual(5);

    const created = await fetch(`${base}/api/requests`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        patient: { identifier: { system: 'urn:test', value: 'restart-1' }, name: { family: 'Restart', given: ['Rita'] }, birthDate: '1970-01-01', sex: 'female' },
        clinicalQuestion: 'Does this survive a restart?',
        requestedForm: 'advice-only',
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await stopServer(first)).toBe(0);

    const second = await start(port);
    expect(second.output()).not.toContain(COMPILED);
    expect(second.output()).not.toContain('Demo data seeded');
    const after = (await (await fetch(`${base}/api/requests?limit=100`, { headers })).json()) as { items: { id: string }[] };
    expect(after.items).toHaveLength(before.items.length + 1);
    expect(after.items.map((r) => r.id)).toContain(id);
    expect(await stopServer(second)).toBe(0);
  });

  it('npm run build compiles a stale build and exits; run again, it finds the build up to date', () => {
    const build = () => spawnSync(process.execPath, ['src/entry/start.mjs', '--build'], { env, encoding: 'utf8', timeout: 60_000 });
    if (existsSync(BUILT)) utimesSync(BUILT, 0, 0);
    const first = build();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(COMPILED);
    expect(statSync(BUILT).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    const again = build();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('up to date');
  });

  it('refuses to start with an invalid setting, naming the variable', () => {
    const result = spawnSync(tsx, ['src/entry/node.ts'], { env: { ...env, PORT: 'eighty' }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT');
  });

  it('says who is unknown instead of printing a token', () => {
    const result = spawnSync(tsx, ['src/entry/token.ts', 'nobody@nowhere.test'], { env, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('nobody@nowhere.test');
  });
});
