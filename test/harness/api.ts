/**
 * Talks to the whole Liaison app over HTTP semantics (Request in, Response out) on the test
 * database. One app per test process, like one server.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../../src/app.js';
import { createStore } from '../../src/store/index.js';
import type { Clock } from '../../src/services/ports/store.js';
import { TEST_SIGNING_KEY, newClinic, type Clinic, type ClinicOptions } from './clinic.js';
import { testDatabase, testKeptReads } from './database.js';
import { captureLog } from './log-capture.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** The body as it came over the wire (what JSON.parse would reformat, such as `2.50`). */
  text: string;
}

/** A clock tests can move; starts at the real time. */
export class TestClock implements Clock {
  private offsetMs = 0;
  fixed: Date | null = null;
  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }
  set(at: Date | string): void {
    this.fixed = new Date(at);
  }
  reset(): void {
    this.fixed = null;
    this.offsetMs = 0;
  }
}

export interface TestApi {
  clock: TestClock;
  clinic(options?: ClinicOptions): Promise<Clinic>;
  call<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
  /** The same app on a real socket (for fhir-kit-client and other HTTP clients); started once. */
  serverUrl(): Promise<string>;
  /** Sets what a psychiatrist brings to assignment. */
  setProfile(userId: string, profile: { weeklyCapacity: number | null; subSpecialties: string[]; languages: string[] }): Promise<void>;
  /** Requests and history events of one practice, to prove a refused write left nothing behind. */
  rowsOf(practiceId: string): Promise<{ requests: number; events: number }>;
  /** Rows of every table a request use case writes, for the requests of a practice or a service. */
  tablesOf(practiceId: string, serviceId: string): Promise<Record<string, number>>;
}

let api: Promise<TestApi> | undefined;

export function testApi(): Promise<TestApi> {
  api ??= (async () => {
    const db = await testDatabase();
    const clock = new TestClock();
    const store = createStore(db, undefined, await testKeptReads());
    const app = createApp({
      // Subscription endpoints in tests are in-test servers on 127.0.0.1 (test/fhir/subscriptions-ssrf.test.ts holds the production rule).
      // Callers remembered as in production (LIAISON_CALLER_CACHE_SECONDS default).
      config: { publicUrl: undefined, signingKey: TEST_SIGNING_KEY, tokenTtlMinutes: 60, maxBodyBytes: 64 * 1024, rateLimitPerMinute: 0, allowLocalHooks: true, callerCacheSeconds: 5 },
      storeFor: () => store,
      clock,
      log: captureLog,
    });
    let server: Promise<string> | undefined;
    return {
      clock,
      clinic: (options) => newClinic(db, options),
      serverUrl() {
        server ??= new Promise((resolve) => {
          const running = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`));
          // The test process ends when its tests do; the socket must not keep it alive.
          (running as unknown as { unref(): void }).unref();
        });
        return server;
      },
      async call(method, path, options = {}) {
        const headers = new Headers(options.headers);
        if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
        let body: string | undefined = options.rawBody;
        if (options.body !== undefined) {
          body = JSON.stringify(options.body);
          if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
        }
        const res = await app.request(`http://liaison.test${path}`, { method, headers, body });
        const text = await res.text();
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON: keep the text */
        }
        return { status: res.status, headers: res.headers, body: parsed as never, text };
      },
      setProfile: (userId, profile) => store.directory.setClinicianProfile(userId, profile),
      async rowsOf(practiceId) {
        const { sql } = await import('drizzle-orm');
        const result = await db.execute(sql`
          select (select count(*) from consultation_requests where organisation_id = ${practiceId})::int as requests,
                 (select count(*) from request_events e join consultation_requests r on r.id = e.request_id
                   where r.organisation_id = ${practiceId})::int as events`);
        const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { requests: number; events: number }[];
        return { requests: Number(rows[0]!.requests), events: Number(rows[0]!.events) };
      },
      async tablesOf(practiceId, serviceId) {
        const { sql } = await import('drizzle-orm');
        const result = await db.execute(sql`
          with mine as (select id from consultation_requests where organisation_id = ${practiceId} or service_id = ${serviceId})
          select (select count(*) from mine)::int as requests,
                 (select count(*) from request_events where request_id in (select id from mine))::int as events,
                 (select count(*) from request_versions where request_id in (select id from mine))::int as versions,
                 (select count(*) from request_identifiers where request_id in (select id from mine))::int as identifiers,
                 (select count(*) from communications where request_id in (select id from mine))::int as messages,
                 (select coalesce(sum(version), 0) from consultation_requests where id in (select id from mine))::int as "versionSum"`);
        const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[];
        return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
      },
    };
  })();
  return api;
}
