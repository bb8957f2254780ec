/**
 * createApp(deps): the composition. Per request: the services and the gate over the store;
 * secure headers, request lines, health; then each interface mounts itself (api/mount.ts,
 * fhir/mount.ts, auth/mount.ts, web/mount.tsx) with its own middleware. Imports nothing runtime-specific: the
 * entries in src/entry/ read the environment and hand in a store and a configuration.
 */
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { jsonApi } from './api/mount.js';
import { tokenEndpoint } from './auth/mount.js';
import { TokenSigner } from './auth/tokens.js';
import type { AppConfig } from './config/app-config.js';
import { DomainError } from './domain/errors.js';
import { fhirApi } from './fhir/mount.js';
import { webApp } from './web/mount.js';
import { smartConfiguration } from './fhir/smart-configuration.js';
import type { AppEnv } from './http/context.js';
import { errorHandler } from './http/errors.js';
import type { InterfaceDeps, Log } from './http/interface-deps.js';
import { problemResponse } from './http/problem.js';
import { budgetsOf, type Counters } from './http/rate-limit.js';
import { RefusalTally, refusedUnauthenticated } from './http/refusals.js';
import { httpKeySource } from './ehr/jwks-source.js';
import { buildGate, buildServices } from './services/index.js';
import { CallerCache } from './services/caller-cache.js';
import type { KeySource } from './services/ports/key-source.js';
import { systemClock, type Clock, type Store } from './services/ports/store.js';
import type { HookPolicy, HostResolver } from './services/ports/subscriptions.js';

export interface AppDeps {
  config: AppConfig;
  /** The store serving one request: the same one on Node, a fresh one per request on Workers. */
  storeFor(env: unknown): Store;
  clock?: Clock;
  /** Where request lines go (method, route pattern, status, time; never URLs or bodies). */
  log?: Log;
  /**
   * Who counts the rate-limit budgets: this process's memory by default; PostgreSQL shared by
   * every instance (http/shared-budgets.ts), or Cloudflare's binding on Workers.
   */
  counters?: Counters;
  /** Where system clients' jwks_uri keys are fetched from: HTTP by default. */
  keySource?: KeySource;
  /** How a subscription endpoint's host resolves (DNS on Node), for the SSRF guard; absent on Workers. */
  resolveHost?: HostResolver;
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, log } = deps;
  const clock = deps.clock ?? systemClock;
  const refusals = new RefusalTally((line) => log?.(line));
  const interfaces: InterfaceDeps = { config, signer: new TokenSigner(config.signingKey, config.publicUrl), budgets: budgetsOf(config, deps.counters), log };
  const hooks: HookPolicy = { allowLocal: config.allowLocalHooks ?? false, resolve: deps.resolveHost };
  const callerCache = new CallerCache((config.callerCacheSeconds ?? 0) * 1000);
  const directoryChanged = () => callerCache.forget();
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const started = Date.now();
    const store = deps.storeFor(c.env);
    c.set('services', buildServices(store, clock, hooks, directoryChanged));
    c.set('gate', buildGate(store, clock, deps.keySource ?? httpKeySource, callerCache));
    c.set('pageSecret', config.signingKey);
    const due = refusals.flush(clock.now());
    // Once a minute at most: the counts of refused anonymous calls, for the audit (never a row per call).
    if (due.length) await c.get('gate').accessLog.countRefusals(due).catch(() => log?.(`${due.length} refusal counts could not be stored`));
    await next();
    if (refusedUnauthenticated(c)) refusals.add(clock.now(), `${c.req.method} ${routePath(c, -1)}`, c.res.status);
    // The route pattern, not the URL: a URL may carry identifiers that must not reach logs.
    if (config.requestLog !== false) {
      const route = routePath(c, -1);
      const ms = Date.now() - started;
      log?.(`${c.req.method} ${route} ${c.res.status} ${ms}ms`, { method: c.req.method, route, status: c.res.status, ms });
    }
  });
  app.use('*', secureHeaders());
  // What no interface answers: health, the root SMART configuration, unknown paths.
  app.onError(errorHandler(problemResponse, log));
  app.notFound((c) => problemResponse(c, new DomainError('not_found', 'There is no such endpoint.')));

  app.get('/health', async (c) => {
    try {
      await c.get('gate').ping();
      return c.json({ status: 'ok', database: 'up' });
    } catch {
      return c.json({ status: 'unavailable', database: 'down' }, 503);
    }
  });
  app.get('/.well-known/smart-configuration', (c) => c.json(smartConfiguration((config.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, ''))));

  app.route('/api', jsonApi(interfaces));
  app.route('/auth', tokenEndpoint(interfaces));
  app.route('/fhir', fhirApi(interfaces));
  // The clinicians' pages at the site's root (/requests/{id} is what notification mails link to).
  app.route('/', webApp(interfaces));
  return app;
}
