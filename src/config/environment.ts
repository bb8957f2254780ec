/**
 * The environment variables, parsed once at the entry with zod: a bad value stops the process
 * with a message naming the variable, and the production rules. Only src/entry/ imports this;
 * what the app needs from it is an AppConfig (app-config.ts). Every variable is in the README.
 */
import { z } from 'zod';
import { DEFAULT_FHIR_RENDERINGS, type OidcConfig } from './app-config.js';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  LIAISON_ENV: z.enum(['development', 'production']).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  /** A read replica of DATABASE_URL for searches and measures; needs DATABASE_URL. */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  /**
   * Connections each PostgreSQL pool opens at most (DATABASE_URL's, and DATABASE_READ_URL's).
   * About twice PostgreSQL's cores: more only queue in its scheduler (store/open-postgres.ts).
   */
  LIAISON_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Search pages (and as many triage lists) each Node instance on PostgreSQL keeps while it hears no
   * change (store/kept-until-change.ts); 0 keeps none. Not with DATABASE_READ_URL: a replica lags the notices.
   */
  LIAISON_KEPT_PAGES: z.coerce.number().int().min(0).max(100_000).default(500),
  LIAISON_DATA_DIR: z.string().min(1).default('./.liaison'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LIAISON_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  LIAISON_DEMO_DATA: flag.optional(),
  LIAISON_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(8 * 60),
  LIAISON_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  LIAISON_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  LIAISON_ADDRESS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).optional(),
  LIAISON_REQUEST_LOG: flag.default(true),
  /** Seconds a caller is remembered between calls (services/caller-cache.ts); 0 reads them on every call. */
  LIAISON_CALLER_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  LIAISON_FHIR_RENDERINGS: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_FHIR_RENDERINGS),
  /** Mail for people (issue 11): without it mail stays in the outbox (npm run mail:preview shows it). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Liaison <liaison@localhost>'),
  /** Deliver the outbox inside the server process (npm start); false when separate dispatchers do. */
  LIAISON_DISPATCHER: flag.default(true),
  LIAISON_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** How long a FHIR subscription's events are kept for `$events` (pruned by the dispatchers each minute). */
  LIAISON_SUBSCRIPTION_EVENT_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  LIAISON_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_IDENTIFIER_CLAIM: z.string().min(1).optional(),
  OIDC_IDENTIFIER_SYSTEM: z.string().min(1).optional(),
  /** How long the access log is kept (npm run audit:prune); unset: kept until pruned by hand. */
  LIAISON_ACCESS_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  /** FHIR subscription endpoints may be http and on private addresses (development); default: on with the embedded demo database, never in production. */
  LIAISON_ALLOW_LOCAL_HOOKS: flag.optional(),
});

/** OIDC sign-in from the variables: all three of issuer, client id and secret, or none. */
export function oidcOf(raw: Pick<RawConfig, 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_IDENTIFIER_CLAIM' | 'OIDC_IDENTIFIER_SYSTEM'>): OidcConfig | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = raw;
  if (!issuer && !clientId && !clientSecret) return undefined;
  if (!issuer || !clientId || !clientSecret) throw new ConfigError('Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three, or none.');
  if (Boolean(raw.OIDC_IDENTIFIER_CLAIM) !== Boolean(raw.OIDC_IDENTIFIER_SYSTEM)) {
    throw new ConfigError('Invalid configuration:\n  OIDC_IDENTIFIER_CLAIM and OIDC_IDENTIFIER_SYSTEM go together: the claim holds an identifier of that system.');
  }
  return { issuer, clientId, clientSecret, identifierClaim: raw.OIDC_IDENTIFIER_CLAIM, identifierSystem: raw.OIDC_IDENTIFIER_SYSTEM };
}

export type RawConfig = z.infer<typeof configSchema>;

/** Settings that only make sense together. */
const nodeConfigSchema = configSchema.refine((c) => !c.DATABASE_READ_URL || c.DATABASE_URL, {
  path: ['DATABASE_READ_URL'],
  message: 'a read replica needs DATABASE_URL (the primary) too; the embedded database has no replicas',
});

export class ConfigError extends Error {}

export type Mode = 'development' | 'production';

/** 127.0.0.0/8, ::1 and localhost: a server listening there cannot be reached from outside. */
export function isLoopbackHost(host: string): boolean {
  return /^(localhost|::1|\[::1\]|127(\.\d{1,3}){3})$/i.test(host);
}

/**
 * Production unless LIAISON_ENV says otherwise; on Node, an unset LIAISON_ENV means production
 * when HOST is not a loopback address (a server others can reach). `why` says which rule applied.
 */
export function modeOf(settings: { LIAISON_ENV?: Mode | undefined; HOST?: string | undefined }): { mode: Mode; why: string } {
  if (settings.LIAISON_ENV) return { mode: settings.LIAISON_ENV, why: `LIAISON_ENV=${settings.LIAISON_ENV}` };
  if (settings.HOST === undefined) return { mode: 'production', why: 'the default on Workers' };
  return isLoopbackHost(settings.HOST)
    ? { mode: 'development', why: `HOST=${settings.HOST} is a loopback address` }
    : { mode: 'production', why: `HOST=${settings.HOST} is not a loopback address` };
}

/**
 * Why these settings may not run in production, as one line naming the variables; undefined when
 * they may. Production needs its own signing key (replicas must share it; a generated one is
 * development only) and PUBLIC_URL (else a Host header would choose links and token audience),
 * and never runs with demo data (demo people and a demo EHR with write scopes).
 */
export function productionRefusal(why: string, settings: { signingKey?: string | undefined; publicUrl?: string | undefined; demoData?: boolean | undefined; allowLocalHooks?: boolean | undefined }): string | undefined {
  const missing = [settings.signingKey ? undefined : 'LIAISON_SIGNING_KEY', settings.publicUrl ? undefined : 'PUBLIC_URL'].filter(Boolean);
  const problems = [
    ...(missing.length ? [`set ${missing.join(' and ')}`] : []),
    ...(settings.demoData ? ['LIAISON_DEMO_DATA=true is not allowed (no demo data in production)'] : []),
    ...(settings.allowLocalHooks ? ['LIAISON_ALLOW_LOCAL_HOOKS=true is not allowed (subscription endpoints must be public https in production)'] : []),
  ];
  return problems.length ? `Liaison runs in production mode (${why}) and will not start: ${problems.join('; ')}.` : undefined;
}

/** The line a production start prints, so nobody wonders which mode a server is in. */
export const productionNotice = (why: string): string =>
  `Liaison runs in production mode (${why}): signing key and PUBLIC_URL from the environment, no demo data.`;

export function parseConfig(env: Record<string, string | undefined>): RawConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = nodeConfigSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
