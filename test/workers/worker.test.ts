/**
 * The Worker inside workerd, through the Hyperdrive binding to real PostgreSQL (prepared and
 * seeded with the demo directory by test/harness/global-setup.ts).
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
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
