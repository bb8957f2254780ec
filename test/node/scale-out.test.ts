/**
 * Two instances of Liaison — two real Node processes — on one PostgreSQL behave as one: a SMART
 * client assertion used on one is refused on the other; a caller's rate budget is shared (calls
 * split across both are limited at the budget, within the documented slack, not at twice it); a
 * request created on one is read and changed on the other with the right version and If-Match;
 * and searches run on the read replica's pool (DATABASE_READ_URL, here the same database under
 * its own application_name) while writes and reads after writes stay on the primary.
 * Runs only with TEST_DATABASE_URL.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenSigner } from '../../src/auth/tokens.js';
import { FLUSH_MS } from '../../src/http/shared-budgets.js';
import { openNodeDatabase } from '../../src/store/open-node.js';
import { newClinic, TEST_SIGNING_KEY, type Clinic } from '../harness/clinic.js';
import { freePort, startServer, stopServer, type ServerProcess } from './server-process.js';
import { within } from '../harness/within.js';

const url = process.env.TEST_DATABASE_URL;
const PUBLIC_URL = 'http://liaison.test';
const BUDGET = 40;
const tag = crypto.randomUUID().slice(0, 8);
const dataDirs: string[] = [];
const servers: ServerProcess[] = [];
let sql: postgres.Sql;

const withAppName = (base: string, name: string) => {
  const u = new URL(base);
  u.searchParams.set('application_name', name);
  return u.toString();
};

async function instance(name: string, replica = true): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), `liaison-scale-${name}-`));
  dataDirs.push(dataDir);
  const server = await startServer(
    {
      DATABASE_URL: withAppName(url!, `liaison-primary-${name}-${tag}`),
      ...(replica ? { DATABASE_READ_URL: withAppName(url!, `liaison-read-${name}-${tag}`) } : {}),
      // Both answer to the same name: an assertion's aud and a token's issuer do not depend on which instance is asked.
      PUBLIC_URL,
      LIAISON_SIGNING_KEY: TEST_SIGNING_KEY,
      LIAISON_DATA_DIR: dataDir,
      LIAISON_DEMO_DATA: 'false',
      LIAISON_RATE_LIMIT_PER_MINUTE: String(BUDGET),
      LIAISON_ADDRESS_RATE_LIMIT_PER_MINUTE: '100000',
    },
    await freePort(),
  );
  servers.push(server);
  return server;
}

let clinic: Clinic;
let a: ServerProcess;
let b: ServerProcess;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
const signer = new TokenSigner(TEST_SIGNING_KEY, PUBLIC_URL);
const tokenOf = (id: string) => signer.issue({ kind: 'user', id }, 10);

beforeAll(async () => {
  if (!url) return;
  keys = await generateKeyPair('ES384', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'scale-1', alg: 'ES384', use: 'sig' };
  const opened = await openNodeDatabase({ databaseUrl: url });
  await opened.migrate();
  clinic = await newClinic(opened.db, { ehrJwks: { keys: [jwk] } });
  await opened.close();
  sql = postgres(url, { max: 1, onnotice: () => {} });
  [a, b] = await Promise.all([instance('a'), instance('b')]);
});

afterAll(async () => {
  for (const s of servers) await stopServer(s, 'SIGKILL');
  await sql?.end();
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
});

const readBackends = async (name: string) =>
  (await sql<{ query: string }[]>`select query from pg_stat_activity where application_name = ${`liaison-read-${name}-${tag}`}`).map((r) => r.query);

describe.skipIf(!url)('two instances on one PostgreSQL', () => {
  it('refuses on one instance a SMART client assertion already used on the other', async () => {
    const assertion = () =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES384', kid: 'scale-1', typ: 'JWT' })
        .setIssuer(clinic.ehr.id)
        .setSubject(clinic.ehr.id)
        .setAudience(`${PUBLIC_URL}/auth/token`)
        .setJti(crypto.randomUUID())
        .setExpirationTime('4m')
        .sign(keys.privateKey);
    const exchange = (server: ServerProcess, signed: string) =>
      fetch(`${server.url}/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/ServiceRequest.rs', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: signed }),
      });
    for (const [first, second] of [[a, b], [b, a]] as const) {
      const signed = await assertion();
      const issued = await exchange(first, signed);
      expect(issued.status, await issued.clone().text()).toBe(200);
      const replayed = await exchange(second, signed);
      expect(replayed.status).toBe(401);
      expect(await replayed.json()).toMatchObject({ error: 'invalid_client', error_description: expect.stringContaining('already used') });
    }
  });

  it('reads and changes on one instance a request created on the other, with its version and If-Match', async () => {
    const [gp, psychiatrist] = await Promise.all([tokenOf(clinic.gp.id), tokenOf(clinic.psychiatrist.id)]);
    const call = (server: ServerProcess, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
    const created = await call(a, 'POST', '/api/requests', gp, {
      patient: { identifier: { system: 'urn:liaison:test', value: `SCALE-${tag}` }, name: { family: 'Scale', given: ['Sam'] }, birthDate: '1980-01-01', sex: 'male' },
      clinicalQuestion: 'Low mood after a move; which treatment first?',
      requestedForm: 'advice-only',
      consent: { given: true },
      submit: true,
    });
    expect(created.status).toBe(201);
    const { id, version } = (await created.json()) as { id: string; version: number };

    const read = await call(b, 'GET', `/api/requests/${id}`, psychiatrist);
    expect(read.status).toBe(200);
    expect(read.headers.get('ETag')).toBe(`W/"${version}"`);
    const fhirRead = await call(b, 'GET', `/fhir/ServiceRequest/${id}`, psychiatrist);
    expect(fhirRead.status).toBe(200);
    expect(((await fhirRead.json()) as { meta: { versionId: string } }).meta.versionId).toBe(String(version));

    const accepted = await call(b, 'POST', `/api/requests/${id}/accept`, psychiatrist, { agreedForm: 'advice-only' }, { 'If-Match': `W/"${version}"` });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('ETag')).toBe(`W/"${version + 1}"`);
    // Instance a has no copy of its own to be stale about: the old version is refused there too.
    const stale = await call(a, 'POST', `/api/requests/${id}/cancel`, gp, { reason: 'no longer needed' }, { 'If-Match': `W/"${version}"` });
    expect(stale.status).toBe(412);
    const after = await call(a, 'GET', `/api/requests/${id}`, gp);
    expect(after.headers.get('ETag')).toBe(`W/"${version + 1}"`);
    expect(((await after.json()) as { status: string }).status).toBe('accepted');

    // Nothing so far was a search: the replica pools have not even connected.
    expect(await readBackends('a')).toEqual([]);
    expect(await readBackends('b')).toEqual([]);
    const searched = await call(a, 'GET', `/fhir/ServiceRequest?status=active&_total=accurate`, gp);
    expect(searched.status).toBe(200);
    expect(((await searched.json()) as { total: number }).total).toBeGreaterThanOrEqual(1);
    const listed = await call(b, 'GET', '/api/requests?limit=5', gp);
    expect(listed.status).toBe(200);
    for (const name of ['a', 'b']) {
      const queries = await readBackends(name);
      expect(queries.length, `instance ${name}`).toBeGreaterThan(0);
      expect(queries.some((q) => q.includes('"consultation_requests"')), queries.join('\n')).toBe(true);
      expect(queries.filter((q) => /^\s*(insert|update|delete)/i.test(q))).toEqual([]);
    }
  });

  it('shares a caller’s rate budget: calls split across both instances are limited at the budget, not at twice it', async () => {
    const token = await tokenOf(clinic.gp2.id);
    // Windows are the clock's minutes: start early enough in one that the run ends within it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 52_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    const statuses = { a: [] as number[], b: [] as number[] };
    for (let i = 0; i < BUDGET * 2; i++) {
      const [name, server] = i % 2 === 0 ? (['a', a] as const) : (['b', b] as const);
      const res = await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
      if (res.status === 429) expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
      statuses[name].push(res.status);
      // About two calls per instance per flush interval: the pace of a busy client (1 200 a minute).
      await new Promise((r) => setTimeout(r, FLUSH_MS / 4));
    }
    const admitted = [...statuses.a, ...statuses.b].filter((s) => s === 200).length;
    expect([...statuses.a, ...statuses.b].every((s) => s === 200 || s === 429)).toBe(true);
    // Each instance alone would let BUDGET through (2 × BUDGET in all); shared, at most a flush
    // interval's calls per instance beyond it.
    expect(admitted).toBeGreaterThanOrEqual(BUDGET);
    expect(admitted).toBeLessThanOrEqual(BUDGET + 6);
    expect(statuses.a).toContain(429);
    expect(statuses.b).toContain(429);

    // What the database holds names no caller: keys are keyed digests.
    const stored = await sql<{ budget_key: string }[]>`select budget_key from call_counts`;
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.filter((r) => r.budget_key.includes(clinic.gp2.id) || r.budget_key.includes('127.0.0.1'))).toEqual([]);
  });

  it('stops both cleanly, with nothing logged as an error', async () => {
    for (const server of [a, b]) {
      expect(await stopServer(server, 'SIGTERM')).toBe(0);
      expect(server.output()).not.toMatch(/error |could not be shared/i);
    }
  });
});

describe.skipIf(!url)('two instances without a replica, each keeping its search pages', () => {
  it('a search polled on one instance shows a request created, then cancelled, on the other within moments', async () => {
    const [c, d] = await Promise.all([instance('c', false), instance('d', false)]);
    const gp = await tokenOf(clinic.gp.id);
    const call = (server: ServerProcess, method: string, path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, { method, headers: { Authorization: `Bearer ${gp}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const jsonStatusOf = async (id: string) => ((await (await call(c, 'GET', '/api/requests?limit=50')).json()) as { items: { id: string; status: string }[] }).items.find((i) => i.id === id)?.status;
    const fhirStatusOf = async (id: string) =>
      ((await (await call(c, 'GET', `/fhir/ServiceRequest?_count=50&requester=Practitioner/${clinic.gp.id}`)).json()) as { entry?: { resource: { id: string; status: string } }[] }).entry?.find((e) => e.resource.id === id)?.resource.status;
    // Both searches asked twice on c: kept there.
    for (let i = 0; i < 2; i++) {
      expect((await call(c, 'GET', '/api/requests?limit=50')).status).toBe(200);
      expect((await call(c, 'GET', `/fhir/ServiceRequest?_count=50&requester=Practitioner/${clinic.gp.id}`)).status).toBe(200);
    }
    const created = await call(d, 'POST', '/api/requests', {
      patient: { identifier: { system: 'urn:liaison:test', value: `KEPT-${tag}` }, name: { family: 'Kept', given: ['Kim'] }, birthDate: '1979-02-03', sex: 'female' },
      clinicalQuestion: 'Sleep problems for months; what next?',
      requestedForm: 'advice-only',
      consent: { given: true },
      submit: true,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await within(2000, async () => (await jsonStatusOf(id)) === 'submitted')).toBe(true);
    expect(await within(2000, async () => (await fhirStatusOf(id)) === 'active')).toBe(true);

    expect((await call(d, 'POST', `/api/requests/${id}/cancel`, { reason: 'Entered twice' })).status).toBe(200);
    expect(await within(2000, async () => (await jsonStatusOf(id)) === 'cancelled')).toBe(true);
    expect(await within(2000, async () => (await fhirStatusOf(id)) === 'revoked')).toBe(true);
    for (const server of [c, d]) expect(await stopServer(server, 'SIGTERM')).toBe(0);
  });
});

describe('a read replica', () => {
  it('needs DATABASE_URL: without it Liaison refuses to start, naming DATABASE_READ_URL', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liaison-scale-refused-'));
    dataDirs.push(dataDir);
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/entry/node.ts'], {
      env: { ...process.env, DATABASE_URL: '', DATABASE_READ_URL: 'postgres://replica.example.org/liaison', LIAISON_DATA_DIR: dataDir, HOST: '127.0.0.1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/DATABASE_READ_URL: a read replica needs DATABASE_URL/);
  });
});
