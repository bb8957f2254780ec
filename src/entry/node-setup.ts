/**
 * What the Node entries share: configuration and its mode, the private data directory, the
 * signing key and the database. Every Node entry applies the production rules (src/config/environment.ts).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/app-config.js';
import { ConfigError, modeOf, oidcOf, parseConfig, productionRefusal, type Mode, type RawConfig } from '../config/environment.js';
import { openNodeDatabase, type OpenedDatabase } from '../store/open-node.js';

export interface NodeSetup {
  raw: RawConfig;
  mode: Mode;
  /** Which rule chose the mode, e.g. `HOST=0.0.0.0 is not a loopback address`. */
  why: string;
  /** Resolved, not yet created: see privateDataDir. */
  dataDir: string;
  /** The app's configuration; in development this makes the signing key on first use. */
  appConfig(): AppConfig;
}

/** Stops the process with one clear line and exit code 2 (a configuration problem). */
export function refuse(line: string): never {
  console.error(line);
  process.exit(2);
}

export function loadNodeSetup(env: NodeJS.ProcessEnv = process.env): NodeSetup {
  let raw: RawConfig;
  let oidc: ReturnType<typeof oidcOf>;
  try {
    raw = parseConfig(env);
    oidc = oidcOf(raw);
  } catch (err) {
    if (err instanceof ConfigError) refuse(err.message);
    throw err;
  }
  const { mode, why } = modeOf(raw);
  if (mode === 'production') {
    const refusal = productionRefusal(why, { signingKey: raw.LIAISON_SIGNING_KEY, publicUrl: raw.PUBLIC_URL, demoData: raw.LIAISON_DEMO_DATA, allowLocalHooks: raw.LIAISON_ALLOW_LOCAL_HOOKS });
    if (refusal) refuse(refusal);
  }
  const dataDir = resolve(raw.LIAISON_DATA_DIR);
  let app: AppConfig | undefined;
  return {
    raw,
    mode,
    why,
    dataDir,
    appConfig: () =>
      (app ??= {
        publicUrl: raw.PUBLIC_URL,
        // Production never reaches the generated key: it refused to start without one above.
        signingKey: raw.LIAISON_SIGNING_KEY ?? devSigningKey(dataDir),
        tokenTtlMinutes: raw.LIAISON_TOKEN_TTL_MINUTES,
        maxBodyBytes: raw.LIAISON_MAX_BODY_BYTES,
        rateLimitPerMinute: raw.LIAISON_RATE_LIMIT_PER_MINUTE,
        addressRateLimitPerMinute: raw.LIAISON_ADDRESS_RATE_LIMIT_PER_MINUTE,
        requestLog: raw.LIAISON_REQUEST_LOG,
        callerCacheSeconds: raw.LIAISON_CALLER_CACHE_SECONDS,
        fhirRenderings: raw.LIAISON_FHIR_RENDERINGS,
        // Demo sign-in is added by the entry that seeded the demo people (src/entry/node.ts).
        web: { production: mode === 'production', sessionIdleMinutes: raw.LIAISON_SESSION_IDLE_MINUTES, oidc },
        // On by default with the embedded (demo) database only; production refused `true` above.
        allowLocalHooks: raw.LIAISON_ALLOW_LOCAL_HOOKS ?? (mode === 'development' && !raw.DATABASE_URL),
      }),
  };
}

/**
 * The data directory (embedded database, development keys), created readable by this user
 * only; refused when group or others may enter it, for it holds patient data. Files made
 * afterwards are private too (umask 077 for the rest of the process).
 */
export function privateDataDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return dataDir;
  const mode = statSync(dataDir).mode & 0o777;
  if (mode & 0o077) {
    refuse(`The data directory ${dataDir} holds patient data but group or others may enter it (mode ${mode.toString(8)}): chmod 700 it, or set LIAISON_DATA_DIR to another directory.`);
  }
  process.umask(0o077);
  return dataDir;
}

/** A key generated once into the data directory, so tokens survive restarts in development. */
function devSigningKey(dataDir: string): string {
  const file = join(privateDataDir(dataDir), 'signing-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export const embeddedDatabaseDir = (dataDir: string): string => join(dataDir, 'pgdata');

/** PostgreSQL with DATABASE_URL (and its read replica with DATABASE_READ_URL), else the embedded database in the private data directory. */
export async function openDatabase(setup: NodeSetup, { serving = false }: { serving?: boolean } = {}): Promise<OpenedDatabase> {
  // Only a serving instance keeps pages (and listens for changes): a dispatcher or a command does not.
  if (setup.raw.DATABASE_URL) return openNodeDatabase({ databaseUrl: setup.raw.DATABASE_URL, readUrl: setup.raw.DATABASE_READ_URL, poolSize: setup.raw.LIAISON_DATABASE_POOL_SIZE, kept: serving ? setup.raw.LIAISON_KEPT_PAGES : 0 });
  const dir = embeddedDatabaseDir(privateDataDir(setup.dataDir));
  const database = await openNodeDatabase({ dataDir: dir });
  // PGlite lays out a new cluster with files open to all (0666) whatever the umask: close them.
  closeToOthers(dir);
  return database;
}

function closeToOthers(dir: string): void {
  if (process.platform === 'win32') return;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) chmodSync(path, mode & 0o700);
  }
  chmodSync(dir, 0o700);
}
