/** System clients use the JSON API within their SMART scopes, as on FHIR. */
import { describe, expect, it, vi } from 'vitest';
import { HeldRequests } from '../../src/store/request-pages.js';
import { ROUTE_ACCESS } from '../../src/api/route-access.js';
import { testApi } from '../harness/api.js';
import { type Json, act, draftBody, expectProblem, move, read, submittedRequest } from './helpers.js';

type Ctx = Parameters<typeof move>[0];

describe('system clients on the JSON API', () => {
  it('read and search with a read-only registration, and are refused writes', async () => {
    const api = await testApi();
    const clinic = await api.clinic({ ehrScopes: 'system/ServiceRequest.rs' });
    const made = await api.call('POST', '/api/requests', { token: clinic.gp.token, body: { ...draftBody(), submit: true } });
    expect(made.status).toBe(201);

    expect((await api.call('GET', '/api/requests', { token: clinic.ehr.token })).status).toBe(200);
    expect((await api.call('GET', `/api/requests/${made.body.id}`, { token: clinic.ehr.token })).status).toBe(200);
    const create = await api.call('POST', '/api/requests', { token: clinic.ehr.token, body: { ...draftBody(), requesterId: clinic.gp.id } });
    expect(create.status).toBe(403);
    expect(create.body.detail).toContain('system/ServiceRequest.c');
    const cancel = await api.call('POST', `/api/requests/${made.body.id}/cancel`, { token: clinic.ehr.token, body: { reason: 'Duplicate' } });
    expect(cancel.status).toBe(403);
    expect((await api.call('GET', `/api/requests/${made.body.id}`, { token: clinic.gp.token })).body.status).toBe('submitted');
  });

  it('create and move requests with write scopes', async () => {
    const api = await testApi();
    const clinic = await api.clinic({ ehrScopes: 'system/ServiceRequest.cruds' });
    const create = await api.call('POST', '/api/requests', { token: clinic.ehr.token, body: { ...draftBody(), requesterId: clinic.gp.id, submit: true } });
    expect(create.status).toBe(201);
    const cancel = await api.call('POST', `/api/requests/${create.body.id}/cancel`, { token: clinic.ehr.token, body: { reason: 'Entered twice' } });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
  });
});

/** A request with everything a request can carry: a question and answer, a video appointment, an outcome. */
async function fullRequest(ctx: Ctx): Promise<Json> {
  const r = await submittedRequest(ctx);
  await move(ctx, ctx.clinic.psychiatrist, r.id, 'request-information', { question: 'Which medication was tried before?' });
  await move(ctx, ctx.clinic.gp, r.id, 'provide-information', { answer: 'Citalopram, twelve weeks ago.' });
  await move(ctx, ctx.clinic.psychiatrist, r.id, 'accept', { agreedForm: 'joint-video' });
  await move(ctx, ctx.clinic.psychiatrist, r.id, 'schedule', { start: '2030-03-10T10:00:00+01:00', videoLink: 'https://video.example/room/secret-7' });
  return move(ctx, ctx.clinic.psychiatrist, r.id, 'complete', { summary: 'Moderate depressive episode.', outcomeCode: 'joint-follow-up', recommendations: ['Sertraline 50 mg'] });
}

