/**
 * `npm run dev:worker`: serves the Worker locally through wrangler against local PostgreSQL.
 * Prepares the database first (creates it if missing, migrates, seeds demo data in development)
 * and hands the Worker the same signing key `npm run token` uses, so demo tokens work against
 * the Worker too — in a file private to this user, never on a command line `ps` shows.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { seedDemoData } from '../demo/seed.js';
import { systemClock } from '../services/ports/store.js';
import { openNodeDatabase } from '../store/open-node.js';
import { loadNodeSetup, privateDataDir, refuse } from './node-setup.js';

const setup = loadNodeSetup();
const url = new URL(setup.raw.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/liaison');
if (!url.password) url.password = 'liaison'; // Hyperdrive's local proxy insists on one; trust auth ignores it.

const admin = postgres({ host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), database: 'postgres', max: 1, onnotice: () => {} });
const name = url.pathname.slice(1);
const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
if (!exists) await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
await admin.end();

const database = await openNodeDatabase({ databaseUrl: url.toString() });
await database.migrate();
if (setup.raw.LIAISON_DEMO_DATA ?? setup.mode === 'development') await seedDemoData(database.db, systemClock);
await database.close();

// The Worker's settings in a dotenv file (0600, in the private data directory) that wrangler
// reads instead of .dev.vars. The Worker runs in this process's mode (it defaults to production).
const vars = { LIAISON_ENV: setup.mode, LIAISON_SIGNING_KEY: setup.appConfig().signingKey, PUBLIC_URL: setup.raw.PUBLIC_URL };
const lines = Object.entries(vars).flatMap(([key, value]) => {
  if (value === undefined) return [];
  // Single-quoted dotenv values are literal, except that wrangler expands $NAME in them.
  if (/['$\n\r]/.test(value)) refuse(`npm run dev:worker cannot pass a ${key} containing quotes, $ or line breaks; choose another.`);
  return [`${key}='${value}'`];
});
const varsFile = join(privateDataDir(setup.dataDir), 'worker.env');
writeFileSync(varsFile, `${lines.join('\n')}\n`, { mode: 0o600 });
const args = ['dev', '--ip', setup.raw.HOST, '--port', String(setup.raw.PORT), '--show-interactive-dev-session=false', '--env-file', varsFile];
console.log(`Serving the Worker on http://${setup.raw.HOST}:${setup.raw.PORT} against PostgreSQL database "${name}"`);
const wrangler = spawn('node_modules/.bin/wrangler', args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: url.toString(),
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'true',
    CLOUDFLARE_INCLUDE_PROCESS_ENV: 'false',
  },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => wrangler.kill(signal));
wrangler.on('exit', (code) => process.exit(code ?? 0));
