/**
 * Liaison on Cloudflare Workers: PostgreSQL through the Hyperdrive binding `HYPERDRIVE` (and
 * searches and measures through `HYPERDRIVE_READ`, a read replica's, when bound). A postgres.js
 * client is opened per request (workerd forbids sharing sockets between requests; Hyperdrive
 * pools for us) and never ended here. Rate limits use Cloudflare's rate-limiting bindings when
 * bound (http/cloudflare-budgets.ts). A Worker runs in production mode unless
 * LIAISON_ENV=development: it needs LIAISON_SIGNING_KEY and PUBLIC_URL.
 */
import type { Hono } from 'hono';
import { createApp } from '../app.js';
import { ConfigError, configSchema, modeOf, oidcOf, productionNotice, productionRefusal } from '../config/environment.js';
import { cloudflareCounters, type RateLimitBinding } from '../http/cloudflare-budgets.js';
import type { AppEnv } from '../http/context.js';
import { createStore } from '../store/index.js';
import { openPostgres } from '../store/open-postgres.js';
import { systemClock } from '../services/ports/store.js';
import { deliverHooks } from './hook-delivery.js';
import type { z } from 'zod';

export interface WorkerBindings {
  HYPERDRIVE: { connectionString: string };
  /** A second Hyperdrive configuration, in front of a read replica: searches and measures. */
  HYPERDRIVE_READ?: { connectionString: string };
  RATE_LIMIT_PER_CALLER?: RateLimitBinding;
  RATE_LIMIT_PER_ADDRESS?: RateLimitBinding;
  LIAISON_ENV?: string;
  LIAISON_SIGNING_KEY?: string;
  PUBLIC_URL?: string;
  LIAISON_TOKEN_TTL_MINUTES?: string;
  LIAISON_MAX_BODY_BYTES?: string;
  LIAISON_RATE_LIMIT_PER_MINUTE?: string;
  LIAISON_ADDRESS_RATE_LIMIT_PER_MINUTE?: string;
  LIAISON_REQUEST_LOG?: string;
  LIAISON_CALLER_CACHE_SECONDS?: string;
  LIAISON_FHIR_RENDERINGS?: string;
  LIAISON_SESSION_IDLE_MINUTES?: string;
  OIDC_ISSUER?: string;
  OIDC_CLIENT_ID?: string;
  OIDC_CLIENT_SECRET?: string;
  OIDC_IDENTIFIER_CLAIM?: string;
  OIDC_IDENTIFIER_SYSTEM?: string;
  LIAISON_NOTIFY_MAX_ATTEMPTS?: string;
  LIAISON_SUBSCRIPTION_EVENT_DAYS?: string;
  LIAISON_ALLOW_LOCAL_HOOKS?: string;
}

const SETTINGS = [
  'LIAISON_ENV',
  'PUBLIC_URL',
  'LIAISON_SIGNING_KEY',
  'LIAISON_TOKEN_TTL_MINUTES',
  'LIAISON_MAX_BODY_BYTES',
  'LIAISON_RATE_LIMIT_PER_MINUTE',
  'LIAISON_ADDRESS_RATE_LIMIT_PER_MINUTE',
  'LIAISON_REQUEST_LOG',
  'LIAISON_CALLER_CACHE_SECONDS',
  'LIAISON_FHIR_RENDERINGS',
  'LIAISON_SESSION_IDLE_MINUTES',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_IDENTIFIER_CLAIM',
  'OIDC_IDENTIFIER_SYSTEM',
  'LIAISON_NOTIFY_MAX_ATTEMPTS',
  'LIAISON_SUBSCRIPTION_EVENT_DAYS',
  'LIAISON_ALLOW_LOCAL_HOOKS',
] as const;

const workerConfig = configSchema
  .pick({ LIAISON_ENV: true, PUBLIC_URL: true, LIAISON_TOKEN_TTL_MINUTES: true, LIAISON_MAX_BODY_BYTES: true, LIAISON_RATE_LIMIT_PER_MINUTE: true, LIAISON_ADDRESS_RATE_LIMIT_PER_MINUTE: true, LIAISON_REQUEST_LOG: true, LIAISON_CALLER_CACHE_SECONDS: true, LIAISON_FHIR_RENDERINGS: true, LIAISON_SESSION_IDLE_MINUTES: true, OIDC_ISSUER: true, OIDC_CLIENT_ID: true, OIDC_CLIENT_SECRET: true, OIDC_IDENTIFIER_CLAIM: true, OIDC_IDENTIFIER_SYSTEM: true, LIAISON_NOTIFY_MAX_ATTEMPTS: true, LIAISON_SUBSCRIPTION_EVENT_DAYS: true, LIAISON_ALLOW_LOCAL_HOOKS: true })
  .extend({ LIAISON_SIGNING_KEY: configSchema.shape.LIAISON_SIGNING_KEY.unwrap() });

/** The app, built once per isolate for the settings it was built with. */
let built: { settings: string; app: Hono<AppEnv>; config: WorkerConfig } | undefined;

type WorkerConfig = z.infer<typeof workerConfig>;

