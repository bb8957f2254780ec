/**
 * createApp(deps): mounts everything. Imports nothing runtime-specific; the entries in
 * src/entry/ read the environment and hand in a store and a configuration.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { actionRoutes } from './api/actions-routes.js';
import { describeApiCall } from './api/access-description.js';
import { refuseUnstorableText } from './http/text-guard.js';
import { describeAccess, requireRouteAccess } from './api/route-access.js';
import { auditAccess } from './http/access-log.js';
import { directoryRoutes } from './api/directory-routes.js';
import { problemResponse } from './api/problem.js';
import { messageRoutes } from './api/messages-routes.js';
import { recommendationRoutes } from './api/recommendations-routes.js';
import { caseDiscussionRoutes } from './api/case-discussions-routes.js';
import { requestRoutes } from './api/requests-routes.js';
import { schedulingRoutes } from './api/scheduling-routes.js';
import { triageRoutes } from './api/triage-routes.js';
import { authenticate } from './auth/authenticate.js';
import { addressRateLimit, callerRateLimit } from './http/rate-limit.js';
import { RefusalTally, refusedUnauthenticated } from './http/refusals.js';
import { smartTokenRoutes } from './auth/smart-token.js';
import { fhirRoutes } from './fhir/hono.js';
import { smartConfiguration } from './fhir/smart-configuration.js';
import { TokenSigner } from './auth/tokens.js';
import type { AppConfig } from './config/app-config.js';
import type { AppEnv } from './http/context.js';
import { DomainError } from './domain/errors.js';
import { errorHandler } from './http/errors.js';
import { buildGate, buildServices } from './services/index.js';
import { systemClock, type Clock, type Store } from './services/ports/store.js';

export interface AppDeps {
  config: AppConfig;
  /** The store serving one request: the same one on Node, a fresh one per request on Workers. */
  storeFor(env: unknown): Store;
  clock?: Clock;
  /** Where request lines go (method, route pattern, status, time; never URLs or bodies). */
  log?: (line: string) => void;
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const clock = deps.clock ?? systemClock;
  const signer = new TokenSigner(deps.config.signingKey, deps.config.publicUrl);
  const { rateLimitPerMinute, trustCloudflareAddress = false } = deps.config;
  // Across the JSON API and FHIR: one budget per network address before authentication (bad
  // tokens count too), then one per caller.
  const addressLimiter = addressRateLimit(deps.config.addressRateLimitPerMinute ?? rateLimitPerMinute * 10, { trustCloudflare: trustCloudflareAddress });
  const limiter = callerRateLimit(rateLimitPerMinute);
  const refusals = new RefusalTally((line) => deps.log?.(line));
  const app = new OpenAPIHono<AppEnv>();

  app.use('*', async (c, next) => {
    const started = Date.now();
    const store = deps.storeFor(c.env);
    c.set('services', buildServices(store, clock));
    c.set('gate', buildGate(store, clock));
    c.set('pageSecret', deps.config.signingKey);
    refusals.flush(clock.now());
    await next();
    if (refusedUnauthenticated(c)) refusals.add(clock.now());
    // The route pattern, not the URL: a URL may carry identifiers that must not reach logs.
    deps.log?.(`${c.req.method} ${routePath(c, -1)} ${c.res.status} ${Date.now() - started}ms`);
  });
  app.use('*', secureHeaders());

  app.onError(errorHandler(problemResponse, deps.log));
  app.notFound((c) => problemResponse(c, new DomainError('not_found', 'There is no such endpoint.')));

  app.get('/health', async (c) => {
    try {
      await c.var.gate.ping();
      return c.json({ status: 'ok', database: 'up' });
    } catch {
      return c.json({ status: 'unavailable', database: 'down' }, 503);
    }
  });

  const api = new OpenAPIHono<AppEnv>();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  api.get('/openapi.json', (c) =>
    c.json(
      describeAccess(api.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Liaison JSON API',
          version: '0.1.0',
          description: 'Consultation requests between GPs and consulting psychiatrists. Errors are RFC 9457 problem details.',
          license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
        },
        servers: [{ url: deps.config.publicUrl ? `${deps.config.publicUrl.replace(/\/$/, '')}/api` : '/api' }],
      })),
    ),
  );
  api.use(
    '*',
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: () => {
        throw new DomainError('payload_too_large', `The request body is larger than ${deps.config.maxBodyBytes} bytes.`);
      },
    }),
  );
  api.use('*', addressLimiter);
  api.use('*', refuseUnstorableText);
  api.use('*', auditAccess(describeApiCall));
  api.use('*', authenticate(signer));
  api.use('*', limiter);
  // What each route exposes is declared once, in api/route-access.ts.
  api.use('*', requireRouteAccess);
  api.route('/', directoryRoutes());
  api.route('/', requestRoutes());
  api.route('/', actionRoutes());
  api.route('/', triageRoutes());
  api.route('/', messageRoutes());
  api.route('/', recommendationRoutes());
  api.route('/', schedulingRoutes());
  api.route('/', caseDiscussionRoutes());
  app.route('/api', api);

  app.use('/auth/*', bodyLimit({ maxSize: 64 * 1024, onError: () => { throw new DomainError('payload_too_large', 'The token request is too large.'); } }));
  // The token endpoint: its own budget per network address; attempts that get a token in the access log.
  app.use('/auth/*', addressRateLimit(rateLimitPerMinute, { trustCloudflare: trustCloudflareAddress }));
  app.use('/auth/*', auditAccess(() => ({ interaction: 'POST /auth/token', requestId: null })));
  app.route('/auth', smartTokenRoutes(signer, deps.config.publicUrl));
  app.get('/.well-known/smart-configuration', (c) => c.json(smartConfiguration((deps.config.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, ''))));
  app.route(
    '/fhir',
    fhirRoutes({
      signer,
      signingKey: deps.config.signingKey,
      maxBodyBytes: deps.config.maxBodyBytes,
      publicUrl: deps.config.publicUrl,
      addressLimiter,
      limiter,
      log: deps.log,
    }),
  );
  return app;
}
