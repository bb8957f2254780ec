/**
 * SMART Backend Services (https://hl7.org/fhir/uv/bulkdata/authorization/index.html): an EHR signs
 * an assertion with its private key and gets a token limited to the scopes it asked for and was
 * granted; every malformed, replayed or foreign assertion is refused with an OAuth error.
 */
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../harness/api.js';
import type { Person } from '../harness/clinic.js';
import { ORIGIN, createRequest, expectOutcome, fhir, get, newCtx, put, serviceRequestBody, type Ctx, type Json } from './helpers.js';

const TOKEN_URL = `${ORIGIN}/auth/token`;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface Key {
  alg: 'ES384' | 'RS384';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(alg: 'ES384' | 'RS384', kid = `${alg}-${crypto.randomUUID()}`): Promise<Key> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

interface Smart extends Ctx {
  clientId: string;
  keys: Key[];
}

/** A clinic whose EHR registered an ES384 and an RS384 public key (and, optionally, its scopes). */
async function smartCtx(ehrScopes?: string): Promise<Smart> {
  const keys = [await newKey('ES384'), await newKey('RS384')];
  const ctx = await newCtx({ ehrJwks: { keys: keys.map((k) => k.publicJwk) }, ...(ehrScopes ? { ehrScopes } : {}) });
  return { ...ctx, clientId: ctx.clinic.ehr.id, keys };
}

interface Claims {
  iss?: string;
  sub?: string;
  aud?: string;
  jti?: string;
  exp?: string | number;
  iat?: number;
}

function assertion(key: Key, clientId: string, claims: Claims = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(claims.iss ?? clientId)
    .setSubject(claims.sub ?? clientId)
    .setAudience(claims.aud ?? TOKEN_URL)
    .setJti(claims.jti ?? crypto.randomUUID())
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp ?? '4m')
    .sign(key.privateKey);
}

function tokenRequest(ctx: Ctx, clientAssertion: string, form: Record<string, string> = {}): Promise<ApiResponse> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/ServiceRequest.cruds', client_assertion_type: ASSERTION_TYPE, client_assertion: clientAssertion, ...form });
  return ctx.api.call('POST', '/auth/token', { rawBody: body.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
}

/** A token for the EHR with the given scopes; must be issued. */
async function tokenFor(ctx: Smart, scope: string, key = ctx.keys[0]!): Promise<Person> {
  const res = await tokenRequest(ctx, await assertion(key, ctx.clientId), { scope });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { id: ctx.clientId, token: String(res.body.access_token) };
}

function expectOAuthError(res: ApiResponse, error: string): void {
  expect([400, 401], JSON.stringify(res.body)).toContain(res.status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ error, error_description: expect.stringMatching(/\S/) });
  expect(res.body.access_token).toBeUndefined();
}