/** The Worker's settings, checked once per isolate (and again when they change). */
function configFor(env: WorkerBindings): { settings: string; config: WorkerConfig; mode: string; why: string } {
  const values = Object.fromEntries(SETTINGS.map((name) => [name, env[name] || undefined]));
  const settings = JSON.stringify(values);
  const { mode, why } = modeOf({ LIAISON_ENV: values.LIAISON_ENV === 'development' ? 'development' : values.LIAISON_ENV === 'production' ? 'production' : undefined });
  if (mode === 'production') {
    const refusal = productionRefusal(why, { signingKey: values.LIAISON_SIGNING_KEY, publicUrl: values.PUBLIC_URL, allowLocalHooks: values.LIAISON_ALLOW_LOCAL_HOOKS === 'true' });
    if (refusal) throw new ConfigError(refusal);
  }
  const parsed = workerConfig.safeParse(values);
  if (!parsed.success) {
    throw new ConfigError(`Invalid Worker configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { settings, config: parsed.data, mode, why };
}

function appFor(env: WorkerBindings): Hono<AppEnv> {
  const { settings, config: data, mode, why } = configFor(env);
  if (built?.settings === settings) return built.app;
  const parsed = { data };
  if (mode === 'production') console.log(productionNotice(why));
  const app = createApp({
    config: {
      publicUrl: parsed.data.PUBLIC_URL,
      signingKey: parsed.data.LIAISON_SIGNING_KEY,
      tokenTtlMinutes: parsed.data.LIAISON_TOKEN_TTL_MINUTES,
      maxBodyBytes: parsed.data.LIAISON_MAX_BODY_BYTES,
      rateLimitPerMinute: parsed.data.LIAISON_RATE_LIMIT_PER_MINUTE,
      addressRateLimitPerMinute: parsed.data.LIAISON_ADDRESS_RATE_LIMIT_PER_MINUTE,
      requestLog: parsed.data.LIAISON_REQUEST_LOG,
      callerCacheSeconds: parsed.data.LIAISON_CALLER_CACHE_SECONDS,
      fhirRenderings: parsed.data.LIAISON_FHIR_RENDERINGS,
      allowLocalHooks: parsed.data.LIAISON_ALLOW_LOCAL_HOOKS ?? false,
      // Cloudflare sets CF-Connecting-IP in front of a Worker; a client cannot choose it.
      trustCloudflareAddress: true,
      // No demo people on Workers: sign-in is OIDC.
      web: { production: mode === 'production', sessionIdleMinutes: parsed.data.LIAISON_SESSION_IDLE_MINUTES, oidc: oidcOf(parsed.data) },
    },
    storeFor: (bindings) => {
      const { HYPERDRIVE, HYPERDRIVE_READ } = bindings as WorkerBindings;
      // postgres.js connects on the first query: a request that searches nothing opens no replica connection.
      return createStore(openPostgres(HYPERDRIVE.connectionString, { max: 5 }).db, HYPERDRIVE_READ ? openPostgres(HYPERDRIVE_READ.connectionString, { max: 5 }).db : undefined);
    },
    log: (line) => console.log(line),
    counters: cloudflareCounters((line) => console.log(line)),
  });
  built = { settings, app, config: data };
  return app;
}

/**
 * The cron trigger (wrangler.toml `[triggers]`): heartbeats, then every due FHIR subscription
 * notification delivered over HTTP. Never mail: nodemailer's sockets do not work in workerd, so a
 * Node dispatcher (npm run dispatcher) sends the outbox's email on the same database.
 */
async function deliverScheduled(env: WorkerBindings): Promise<void> {
  const { config } = configFor(env);
  const opened = openPostgres(env.HYPERDRIVE.connectionString, { max: 1 });
  const store = createStore(opened.db);
  const publicUrl = (config.PUBLIC_URL ?? 'http://localhost').replace(/\/$/, '');
  // No resolver: Workers' fetch never reaches private addresses; IP literals are still refused.
  const policy = { allowLocal: config.LIAISON_ALLOW_LOCAL_HOOKS ?? false };
  const delivered = await deliverHooks({ store, clock: systemClock, policy, fhirBase: `${publicUrl}/fhir`, maxAttempts: config.LIAISON_NOTIFY_MAX_ATTEMPTS, eventRetentionDays: config.LIAISON_SUBSCRIPTION_EVENT_DAYS, log: (line) => console.log(line) });
  if (delivered) console.log(`Scheduled delivery: ${delivered} subscription notification(s) settled.`);
}

export default {
  scheduled(_controller: unknown, env: WorkerBindings, ctx: { waitUntil(promise: Promise<unknown>): void }): void {
    ctx.waitUntil(deliverScheduled(env).catch((err: unknown) => console.error(err instanceof ConfigError ? err.message : `Scheduled delivery failed: ${err instanceof Error ? err.name : 'error'}`)));
  },
  fetch(request: Request, env: WorkerBindings, ctx: unknown): Response | Promise<Response> {
    try {
      return appFor(env).fetch(request, env, ctx as never);
    } catch (err) {
      console.error(err instanceof ConfigError ? err.message : 'Liaison failed to start.');
      return new Response(JSON.stringify({ type: 'urn:liaison:problem:unavailable', title: 'Service unavailable', status: 503, detail: 'Liaison is not configured.', code: 'unavailable' }), {
        status: 503,
        headers: { 'Content-Type': 'application/problem+json' },
      });
    }
  },
};
