/** Review findings on the JSON API, kept fixed. */
import { afterEach, describe, expect, it } from 'vitest';
import { type Ctx, act, move, newCtx, read, submittedRequest } from './helpers.js';

describe('hardening', () => {
  let ctx: Ctx;
  afterEach(() => ctx?.api.clock.reset());

  it('advice a group leader gave cannot become a joint consultation until a psychiatrist is responsible', async () => {
    ctx = await newCtx();
    const r = await submittedRequest(ctx, { requestedForm: 'advice-only' });
    await move(ctx, ctx.clinic.leader, r.id, 'give-advice');
    const convert = await act(ctx, ctx.clinic.gp, r.id, 'convert-to-joint');
    expect(convert.status).toBe(422);
    expect(convert.body.errors[0].field).toBe('assigneeId');
    await ctx.api.call('POST', `/api/requests/${r.id}/assign`, { token: ctx.clinic.leader.token, body: { assigneeId: ctx.clinic.psychiatrist.id } });
    expect((await move(ctx, ctx.clinic.gp, r.id, 'convert-to-joint')).assignee.id).toBe(ctx.clinic.psychiatrist.id);
  });

  it('a stat request paused over a weekend night resumes with only the minutes paused added', async () => {
    ctx = await newCtx();
    ctx.api.clock.set('2026-03-06T22:30:00.000Z'); // Friday 23:30 in Berlin
    const r = await submittedRequest(ctx, { priority: 'stat' });
    expect(r.sla.dueAt).toBe('2026-03-06T23:30:00.000Z');
    await move(ctx, ctx.clinic.psychiatrist, r.id, 'request-information');
    ctx.api.clock.set('2026-03-06T23:10:00.000Z');
    const resumed = await move(ctx, ctx.clinic.gp, r.id, 'provide-information');
    expect(resumed.sla.dueAt).toBe('2026-03-07T00:10:00.000Z');
  });

  it('a patient born before 1900 or a lone surrogate is refused with 400, and nothing is stored', async () => {
    ctx = await newCtx();
    const before = await ctx.api.rowsOf(ctx.clinic.practiceId);
    const old = await ctx.api.call('POST', '/api/requests', {
      token: ctx.clinic.gp.token,
      body: { patient: { identifier: { system: 'urn:x', value: '1' }, name: { family: 'A', given: ['B'] }, birthDate: '0000-01-01', sex: 'female' }, clinicalQuestion: 'Q?', requestedForm: 'advice-only' },
    });
    expect(old.status).toBe(400);
    const lone = await ctx.api.call('POST', '/api/requests', {
      token: ctx.clinic.gp.token,
      rawBody: '{"patient":{"identifier":{"system":"urn:x","value":"1"},"name":{"family":"Vis\\udc00ser","given":["B"]},"birthDate":"1980-01-01","sex":"female"},"clinicalQuestion":"Q?","requestedForm":"advice-only"}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(lone.status).toBe(400);
    expect(await ctx.api.rowsOf(ctx.clinic.practiceId)).toEqual(before);
    const r = await submittedRequest(ctx);
    expect((await read(ctx, ctx.clinic.gp, r.id)).status).toBe(200);
  });
});

describe('budgets', () => {
  it('a caller over the per-minute budget gets 429 with Retry-After, across the JSON API and FHIR; token attempts too', async () => {
    const { createApp } = await import('../../src/app.js');
    const { createStore } = await import('../../src/store/index.js');
    const { testDatabase } = await import('../harness/database.js');
    const { TEST_SIGNING_KEY } = await import('../harness/clinic.js');
    const { captureLog } = await import('../harness/log-capture.js');
    const store = createStore(await testDatabase());
    const app = createApp({ config: { publicUrl: undefined, signingKey: TEST_SIGNING_KEY, tokenTtlMinutes: 60, maxBodyBytes: 65536, rateLimitPerMinute: 3 }, storeFor: () => store, log: captureLog });
    const ctx = await newCtx();
    const call = (path: string) => app.request(`http://liaison.test${path}`, { headers: { Authorization: `Bearer ${ctx.clinic.gp.token}` } });
    expect((await call('/api/requests')).status).toBe(200);
    expect((await call('/fhir/ServiceRequest')).status).toBe(200);
    expect((await call('/api/me')).status).toBe(200);
    const over = await call('/fhir/ServiceRequest');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(((await over.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    const token = () => app.request('http://liaison.test/auth/token', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    for (let i = 0; i < 3; i++) expect((await token()).status).toBe(400);
    expect((await token()).status).toBe(429);
  });
});