describe('what a JSON route exposes is checked against the scopes of each FHIR type in it', () => {
  it('a ServiceRequest-only client reads the request without its appointment, outcome or conversation, and is told what was left out', async () => {
    const api = await testApi();
    const ctx = { api, clinic: await api.clinic({ ehrScopes: 'system/ServiceRequest.rs' }) };
    const r = await fullRequest(ctx);
    // The GP sees it all: what is left out below exists.
    const full = await read(ctx, ctx.clinic.gp, r.id);
    expect(JSON.stringify(full.body)).toContain('secret-7');
    expect(full.body.outcome).not.toBeNull();

    const res = await read(ctx, ctx.clinic.ehr, r.id);
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    for (const secret of ['secret-7', 'Citalopram', 'Which medication', 'Moderate depressive', 'Sertraline', 'joint-follow-up']) expect(text).not.toContain(secret);
    expect(res.body).toMatchObject({ id: r.id, status: 'completed', appointment: null, outcome: null });
    expect(res.body.withheld).toEqual(
      expect.arrayContaining([
        { field: 'appointment', scope: 'system/Appointment.r' },
        { field: 'outcome', scope: 'system/Task.r' },
        expect.objectContaining({ field: 'timeline.detail' }),
      ]),
    );
    const list = await api.call('GET', '/api/requests', { token: ctx.clinic.ehr.token });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain('secret-7');
    expect(list.body.items[0]).toMatchObject({ appointment: null, outcome: null });
    expect(list.body.items[0].withheld.map((w: Json) => w.field).sort()).toEqual(['appointment', 'outcome']);

    const messages = await api.call('GET', `/api/requests/${r.id}/messages`, { token: ctx.clinic.ehr.token });
    expectProblem(messages, 403, 'forbidden');
    expect(messages.body.detail).toContain('system/Communication.');
    const write = await api.call('POST', `/api/requests/${r.id}/messages`, { token: ctx.clinic.ehr.token, body: { text: 'Thank you.' } });
    expectProblem(write, 403, 'forbidden');
    expect(write.body.detail).toContain('system/Communication.c');
  });

  it("a listed request's view is written as the single view writes it, for each caller's scopes, however often it is listed", async () => {
    const api = await testApi();
    const ctx = { api, clinic: await api.clinic({ ehrScopes: 'system/ServiceRequest.rs' }) };
    const r = await fullRequest(ctx);
    await submittedRequest(ctx);
    const asListed = (view: Json) => ({ ...view, timeline: undefined, withheld: view.withheld?.filter((w: Json) => w.field !== 'timeline.detail') });
    const single = { gp: (await read(ctx, ctx.clinic.gp, r.id)).body, ehr: (await read(ctx, ctx.clinic.ehr, r.id)).body };
    // The list keeps what it read (frozen, shared): callers with other scopes take turns on the same instance.
    const kept = vi.spyOn(HeldRequests.prototype, 'at');
    for (const who of ['gp', 'ehr', 'gp', 'ehr', 'ehr', 'gp'] as const) {
      const list = await api.call('GET', '/api/requests', { token: ctx.clinic[who].token });
      expect(list.status).toBe(200);
      expect(list.headers.get('content-type')).toBe('application/json');
      expect(list.body.items).toHaveLength(2);
      const item = list.body.items.find((i: Json) => i.id === r.id);
      expect(JSON.parse(JSON.stringify(item))).toEqual(JSON.parse(JSON.stringify(asListed(single[who]))));
      expect(Object.keys(item)).toEqual(Object.keys(single[who]).filter((k) => k !== 'timeline'));
      expect(list.text.includes('secret-7')).toBe(who === 'gp');
      expect(item.withheld === undefined).toBe(who === 'gp');
      expect(list.body).toMatchObject({ nextCursor: null, next: null });
    }
    // Later polls were served from what the first kept: the written parts were shared between callers.
    expect(kept.mock.results.filter((r) => r.value !== undefined).length).toBeGreaterThanOrEqual(10);
    kept.mockRestore();
  });

  it('a client with the scopes for every part reads them all', async () => {
    const api = await testApi();
    const ctx = { api, clinic: await api.clinic() };
    const r = await fullRequest(ctx);
    const res = await read(ctx, ctx.clinic.ehr, r.id);
    expect(res.status).toBe(200);
    expect(res.body.appointment).toMatchObject({ videoLink: 'https://video.example/room/secret-7' });
    expect(res.body.outcome).not.toBeNull();
    expect(res.body.withheld).toBeUndefined();
    expect(JSON.stringify(res.body.timeline)).toContain('Which medication');
    const messages = await api.call('GET', `/api/requests/${r.id}/messages`, { token: ctx.clinic.ehr.token });
    expect(messages.status).toBe(200);
    expect(messages.body.items.length).toBeGreaterThan(0);
  });

  it("the consulting side's moves need Task write scope, the requesting side's ServiceRequest write scope (as on FHIR)", async () => {
    const api = await testApi();
    const ctx = { api, clinic: await api.clinic({ ehrScopes: 'system/ServiceRequest.crs system/Task.rs system/Communication.crs' }) };
    const r = await submittedRequest(ctx);
    // The consulting EHR is registered with Task.rus, not ServiceRequest.u: its moves change the Task.
    const accept = await act(ctx, ctx.clinic.serviceEhr, r.id, 'accept', { agreedForm: 'joint-video', assigneeId: ctx.clinic.psychiatrist.id });
    expect(accept.status, JSON.stringify(accept.body)).toBe(200);
    const fromService = await api.call('POST', `/api/requests/${r.id}/messages`, { token: ctx.clinic.serviceEhr.token, body: { text: 'We will call the patient.' } });
    expect(fromService.status, JSON.stringify(fromService.body)).toBe(201);
    // The practice EHR may write messages but not change its ServiceRequest, nor the Task.
    for (const [res, scope] of [
      [await api.call('POST', `/api/requests/${r.id}/messages`, { token: ctx.clinic.ehr.token, body: { text: 'Thank you.' } }), 'system/ServiceRequest.u'],
      [await act(ctx, ctx.clinic.ehr, r.id, 'cancel'), 'system/ServiceRequest.u'],
      [await api.call('POST', `/api/requests/${r.id}/assign`, { token: ctx.clinic.ehr.token, body: { assigneeId: ctx.clinic.psychiatrist.id } }), 'system/Task.u'],
    ] as const) {
      expectProblem(res, 403, 'forbidden');
      expect(res.body.detail).toContain(scope);
    }
    expect((await read(ctx, ctx.clinic.gp, r.id)).body.status).toBe('accepted');
  });
});

