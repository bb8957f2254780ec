/**
 * Production mode as a real process (LIAISON_ENV=production, or HOST not a loopback address):
 * Liaison refuses to start without its signing key and public URL or with demo data, never
 * seeds demo data nor writes a development key, and says it runs in production. Its embedded
 * data directory is private to its owner, or it does not start.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenSigner } from '../../src/auth/tokens.js';
import { findDemoIdentity } from '../../src/demo/directory.js';
import { freePort, startServer, stopServer, type ServerProcess } from './server-process.js';

const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const KEY = 'production-signing-key-that-is-long-enough-0123456789';
const PUBLIC_URL = 'https://liaison.example.org';
const dirs: string[] = [];
const base = { ...process.env, DATABASE_URL: '', LIAISON_SIGNING_KEY: '', LIAISON_DEMO_DATA: '', LIAISON_ENV: '', PUBLIC_URL: '', HOST: '' };

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'liaison-production-'));
  dirs.push(dir);
  return join(dir, 'data');
}


/** Runs the Node entry to its end (a refusal). */
function refused(env: Record<string, string>) {
  return spawnSync(tsx, ['src/entry/node.ts'], { env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
}

/** Starts Liaison with the production test's environment, on the HOST the settings name. */
function start(env: Record<string, string>): Promise<ServerProcess> {
  const { HOST = '127.0.0.1', PORT, ...settings } = env;
  return startServer(settings, Number(PORT), { baseEnv: base, host: HOST, readyLine: 'API docs:' });
}

const stop = (server: ServerProcess) => stopServer(server);

/** A GET with a Host header of our choosing (fetch will not send one). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every file and directory under `dir` whose mode lets group or others in. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (statSync(path).mode & 0o077) found.push(`${(statSync(path).mode & 0o777).toString(8)} ${path}`);
  }
  return found;
}

async function expectServesProduction(port: number, output: string) {
  expect(output).toContain('production mode');
  expect(output).not.toContain('Demo data seeded');
  expect(output).toContain(`Liaison is listening on ${PUBLIC_URL}`);
  // No demo people: a token for the demo GP, even signed with the right key, opens nothing.
  const demoGp = await new TokenSigner(KEY).issue(findDemoIdentity('gp@demo.liaison.test')!, 10);
  expect((await get(port, '/api/me', { Authorization: `Bearer ${demoGp}` })).status).toBe(401);
  // A Host header does not choose the links or the SMART token endpoint.
  const smart = await get(port, '/.well-known/smart-configuration', { Host: 'evil.example' });
  expect(smart.body.token_endpoint).toBe(`${PUBLIC_URL}/auth/token`);
  const openapi = await get(port, '/api/openapi.json', { Host: 'evil.example' });
  expect(openapi.body.servers).toEqual([{ url: `${PUBLIC_URL}/api` }]);
}

describe('production mode', () => {
  it('is implied by a HOST that is not loopback: without signing key and public URL Liaison refuses to start, in one line', () => {
    const dir = dataDir();
    const result = refused({ HOST: '0.0.0.0', PORT: '8787', LIAISON_DATA_DIR: dir });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/production mode.*HOST=0\.0\.0\.0.*LIAISON_SIGNING_KEY and PUBLIC_URL/);
    expect(existsSync(join(dir, 'signing-key'))).toBe(false);
  });

  it('names only what is missing, and refuses demo data', () => {
    const missingUrl = refused({ LIAISON_ENV: 'production', LIAISON_SIGNING_KEY: KEY, LIAISON_DATA_DIR: dataDir() });
    expect(missingUrl.status).toBe(2);
    expect(missingUrl.stderr.trim()).toMatch(/^[^\n]*LIAISON_ENV=production[^\n]*: set PUBLIC_URL\.$/);
    const demo = refused({ LIAISON_ENV: 'production', LIAISON_SIGNING_KEY: KEY, PUBLIC_URL, LIAISON_DEMO_DATA: 'true', LIAISON_DATA_DIR: dataDir() });
    expect(demo.status).toBe(2);
    expect(demo.stderr.trim()).toMatch(/^[^\n]*production mode[^\n]*LIAISON_DEMO_DATA[^\n]*$/);
  });

  it('starts on the embedded database without demo data or a development key, its files private to the owner', async () => {
    const dir = dataDir();
    const port = await freePort();
    const server = await start({ HOST: '0.0.0.0', PORT: String(port), LIAISON_SIGNING_KEY: KEY, PUBLIC_URL, LIAISON_DATA_DIR: dir });
    try {
      await expectServesProduction(port, server.output());
      expect(readdirSync(dir).sort()).toEqual(['pgdata']);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(openToOthers(dir)).toEqual([]);
    } finally {
      expect(await stop(server)).toBe(0);
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)('starts on PostgreSQL without seeding demo people', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    const name = `${url.pathname.slice(1)}_production`;
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
    url.pathname = `/${name}`;
    const port = await freePort();
    const dir = dataDir();
    const server = await start({ HOST: '0.0.0.0', PORT: String(port), LIAISON_SIGNING_KEY: KEY, PUBLIC_URL, DATABASE_URL: url.toString(), LIAISON_DATA_DIR: dir });
    try {
      await expectServesProduction(port, server.output());
      const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const [users] = await db`select count(*)::int as n from users`;
      await db.end();
      expect(users!.n).toBe(0);
      expect(existsSync(dir)).toBe(false);
    } finally {
      expect(await stop(server)).toBe(0);
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});

describe('the embedded data directory', () => {
  it('is refused when group or others may read it, in one line', () => {
    const dir = dataDir();
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    const result = refused({ LIAISON_DATA_DIR: dir });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(dir);
    expect(lines[0]).toContain('chmod 700');
    expect(readdirSync(dir)).toEqual([]);
  });
});
