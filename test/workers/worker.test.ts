/**
 * The Worker inside workerd, through the Hyperdrive binding to real PostgreSQL (prepared and
 * seeded with the demo directory by test/harness/global-setup.ts); its rate limits in
 * Cloudflare's rate-limiting bindings (wrangler.toml, run locally by miniflare); searches through
 * a second Hyperdrive binding to a read replica.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import postgres from 'postgres';
import { describe, expect, it, vi } from 'vitest';
import { TokenSigner } from '../../src/auth/tokens.js';
import { DEMO_USERS } from '../../src/demo/directory.js';
import worker from '../../src/entry/worker.js';
import { TEST_SIGNING_KEY } from '../harness/clinic.js';

// The Worker runs with PUBLIC_URL (vitest.config.ts): its tokens name it as issuer and audience.
const signer = new TokenSigner(TEST_SIGNING_KEY, 'http://liaison.test');
const user = (email: string) => DEMO_USERS.find((u) => u.email === email)!;
const tokenFor = (email: string) => signer.issue({ kind: 'user', id: user(email).id }, 10);

async function call(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await exports.default.fetch(`http://liaison.test${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const draft = {
  patient: { identifier: { system: 'urn:liaison:test', value: `W-${Date.now()}` }, name: { family: 'Worker', given: ['Wendy'] }, birthDate: '1990-05-05', sex: 'female' },
  clinicalQuestion: 'Recurrent depression; augmentation options?',
  requestedForm: 'joint-video',
  consent: { given: true },
};

describe('Liaison on workerd with PostgreSQL through Hyperdrive', () => {
  it('answers /health with the database up', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('refuses a call without a token with a problem body', async () => {
    const res = await call('GET', '/api/requests');
    expect(res.status).toBe(401);
    expect(res.headers.get('Content-Type')).toContain('application/problem+json');
  });

  it('walks a request from submitted to accepted, and hides it from another practice', async () => {
    const gp = await tokenFor('gp@demo.liaison.test');
    const created = await call('POST', '/api/requests', gp, { ...draft, submit: true });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('submitted');
    expect(created.headers.get('ETag')).toBe(`W/"${created.body.version}"`);

    const psychiatrist = await tokenFor('psychiatrist@demo.liaison.test');
    const accepted = await call('POST', `/api/requests/${created.body.id}/accept`, psychiatrist, { agreedForm: 'joint-video' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.assignee.id).toBe(user('psychiatrist@demo.liaison.test').id);
    // The consulting side's timeline starts at submission: the draft period stays with the practice.
    expect(accepted.body.timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept']);

    const again = await call('POST', `/api/requests/${created.body.id}/accept`, psychiatrist, { agreedForm: 'joint-video' });
    expect(again.status).toBe(409);
    expect(again.body.currentState).toBe('accepted');

    const outsider = await tokenFor('gp@other.liaison.test');
    expect((await call('GET', `/api/requests/${created.body.id}`, outsider)).status).toBe(404);
  });

  it('rejects malformed JSON with a 400 problem, not a 500', async () => {
    const gp = await tokenFor('gp@demo.liaison.test');
    const res = await call('POST', '/api/requests', gp, '{"patient":');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_input');
  });

  it('serves many requests in a row and in parallel without exhausting connections', async () => {
    const gp = await tokenFor('gp@demo.liaison.test');
    for (let i = 0; i < 10; i++) expect((await call('GET', '/api/requests?limit=5', gp)).status).toBe(200);
    const parallel = await Promise.all(Array.from({ length: 10 }, () => call('GET', '/api/requests?limit=5', gp)));
    expect(parallel.map((r) => r.status)).toEqual(Array(10).fill(200));
  });

  it('serves FHIR: the CapabilityStatement, and a validated ServiceRequest create', async () => {
    const metadata = await call('GET', '/fhir/metadata');
    expect(metadata.status).toBe(200);
    expect(metadata.body.resourceType).toBe('CapabilityStatement');

    const gp = await tokenFor('gp@demo.liaison.test');
    const fhir = (body: unknown) =>
      exports.default.fetch('http://liaison.test/fhir/ServiceRequest', {
        method: 'POST',
        headers: { Authorization: `Bearer ${gp}`, 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify(body),
      });
    const serviceRequest = {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      code: { coding: [{ system: 'https://liaison.example.org/fhir/CodeSystem/consultation-form', code: 'advice-only' }] },
      subject: { identifier: { system: 'urn:liaison:test', value: `W-${Date.now()}` }, display: 'Walter Worker' },
      note: [{ text: 'Lithium and a new ACE inhibitor: what to monitor?' }],
      extension: [{ url: 'https://liaison.example.org/fhir/StructureDefinition/shared-consultation-consent', extension: [{ url: 'given', valueBoolean: true }] }],
    };
    const created = await fhir(serviceRequest);
    expect(created.status).toBe(201);
    const resource = (await created.json()) as { resourceType: string; status: string };
    expect(resource).toMatchObject({ resourceType: 'ServiceRequest', status: 'active' });

    const invalid = await fhir({ ...serviceRequest, priority: 'whenever' });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });
});

describe('the Worker in production mode (the default)', () => {
  const health = (bindings: Record<string, unknown>) => worker.fetch(new Request('http://liaison.test/health'), { ...env, ...bindings } as never, {});

  it('refuses to serve without PUBLIC_URL, saying what is missing', async () => {
    const refused = await health({ PUBLIC_URL: undefined });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { code: string }).code).toBe('unavailable');
    expect((await health({ PUBLIC_URL: undefined, LIAISON_ENV: 'production' })).status).toBe(503);
    expect((await health({ LIAISON_SIGNING_KEY: undefined })).status).toBe(503);
  });

  it('serves without PUBLIC_URL only when told it runs in development', async () => {
    expect((await health({ PUBLIC_URL: undefined, LIAISON_ENV: 'development' })).status).toBe(200);
    expect((await health({})).status).toBe(200);
  });
});

describe('rate limits on Workers', () => {
  const me = (token: string, bindings: Record<string, unknown> = {}) =>
    worker.fetch(new Request('http://liaison.test/api/me', { headers: { Authorization: `Bearer ${token}` } }), { ...env, ...bindings } as never, {});

  it("count a caller in Cloudflare's rate-limiting binding, which every isolate shares", async () => {
    const leader = user('leader@demo.liaison.test');
    const token = await tokenFor(leader.email);
    expect((await me(token)).status).toBe(200);
    const binding = (env as unknown as { RATE_LIMIT_PER_CALLER: { limit(o: { key: string }): Promise<{ success: boolean }> } }).RATE_LIMIT_PER_CALLER;
    // Other isolates spend the leader's budget (the limit of wrangler.toml) ...
    for (let attempt = 0; attempt < 2; attempt++) {
      const minute = Math.floor(Date.now() / 60_000);
      while ((await binding.limit({ key: `caller:user:${leader.id}` })).success);
      const refused = await me(token);
      // (a new minute between the two refills the budget: once more)
      if (Math.floor(Date.now() / 60_000) !== minute) continue;
      // ... and this isolate refuses the call.
      expect(refused.status).toBe(429);
      expect(refused.headers.get('Retry-After')).toBe('60');
      return;
    }
    throw new Error('the minute turned twice');
  });

  it('without the bindings, count per isolate and say so once', async () => {
    const log = vi.spyOn(console, 'log');
    // Settings of their own build an app of their own (with a budget of 2 a minute).
    const bare = { RATE_LIMIT_PER_CALLER: undefined, RATE_LIMIT_PER_ADDRESS: undefined, LIAISON_RATE_LIMIT_PER_MINUTE: '2' };
    const token = await tokenFor('gp2@demo.liaison.test');
    expect((await me(token, bare)).status).toBe(200);
    expect((await me(token, bare)).status).toBe(200);
    expect((await me(token, bare)).status).toBe(429);
    const warnings = log.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('WARNING: no Cloudflare rate-limiting binding'));
    expect(warnings).toEqual([expect.stringContaining('RATE_LIMIT_PER_ADDRESS'), expect.stringContaining('RATE_LIMIT_PER_CALLER')]);
    log.mockRestore();
  });
});

describe('a read replica on Workers', () => {
  it('serves searches through HYPERDRIVE_READ when it is bound, and writes and reads after them through HYPERDRIVE', async () => {
    const { connectionString } = (env as unknown as { HYPERDRIVE: { connectionString: string } }).HYPERDRIVE;
    // The replica here is the same database under an application_name of its own.
    const name = `liaison-worker-read-${crypto.randomUUID().slice(0, 8)}`;
    const readUrl = new URL(connectionString);
    readUrl.searchParams.set('application_name', name);
    const bindings = { ...env, HYPERDRIVE_READ: { connectionString: readUrl.toString() } } as never;
    const gp = await tokenFor('gp@demo.liaison.test');
    const send = (path: string, init: RequestInit = {}) =>
      worker.fetch(new Request(`http://liaison.test${path}`, { ...init, headers: { Authorization: `Bearer ${gp}`, 'Content-Type': 'application/json', ...init.headers } }), bindings, {});
    // Left open like the Worker's own clients (ending one inside workerd cancels its socket's stream).
    const sql = postgres(connectionString, { max: 1, fetch_types: false });
    const onReplica = async () => (await sql<{ query: string }[]>`select query from pg_stat_activity where application_name = ${name}`).map((r) => r.query);
    const created = await send('/api/requests', { method: 'POST', body: JSON.stringify({ ...draft, submit: true }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await send(`/api/requests/${id}`)).status).toBe(200);
    expect(await onReplica()).toEqual([]);
    expect((await send('/fhir/ServiceRequest?status=active')).status).toBe(200);
    const queries = await onReplica();
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((q) => q.includes('"consultation_requests"') && !/^\s*(insert|update|delete)/i.test(q))).toBe(true);
  });
});

describe('scheduled delivery on Workers (cron trigger)', () => {
  it('delivers FHIR subscription notifications and leaves mail in the outbox for a Node dispatcher', async () => {
    // Development mode with local hooks: the endpoint is a closed local port, so the handshake fails and says so
    // (workerd logs the refused connection as an uncaught "Network connection lost"; the delivery handles it).
    const bindings = { ...env, LIAISON_ENV: 'development', LIAISON_ALLOW_LOCAL_HOOKS: 'true' } as never;
    const ehr = await signer.issue({ kind: 'client', id: 'demo-ehr' }, 10);
    const gp = await tokenFor('gp@demo.liaison.test');
    const send = (path: string, token: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
      worker.fetch(new Request(`http://liaison.test${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), bindings, {});
    const subscription = {
      resourceType: 'Subscription',
      status: 'requested',
      reason: 'Workers test',
      criteria: 'https://liaison.example.org/fhir/SubscriptionTopic/request-status-changed',
      channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/hook', payload: 'application/fhir+json' },
    };
    const created = await send('/fhir/Subscription', ehr, subscription);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const request = await send('/api/requests', gp, { ...draft, submit: true });
    const { id: requestId } = (await request.json()) as { id: string };

    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ cron: '* * * * *' }), bindings, ctx);
    await waitOnExecutionContext(ctx);

    const read = (await (await send(`/fhir/Subscription/${id}`, ehr)).json()) as { status: string; error?: string };
    expect(read).toMatchObject({ status: 'error', error: expect.stringMatching(/Handshake failed/) });
    const { connectionString } = (env as unknown as { HYPERDRIVE: { connectionString: string } }).HYPERDRIVE;
    const sql = postgres(connectionString, { max: 1, fetch_types: false });
    const mail = await sql<{ state: string; attempts: number }[]>`select state, attempts from notifications where request_id = ${requestId} and channel = 'email'`;
    expect(mail.length).toBeGreaterThan(0);
    expect(mail.every((m) => m.state === 'pending' && m.attempts === 0)).toBe(true);
    await send(`/fhir/Subscription/${id}`, ehr, undefined, 'DELETE');
  });
});
