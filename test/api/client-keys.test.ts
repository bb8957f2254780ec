/**
 * System clients registered by an administrator (issue 12): a registered JWKS or a jwks_uri
 * served by a real HTTP server (the EHR's). A rotated key works at once; the old one until it is
 * removed; a deactivated client gets no token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CACHE_MS } from '../../src/services/client-keys.js';
import { adminWorld, type AdminWorld } from './admin.fixtures.js';
import { expectProblem, fieldsOf } from './helpers.js';

interface Key { kid: string; privateKey: CryptoKey; publicJwk: JWK }

async function newKey(): Promise<Key> {
  const kid = `key-${crypto.randomUUID()}`;
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' } };
}

/** The status of a token request signed with `key` (its expiry by the app's clock, which tests move). */
async function token(w: AdminWorld, clientId: string, key: Key): Promise<number> {
  const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: key.kid }).setIssuer(clientId).setSubject(clientId).setAudience('http://liaison.test/auth/token').setJti(crypto.randomUUID()).setExpirationTime(Math.floor(w.api.clock.now().getTime() / 1000) + 240).sign(key.privateKey);
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/Task.rs', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
  return (await w.api.call('POST', '/auth/token', { rawBody: body.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status;
}

async function register(w: AdminWorld, body: Record<string, unknown>): Promise<string> {
  const res = await w.as(w.providerAdmin, 'POST', `/api/admin/organisations/${w.clinic.specialistId}/clients`, { name: 'Ward EHR', scopes: ['system/Task.rs'], ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return String(res.body.id);
}

async function change(w: AdminWorld, clientId: string, patch: Record<string, unknown>) {
  const path = `/api/admin/clients/${clientId}`;
  const current = await w.as(w.providerAdmin, 'GET', path);
  const res = await w.as(w.providerAdmin, 'PATCH', path, patch, { 'If-Match': current.headers.get('ETag')! });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

/** The EHR's own server publishing its JWKS; counts how often it was asked. */
const published: { keys: JWK[] } = { keys: [] };
let fetches = 0;
let server: Server | undefined;
async function jwksUri(): Promise<string> {
  server ??= createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(published));
  });
  if (!server.listening) await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
}
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('system clients registered by an administrator', () => {
  let w: AdminWorld | undefined;
  afterEach(() => w?.api.clock.reset());

  it('a registered JWKS: a key added works at once, the old one until it is removed', async () => {
    w = await adminWorld();
    const [oldKey, newKey_] = [await newKey(), await newKey()];
    const id = await register(w, { jwks: { keys: [oldKey.publicJwk] } });
    expect(await token(w, id, oldKey)).toBe(200);
    expect(await token(w, id, newKey_)).toBe(401);
    await change(w, id, { jwks: { keys: [oldKey.publicJwk, newKey_.publicJwk] } });
    expect(await token(w, id, newKey_)).toBe(200);
    expect(await token(w, id, oldKey)).toBe(200);
    await change(w, id, { jwks: { keys: [newKey_.publicJwk] } });
    expect(await token(w, id, oldKey)).toBe(401);
    expect(await token(w, id, newKey_)).toBe(200);
  });

  it('a jwks_uri: fetched and cached; a rotated key works at once; a removed key stops with the cache', async () => {
    w = await adminWorld();
    const [first, second] = [await newKey(), await newKey()];
    published.keys = [first.publicJwk];
    const id = await register(w, { jwksUri: await jwksUri() });
    const before = fetches;
    expect(await token(w, id, first)).toBe(200);
    expect(await token(w, id, first)).toBe(200);
    expect(fetches - before).toBe(1);

    // The EHR rotates: it publishes the new key beside the old one and signs with it at once.
    published.keys = [first.publicJwk, second.publicJwk];
    w.api.clock.set(new Date(Date.now() + 11_000));
    const beforeRotation = fetches;
    const rotated = await token(w, id, second);
    expect(fetches - beforeRotation).toBe(1);
    expect(rotated).toBe(200);
    expect(await token(w, id, first)).toBe(200);
    // It removes the old key: refused once the cache has been refreshed.
    published.keys = [second.publicJwk];
    w.api.clock.set(new Date(Date.now() + 11_000 + CACHE_MS + 1_000));
    expect(await token(w, id, first)).toBe(401);
    expect(await token(w, id, second)).toBe(200);
  });

  it('refuses a private key, and both a JWKS and a jwks_uri; a deactivated client gets no token', async () => {
    w = await adminWorld();
    const key = await newKey();
    const path = `/api/admin/organisations/${w.clinic.specialistId}/clients`;
    const secret = await w.as(w.providerAdmin, 'POST', path, { name: 'Leaky', scopes: ['system/Task.rs'], jwks: { keys: [{ ...key.publicJwk, d: 'private' }] } });
    expectProblem(secret, 422, 'unprocessable');
    expect(fieldsOf(secret)).toEqual(['jwks.keys.0']);
    const both = await w.as(w.providerAdmin, 'POST', path, { name: 'Both', scopes: ['system/Task.rs'], jwks: { keys: [key.publicJwk] }, jwksUri: 'https://ehr.example.org/jwks' });
    expectProblem(both, 422, 'unprocessable');
    const scope = await w.as(w.providerAdmin, 'POST', path, { name: 'Bad scope', scopes: ['patient/*.*'] });
    expectProblem(scope, 400, 'invalid_input');
    expect(fieldsOf(scope)).toEqual(['scopes.0']);

    const id = await register(w, { jwks: { keys: [key.publicJwk] } });
    expect(await token(w, id, key)).toBe(200);
    await change(w, id, { active: false });
    expect(await token(w, id, key)).toBe(401);
  });
});