describe('the declaration of what each route exposes', () => {
  it('covers every operation of the JSON API, and the OpenAPI document publishes it', async () => {
    const api = await testApi();
    const doc = (await api.call('GET', '/api/openapi.json')).body as Json;
    const operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(Object.keys(ROUTE_ACCESS).sort());
    expect(doc.paths['/requests/{id}'].get['x-smart-scopes']).toEqual(['system/ServiceRequest.r']);
    expect(doc.paths['/requests/{id}/messages'].get['x-smart-scopes']).toEqual(['system/Communication.s']);
    expect(doc.paths['/me/cases'].get['x-person-only']).toBe(true);
  });
});

describe('routes for a signed-in person', () => {
  it.each([
    ['GET', '/api/me/cases'],
    ['GET', '/api/me/availability'],
    ['PUT', '/api/me/availability'],
    ['GET', '/api/me/attendance'],
    ['POST', '/api/case-discussions'],
  ])('%s %s answers a system client 403, saying it is for a person', async (method, path) => {
    const api = await testApi();
    const clinic = await api.clinic({ ehrScopes: 'system/*.cruds' });
    const res = await api.call(method, path, { token: clinic.ehr.token, ...(method === 'GET' ? {} : { body: { weekly: [], unavailable: [] } }) });
    expectProblem(res, 403, 'forbidden');
    expect(res.body.detail).toMatch(/signed-in person/);
  });

  it('every JSON route answers a system client without a server error', async () => {
    const api = await testApi();
    const ctx = { api, clinic: await api.clinic({ ehrScopes: 'system/*.cruds' }) };
    const r = await fullRequest(ctx);
    const doc = (await api.call('GET', '/api/openapi.json')).body as Json;
    const fill = (path: string) => path.replace('{id}', r.id).replace(/\{\w+\}/g, crypto.randomUUID());
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const method of Object.keys(operations)) {
        for (const who of [ctx.clinic.ehr, ctx.clinic.serviceEhr]) {
          const res = await api.call(method.toUpperCase(), `/api${fill(path)}`, { token: who.token, ...(method === 'get' ? {} : { body: {} }) });
          expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
        }
      }
    }
  });
});
