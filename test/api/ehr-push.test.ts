/**
 * Push to the EHR's own FHIR server (issue 11): an organisation's administrator configures it; a
 * status change updates the EHR's copy of the Task through the outbox (fhir-kit-client), signed in
 * with a static bearer or SMART Backend Services; 5xx is retried, 4xx dead-lettered; a removed
 * connection stops the pushes. A real HTTP server plays the EHR.
 */
import { exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ehrDispatcher } from '../../src/entry/ehr-delivery.js';
import { TestClock } from '../harness/api.js';
import { testEhr, type TestEhr } from '../harness/fhir-server.js';
import { outboxStore, quietOutbox } from '../harness/outbox.js';
import { expectProblem, fieldsOf, move, newCtx, submittedRequest, type Ctx } from './helpers.js';

let ctx: Ctx;
let ehr: TestEhr;
const clock = new TestClock();

async function drain(maxAttempts = 3): Promise<void> {
  const d = ehrDispatcher({ store: await outboxStore(), clock, maxAttempts });
  while ((await d.runOnce()) > 0);
}
const configure = (body: unknown, who = ctx.clinic.admin) => ctx.api.call('PUT', '/api/admin/ehr-connection', { token: who.token, body });
const pushesOf = (id: string) => ehr.calls.filter((c) => c.method === 'PUT' && c.path === `/fhir/Task/${id}`);

beforeAll(async () => {
  ctx = await newCtx();
  ehr = await testEhr();
});
afterAll(() => ehr.stop());
beforeEach(async () => {
  clock.reset();
  ehr.answer = 200;
  ehr.calls.length = 0;
  await quietOutbox([ctx.clinic.practiceId, ctx.clinic.specialistId]);
});

describe('the EHR connection (administrators only)', () => {
  it('is set, shown without its secret, refused to others, and checked', async () => {
    const set = await configure({ baseUrl: ehr.base, auth: { kind: 'bearer', token: 'static-secret-7' } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ baseUrl: ehr.base, auth: { kind: 'bearer' } });
    const shown = await ctx.api.call('GET', '/api/admin/ehr-connection', { token: ctx.clinic.admin.token });
    expect(JSON.stringify(shown.body)).not.toContain('static-secret-7');
    expectProblem(await configure({ baseUrl: ehr.base, auth: { kind: 'bearer', token: 'x' } }, ctx.clinic.gp), 403);
    const bad = await configure({ baseUrl: 'not a url', auth: { kind: 'password' } });
    expectProblem(bad, 400);
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['baseUrl']));
  });
});

