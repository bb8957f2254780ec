/**
 * Budgets against floods: each network address has a budget before anyone is identified (so
 * missing or invalid tokens are limited too), a signed-in caller keeps their own; a refused
 * unauthenticated call is counted in a log line, never written to the access log one by one;
 * and only the Worker believes Cloudflare's CF-Connecting-IP.
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { createStore } from '../../src/store/index.js';
import { accessLog } from '../../src/store/schema.js';
import { TestClock } from '../harness/api.js';
import { TEST_SIGNING_KEY } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { newCtx } from './helpers.js';

async function appWith(config: Partial<AppConfig>) {
  const db = await testDatabase();
  const clock = new TestClock();
  // A moment no other test writes at, so this test's access-log rows can be counted exactly.
  clock.set(new Date(Date.UTC(2031, 0, 1) + Math.floor(Math.random() * 1e9)));
  const lines: string[] = [];
  const app = createApp({
    config: { publicUrl: undefined, signingKey: TEST_SIGNING_KEY, tokenTtlMinutes: 60, maxBodyBytes: 65536, rateLimitPerMinute: 0, ...config },
    storeFor: () => createStore(db),
    clock,
    log: (line) => lines.push(line),
  });
  const call = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
    app.request(`http://liaison.test${path}`, { ...init, headers });
  const anonymousRows = async () => {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(accessLog)
      .where(and(eq(accessLog.actorKind, 'anonymous'), eq(accessLog.at, clock.now())));
    return Number(row!.n);
  };
  return { app, clock, lines, call, anonymousRows };
}

const badToken = { Authorization: 'Bearer not.a.token' };

describe('rate limiting', () => {
  // The embedded database takes a while to start: not within the first test's time.
  beforeAll(() => testDatabase());

  it('limits a flood of invalid tokens by network address, across the JSON API and FHIR', async () => {
    const { call } = await appWith({ rateLimitPerMinute: 3, addressRateLimitPerMinute: 5 });
    for (let i = 0; i < 3; i++) expect((await call('/api/requests', badToken)).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await call('/fhir/ServiceRequest', badToken)).status).toBe(401);
    const over = await call('/fhir/ServiceRequest', badToken);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(((await over.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await call('/api/requests')).status).toBe(429);
  });

  it('keeps the per-caller budget after sign-in, below the address budget', async () => {
    const ctx = await newCtx();
    const { call } = await appWith({ rateLimitPerMinute: 2, addressRateLimitPerMinute: 100 });
    const gp = { Authorization: `Bearer ${ctx.clinic.gp.token}` };
    const psychiatrist = { Authorization: `Bearer ${ctx.clinic.psychiatrist.token}` };
    expect((await call('/api/me', gp)).status).toBe(200);
    expect((await call('/fhir/ServiceRequest', gp)).status).toBe(200);
    expect((await call('/api/me', gp)).status).toBe(429);
    expect((await call('/api/me', psychiatrist)).status).toBe(200);
  });

  it('counts refused unauthenticated calls in a log line instead of writing an access-log row for each', async () => {
    const { call, clock, lines, anonymousRows } = await appWith({ rateLimitPerMinute: 2, addressRateLimitPerMinute: 4 });
    const started = clock.now();
    for (let i = 0; i < 3; i++) expect((await call('/api/requests', badToken)).status).toBe(401);
    expect((await call('/fhir/Task')).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await call('/api/me', badToken)).status).toBe(429);
    expect((await call('/auth/token', { 'Content-Type': 'application/x-www-form-urlencoded' }, { method: 'POST', body: 'grant_type=password' })).status).toBe(400);
    expect(await anonymousRows()).toBe(0);
    expect(lines.filter((l) => l.includes('refused'))).toEqual([]);

    // The count is reported once the minute is over, with the next call.
    clock.set(new Date(started.getTime() + 61_000));
    expect((await call('/health')).status).toBe(200);
    expect(lines.filter((l) => l.includes('unauthenticated'))).toEqual([expect.stringMatching(/^8 unauthenticated calls refused \(no or invalid token, or over an address's budget\) since /)]);
  });

  it('does not believe CF-Connecting-IP on Node: a client cannot pick a fresh address per call', async () => {
    const { call } = await appWith({ rateLimitPerMinute: 2, addressRateLimitPerMinute: 2 });
    const token = (n: number) =>
      call('/auth/token', { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': `203.0.113.${n}` }, { method: 'POST', body: 'grant_type=client_credentials' });
    expect((await token(1)).status).toBe(400);
    expect((await token(2)).status).toBe(400);
    expect((await token(3)).status).toBe(429);
    const api = (n: number) => call('/api/me', { ...badToken, 'CF-Connecting-IP': `198.51.100.${n}` });
    expect((await api(1)).status).toBe(401);
    expect((await api(2)).status).toBe(401);
    expect((await api(3)).status).toBe(429);
  });

  it('on Workers, where Cloudflare sets CF-Connecting-IP, counts each address on its own', async () => {
    const { call } = await appWith({ rateLimitPerMinute: 2, addressRateLimitPerMinute: 2, trustCloudflareAddress: true });
    const api = (address: string) => call('/api/me', { ...badToken, 'CF-Connecting-IP': address });
    expect((await api('198.51.100.1')).status).toBe(401);
    expect((await api('198.51.100.1')).status).toBe(401);
    expect((await api('198.51.100.1')).status).toBe(429);
    expect((await api('198.51.100.2')).status).toBe(401);
  });
});
