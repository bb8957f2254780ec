/** What the Node entries share: configuration, the data directory and the signing key. */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ConfigError, parseConfig, type AppConfig, type RawConfig } from '../config.js';

export interface NodeSetup {
  raw: RawConfig;
  app: AppConfig;
  dataDir: string;
}

export function loadNodeSetup(env: NodeJS.ProcessEnv = process.env): NodeSetup {
  let raw: RawConfig;
  try {
    raw = parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const dataDir = resolve(raw.LIAISON_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  return {
    raw,
    dataDir,
    app: {
      publicUrl: raw.PUBLIC_URL,
      signingKey: raw.LIAISON_SIGNING_KEY ?? devSigningKey(dataDir),
      tokenTtlMinutes: raw.LIAISON_TOKEN_TTL_MINUTES,
      maxBodyBytes: raw.LIAISON_MAX_BODY_BYTES,
      rateLimitPerMinute: raw.LIAISON_RATE_LIMIT_PER_MINUTE,
    },
  };
}

/** A key generated once into the data directory, so tokens survive restarts in development. */
function devSigningKey(dataDir: string): string {
  const file = join(dataDir, 'signing-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export const embeddedDatabaseDir = (dataDir: string): string => join(dataDir, 'pgdata');