describe('changing the EHR connection', () => {
  it('keeps a secret left out, refuses a stale save and a key that is not private, and never shows a secret', async () => {
    expect((await ctx.api.call('DELETE', '/api/admin/ehr-connection', { token: ctx.clinic.admin.token })).status).toBeLessThan(500);
    // Nothing saved yet: a bearer sign-in without its token has nothing to keep.
    const none = await configure({ baseUrl: ehr.base, auth: { kind: 'bearer' } });
    expectProblem(none, 422);
    expect(fieldsOf(none)).toEqual(['auth.token']);
    expect((await configure({ baseUrl: ehr.base, auth: { kind: 'bearer', token: 'kept-secret-1' } })).status).toBe(200);
    const read = await ctx.api.call('GET', '/api/admin/ehr-connection', { token: ctx.clinic.admin.token });
    const tag = read.headers.get('ETag')!;
    expect(tag).toMatch(/^W\/"\d+"$/);
    // A change of the address alone keeps the token: the push still signs in with it.
    const moved = await ctx.api.call('PUT', '/api/admin/ehr-connection', { token: ctx.clinic.admin.token, headers: { 'If-Match': tag }, body: { baseUrl: `${ehr.base}/`, auth: { kind: 'bearer' } } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.headers.get('ETag')).not.toBe(tag);
    expect(moved.text).not.toContain('kept-secret-1');
    const request = await submittedRequest(ctx);
    await drain();
    expect(pushesOf(request.id).at(-1)?.headers.authorization).toBe('Bearer kept-secret-1');
    // The tab that read before that change is stale.
    expectProblem(await ctx.api.call('PUT', '/api/admin/ehr-connection', { token: ctx.clinic.admin.token, headers: { 'If-Match': tag }, body: { baseUrl: ehr.base, auth: { kind: 'bearer', token: 'other' } } }), 412);
    // Switching to SMART Backend Services needs its key; a public key is not one.
    const smart = { kind: 'smart-backend-services', tokenUrl: ehr.tokenUrl, clientId: 'liaison-client', scope: 'system/Task.u' };
    const keyless = await configure({ baseUrl: ehr.base, auth: smart });
    expectProblem(keyless, 422);
    expect(fieldsOf(keyless)).toEqual(['auth.privateJwk']);
    const { publicKey } = await generateKeyPair('ES384', { extractable: true });
    const publicOnly = await configure({ baseUrl: ehr.base, auth: { ...smart, privateJwk: await exportJWK(publicKey) } });
    expectProblem(publicOnly, 422);
    expect(fieldsOf(publicOnly)).toEqual(['auth.privateJwk']);
    expectProblem(await ctx.api.call('PUT', '/api/admin/ehr-connection', { token: ctx.clinic.admin.token, headers: { 'If-Match': 'soon' }, body: { baseUrl: ehr.base, auth: { kind: 'bearer' } } }), 400);
  });
});

describe('pushing the Task', () => {
  it('a status change updates the EHR’s Task with the static bearer token', async () => {
    await configure({ baseUrl: ehr.base, auth: { kind: 'bearer', token: 'static-secret-7' } });
    const request = await submittedRequest(ctx);
    await drain();
    await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
    await drain();
    const pushes = pushesOf(request.id);
    expect(pushes.map((p) => p.body.status)).toEqual(['requested', 'accepted']);
    expect(pushes.every((p) => p.headers.authorization === 'Bearer static-secret-7' && p.body.resourceType === 'Task' && p.body.id === request.id)).toBe(true);
    expect(pushes[0]!.headers['content-type']).toMatch(/application\/fhir\+json/);
  });

  it('SMART Backend Services: a signed client assertion for the token endpoint, then the token on the update', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'liaison-1' };
    ehr.grant = async (form) => {
      const { payload, protectedHeader } = await jwtVerify(form.get('client_assertion')!, publicKey, { audience: ehr.tokenUrl, issuer: 'liaison-client', subject: 'liaison-client' });
      const ok = form.get('grant_type') === 'client_credentials' && form.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' && protectedHeader.kid === 'liaison-1' && payload.exp! - payload.iat! <= 300 && typeof payload.jti === 'string';
      return ok ? 'granted-token-42' : null;
    };
    expect((await configure({ baseUrl: ehr.base, auth: { kind: 'smart-backend-services', tokenUrl: ehr.tokenUrl, clientId: 'liaison-client', scope: 'system/Task.u', privateJwk } })).status).toBe(200);
    const request = await submittedRequest(ctx);
    await drain();
    expect(ehr.calls.find((c) => c.path === '/token')?.body.scope).toBe('system/Task.u');
    expect(pushesOf(request.id).map((p) => p.headers.authorization)).toEqual(['Bearer granted-token-42']);
  });

  it('a 5xx is retried with backoff; a 4xx is dead-lettered for the administrator, who replays it', async () => {
    await configure({ baseUrl: ehr.base, auth: { kind: 'bearer', token: 'static-secret-7' } });
    ehr.answer = 503;
    const request = await submittedRequest(ctx);
    await drain();
    const rowsOf = async (state: string) => ((await ctx.api.call('GET', `/api/admin/notifications?state=${state}`, { token: ctx.clinic.admin.token })).body.items as { id: string; requestId: string; channel: string; lastError: string }[]).filter((n) => n.requestId === request.id && n.channel === 'ehr-push');
    expect((await rowsOf('pending')).map((n) => n.lastError)).toEqual(['EHR answered 503']);
    ehr.answer = 404;
    clock.set(new Date(Date.now() + 60_000));
    await drain();
    const [dead] = await rowsOf('dead');
    expect(dead?.lastError).toBe('EHR answered 404');
    ehr.answer = 200;
    expect((await ctx.api.call('POST', `/api/admin/notifications/${dead!.id}/replay`, { token: ctx.clinic.admin.token })).status).toBe(204);
    await drain();
    expect(await rowsOf('sent')).toHaveLength(1);
    expect(pushesOf(request.id)).toHaveLength(3);
  });

  it('a push sends the Task as it is when sent: a late retry never rolls the EHR’s copy back', async () => {
    await configure({ baseUrl: ehr.base, auth: { kind: 'bearer', token: 'static-secret-7' } });
    const request = await submittedRequest(ctx);
    await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
    await drain();
    expect(pushesOf(request.id).map((p) => p.body.status)).toEqual(['accepted', 'accepted']);
  });

  it('the outcome goes to the EHR too: its letter as a DocumentReference, beside the Task', async () => {
    await configure({ baseUrl: ehr.base, auth: { kind: 'bearer', token: 'static-secret-7' } });
    const request = await submittedRequest(ctx);
    await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
    await drain();
    const letters = () => ehr.calls.filter((c) => c.method === 'PUT' && c.path.startsWith('/fhir/DocumentReference/'));
    expect(letters()).toEqual([]);

    await move(ctx, ctx.clinic.psychiatrist, request.id, 'schedule', { start: '2030-03-10T10:00:00+01:00', videoLink: 'https://video.example/room/1' });
    await move(ctx, ctx.clinic.psychiatrist, request.id, 'complete', { summary: 'Moderate depressive episode.', outcomeCode: 'joint-follow-up', recommendations: ['Sertraline 50 mg'] });
    await drain();
    const pushed = letters();
    expect(pushed.length).toBeGreaterThan(0);
    const letter = pushed.at(-1)!.body;
    expect(pushed.at(-1)!.path).toBe(`/fhir/DocumentReference/${letter.id}`);
    expect(letter).toMatchObject({ resourceType: 'DocumentReference', status: 'current', context: { related: [{ reference: `ServiceRequest/${request.id}` }] } });
    expect(Buffer.from(letter.content[0].attachment.data, 'base64').toString('utf8')).toContain('Moderate depressive episode.');
    expect(pushesOf(request.id).at(-1)!.body.status).toBe('completed');
  });

  it('the consulting service’s organisation’s EHR is kept current too, each with its own sign-in', async () => {
    const centreEhr = await testEhr();
    const store = await outboxStore();
    try {
      await configure({ baseUrl: ehr.base, auth: { kind: 'bearer', token: 'static-secret-7' } });
      await store.ehrConnections.save({ organisationId: ctx.clinic.specialistId, baseUrl: centreEhr.base, auth: { kind: 'bearer', token: 'centre-secret-3' }, updatedAt: new Date() });
      const request = await submittedRequest(ctx);
      await drain();
      await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
      await drain();
      const atCentre = centreEhr.calls.filter((c) => c.method === 'PUT' && c.path === `/fhir/Task/${request.id}`);
      expect(pushesOf(request.id).map((p) => [p.body.status, p.headers.authorization])).toEqual([
        ['requested', 'Bearer static-secret-7'],
        ['accepted', 'Bearer static-secret-7'],
      ]);
      expect(atCentre.map((p) => [p.body.status, p.headers.authorization])).toEqual([
        ['requested', 'Bearer centre-secret-3'],
        ['accepted', 'Bearer centre-secret-3'],
      ]);
    } finally {
      await store.ehrConnections.remove(ctx.clinic.specialistId);
      await centreEhr.stop();
    }
  });

  it('a removed connection stops the pushes', async () => {
    await configure({ baseUrl: ehr.base, auth: { kind: 'bearer', token: 'static-secret-7' } });
    expect((await ctx.api.call('DELETE', '/api/admin/ehr-connection', { token: ctx.clinic.admin.token })).status).toBe(204);
    const request = await submittedRequest(ctx);
    await drain();
    expect(pushesOf(request.id)).toEqual([]);
  });
});