const unsigned = (header: Json, payload: Json) =>
  `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;

describe('the token endpoint', () => {
  it.each(['ES384', 'RS384'] as const)('issues a %s-signed client a token with the granted subset of the scopes it asked for', async (alg) => {
    const ctx = await smartCtx();
    const key = ctx.keys.find((k) => k.alg === alg)!;
    const res = await tokenRequest(ctx, await assertion(key, ctx.clientId), { scope: 'system/ServiceRequest.cruds system/Task.rs system/Task.u system/Patient.r' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.body).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i), expires_in: expect.any(Number), access_token: expect.any(String) });
    expect(String(res.body.scope).split(' ').sort()).toEqual(['system/ServiceRequest.cruds', 'system/Task.rs']);

    const ehr = { id: ctx.clientId, token: String(res.body.access_token) };
    const created = await fhir(ctx, ehr, 'POST', '/ServiceRequest', { body: serviceRequestBody(ctx.clinic) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await get(ctx, ehr, `/Task/${created.body.id}`)).status).toBe('requested');
  });

  it.each<[string, (ctx: Smart) => Promise<string>, string]>([
    ['an expired assertion', (c) => assertion(c.keys[0]!, c.clientId, { iat: Math.floor(Date.now() / 1000) - 900, exp: Math.floor(Date.now() / 1000) - 600 }), 'invalid_client'],
    ['exp more than five minutes ahead', (c) => assertion(c.keys[0]!, c.clientId, { exp: '10m' }), 'invalid_client'],
    ['the wrong audience', (c) => assertion(c.keys[0]!, c.clientId, { aud: `${ORIGIN}/fhir` }), 'invalid_client'],
    ['an issuer other than the subject', (c) => assertion(c.keys[0]!, c.clientId, { iss: 'someone-else' }), 'invalid_client'],
    ['a subject other than the issuer', (c) => assertion(c.keys[0]!, c.clientId, { sub: 'someone-else' }), 'invalid_client'],
    ['an unknown client', (c) => assertion(c.keys[0]!, c.clientId, { iss: 'ehr-unknown', sub: 'ehr-unknown' }), 'invalid_client'],
    ['a key not in the JWKS', async (c) => assertion(await newKey('ES384'), c.clientId), 'invalid_client'],
    ['a registered kid with another key', async (c) => assertion({ ...(await newKey('ES384')), kid: c.keys[0]!.kid }, c.clientId), 'invalid_client'],
    [
      'alg none',
      async (c) => unsigned({ alg: 'none', kid: c.keys[0]!.kid }, { iss: c.clientId, sub: c.clientId, aud: TOKEN_URL, jti: crypto.randomUUID(), exp: Math.floor(Date.now() / 1000) + 240 }),
      'invalid_client',
    ],
    [
      'HS256 with a shared secret',
      (c) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256', kid: c.keys[0]!.kid })
          .setIssuer(c.clientId)
          .setSubject(c.clientId)
          .setAudience(TOKEN_URL)
          .setJti(crypto.randomUUID())
          .setExpirationTime('4m')
          .sign(new TextEncoder().encode(JSON.stringify(c.keys[0]!.publicJwk))),
      'invalid_client',
    ],
    ['no jti', (c) => new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: c.keys[0]!.kid }).setIssuer(c.clientId).setSubject(c.clientId).setAudience(TOKEN_URL).setExpirationTime('4m').sign(c.keys[0]!.privateKey), 'invalid_client'],
    ['not a JWT', async () => 'not-a-jwt', 'invalid_client'],
  ])('refuses %s', async (_label, make, error) => {
    const ctx = await smartCtx();
    expectOAuthError(await tokenRequest(ctx, await make(ctx)), error);
  });

  it('refuses a replayed assertion (same jti), even within its lifetime', async () => {
    const ctx = await smartCtx();
    const signed = await assertion(ctx.keys[0]!, ctx.clientId);
    expect((await tokenRequest(ctx, signed)).status).toBe(200);
    expectOAuthError(await tokenRequest(ctx, signed), 'invalid_client');
    const sameJti = await assertion(ctx.keys[1]!, ctx.clientId, { jti: JSON.parse(Buffer.from(signed.split('.')[1]!, 'base64url').toString()).jti });
    expectOAuthError(await tokenRequest(ctx, sameJti), 'invalid_client');
  });

  it('refuses the wrong grant type, assertion type, content type and unregistered scopes', async () => {
    const ctx = await smartCtx();
    expectOAuthError(await tokenRequest(ctx, await assertion(ctx.keys[0]!, ctx.clientId), { grant_type: 'authorization_code' }), 'unsupported_grant_type');
    expectOAuthError(await tokenRequest(ctx, await assertion(ctx.keys[0]!, ctx.clientId), { client_assertion_type: 'urn:example:other' }), 'invalid_request');
    expectOAuthError(await tokenRequest(ctx, await assertion(ctx.keys[0]!, ctx.clientId), { scope: 'system/Patient.r system/*.*' }), 'invalid_scope');
    const json = await ctx.api.call('POST', '/auth/token', { body: { grant_type: 'client_credentials', client_assertion: await assertion(ctx.keys[0]!, ctx.clientId) } });
    expectOAuthError(json, 'invalid_request');
  });
});

describe('scopes on the FHIR endpoint', () => {
  it('a token with only system/ServiceRequest.rs reads and searches but cannot create (403)', async () => {
    const ctx = await smartCtx();
    const existing = await createRequest(ctx);
    const readOnly = await tokenFor(ctx, 'system/ServiceRequest.rs');
    expect((await get(ctx, readOnly, `/ServiceRequest/${existing.id}`)).id).toBe(existing.id);
    expect((await get(ctx, readOnly, '/ServiceRequest')).entry).toHaveLength(1);
    const before = await ctx.api.rowsOf(ctx.clinic.practiceId);
    const outcome = expectOutcome(await fhir(ctx, readOnly, 'POST', '/ServiceRequest', { body: serviceRequestBody(ctx.clinic) }), 403);
    expect(outcome.issue[0].diagnostics).toContain('system/ServiceRequest.c');
    expect(await ctx.api.rowsOf(ctx.clinic.practiceId)).toEqual(before);
    expectOutcome(await fhir(ctx, readOnly, 'GET', `/Task/${existing.id}`), 403);
  });

  it('a token without Task write scope cannot update a Task (403), even if the client registered it', async () => {
    const ctx = await smartCtx('system/ServiceRequest.cruds system/Task.rus');
    const sr = await createRequest(ctx);
    const token = await tokenFor(ctx, 'system/ServiceRequest.cruds system/Task.rs');
    const task = await get(ctx, token, `/Task/${sr.id}`);
    const outcome = expectOutcome(await put(ctx, token, task, { status: 'accepted' }), 403);
    expect(outcome.issue[0].diagnostics).toContain('system/Task.u');
    expect((await get(ctx, token, `/Task/${sr.id}`)).meta.versionId).toBe(task.meta.versionId);
    // With the scope, the requesting side still does not move the fulfiller's Task.
    const writer = await tokenFor(ctx, 'system/Task.rus');
    expectOutcome(await put(ctx, writer, task, { status: 'accepted' }), 403);
    expect((await get(ctx, token, `/Task/${sr.id}`)).meta.versionId).toBe(task.meta.versionId);
  });
  it('_revinclude=Task:focus needs Task read scope: 403 naming it, and nothing returned', async () => {
    const ctx = await smartCtx('system/ServiceRequest.cruds system/Task.rs');
    const sr = await createRequest(ctx);
    const withoutTask = await tokenFor(ctx, 'system/ServiceRequest.rs');
    const refused = await fhir(ctx, withoutTask, 'GET', '/ServiceRequest?_revinclude=Task:focus');
    const outcome = expectOutcome(refused, 403);
    expect(outcome.issue[0].diagnostics).toContain('system/Task.r');
    expect(JSON.stringify(refused.body)).not.toContain(sr.id);
    const posted = await ctx.api.call('POST', '/fhir/ServiceRequest/_search', {
      token: withoutTask.token,
      rawBody: '_revinclude=Task%3Afocus',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expectOutcome(posted, 403);
    // Without the include, the same token searches; with Task read scope, the Tasks come along.
    expect((await get(ctx, withoutTask, '/ServiceRequest')).entry).toHaveLength(1);
    const withTask = await tokenFor(ctx, 'system/ServiceRequest.rs system/Task.r');
    const bundle = await get(ctx, withTask, '/ServiceRequest?_revinclude=Task:focus');
    expect(bundle.entry.map((e: Json) => `${e.resource.resourceType}/${e.search.mode}`).sort()).toEqual(['ServiceRequest/match', 'Task/include']);
  });
});

describe('discovery', () => {
  it.each(['/.well-known/smart-configuration', '/fhir/.well-known/smart-configuration'])('GET %s describes the token endpoint', async (path) => {
    const ctx = await newCtx();
    const res = await ctx.api.call('GET', path);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_endpoint: TOKEN_URL,
      grant_types_supported: expect.arrayContaining(['client_credentials']),
      token_endpoint_auth_methods_supported: expect.arrayContaining(['private_key_jwt']),
      token_endpoint_auth_signing_alg_values_supported: expect.arrayContaining(['ES384', 'RS384']),
      capabilities: expect.arrayContaining(['client-confidential-asymmetric']),
    });
  });
});
