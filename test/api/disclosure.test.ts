/**
 * Who saw which request (PRODUCT.md, "Privacy"): every call whose response carried a request's
 * data names that request in the access log — one row per call, however many requests it
 * disclosed — by the JSON API and FHIR alike, lists, queues, searches and agendas included.
 */
import { describe, expect, it } from 'vitest';
import { AccessLogRepository } from '../../src/store/access-log.js';
import { serviceRequestBody } from '../fhir/helpers.js';
import type { Person } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { type Ctx, type Json, act, move, newCtx, submittedRequest } from './helpers.js';

/** The privacy officer's question, as the store answers it. */
async function whoSaw(requestId: string) {
  return new AccessLogRepository(await testDatabase()).disclosuresOf(requestId);
}

/** The access-log row of `who`'s `interaction` that disclosed each of these requests: one and the same row. */
async function oneRowNaming(who: Person, interaction: string, requestIds: string[]): Promise<number> {
  const rows = await Promise.all(requestIds.map(async (id) => (await whoSaw(id)).filter((r) => r.actorId === who.id && r.interaction === interaction)));
  for (const found of rows) expect(found, interaction).toHaveLength(1);
  const accessIds = new Set(rows.map((found) => found[0]!.accessId));
  expect(accessIds.size, `${interaction} wrote one row for all`).toBe(1);
  return [...accessIds][0]!;
}

const fhirGet = (ctx: Ctx, who: Person, path: string) => ctx.api.call('GET', `/fhir${path}`, { token: who.token, headers: { Accept: 'application/fhir+json' } });

async function acceptedRequests(ctx: Ctx, count: number, form = 'joint-video'): Promise<Json[]> {
  const made: Json[] = [];
  for (let i = 0; i < count; i++) {
    const r = await submittedRequest(ctx, { requestedForm: form });
    await move(ctx, ctx.clinic.psychiatrist, r.id, 'accept', { agreedForm: form });
    made.push(r);
  }
  return made;
}

describe('the access log names every request a call disclosed', () => {
  it('a FHIR search returning 3 requests (with their Tasks) writes one row naming all 3', async () => {
    const ctx = await newCtx();
    const requests = await Promise.all([1, 2, 3].map(() => submittedRequest(ctx)));
    const res = await fhirGet(ctx, ctx.clinic.gp, '/ServiceRequest?_revinclude=Task:focus');
    expect(res.status).toBe(200);
    expect((res.body.entry as Json[]).filter((e) => e.search.mode === 'match')).toHaveLength(3);
    await oneRowNaming(ctx.clinic.gp, 'GET /fhir/ServiceRequest', requests.map((r) => r.id));
    const [row] = (await whoSaw(requests[0]!.id)).filter((r) => r.interaction === 'GET /fhir/ServiceRequest');
    expect(row).toMatchObject({ actorKind: 'user', actorId: ctx.clinic.gp.id, status: 200 });
  });

  it('a FHIR transaction names the requests it created', async () => {
    const ctx = await newCtx();
    const entry = () => ({ fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: serviceRequestBody(ctx.clinic), request: { method: 'POST', url: 'ServiceRequest' } });
    const res = await ctx.api.call('POST', '/fhir', { token: ctx.clinic.ehr.token, headers: { 'Content-Type': 'application/fhir+json' }, body: { resourceType: 'Bundle', type: 'transaction', entry: [entry(), entry()] } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const made = (res.body.entry as Json[]).map((e) => String(e.response.location).split('/').at(-3)!);
    await oneRowNaming(ctx.clinic.ehr, 'POST /fhir', made);
  });

  it('an Appointment read and a Communication search record their request', async () => {
    const ctx = await newCtx();
    const [r] = await acceptedRequests(ctx, 1);
    await move(ctx, ctx.clinic.psychiatrist, r!.id, 'schedule', { start: '2030-04-01T09:00:00Z', videoLink: 'https://video.example/room/3' });
    expect((await fhirGet(ctx, ctx.clinic.gp, `/Appointment/${r!.id}`)).status).toBe(200);
    await oneRowNaming(ctx.clinic.gp, 'GET /fhir/Appointment/:id', [r!.id]);

    const sent = await ctx.api.call('POST', `/api/requests/${r!.id}/messages`, { token: ctx.clinic.psychiatrist.token, body: { text: 'See you on the call.' } });
    expect(sent.status).toBe(201);
    const messages = await fhirGet(ctx, ctx.clinic.gp, `/Communication?based-on=ServiceRequest/${r!.id}`);
    expect(messages.body.entry).toHaveLength(1);
    await oneRowNaming(ctx.clinic.gp, 'GET /fhir/Communication', [r!.id]);
  });

  it("a GP's list and a psychiatrist's triage queue and own cases record theirs", async () => {
    const ctx = await newCtx();
    const waiting = await Promise.all([1, 2].map(() => submittedRequest(ctx)));
    const [mine] = await acceptedRequests(ctx, 1);
    const all = [...waiting.map((r) => r.id), mine!.id];

    expect((await ctx.api.call('GET', '/api/requests', { token: ctx.clinic.gp.token })).body.items).toHaveLength(3);
    await oneRowNaming(ctx.clinic.gp, 'GET /api/requests', all);

    const queue = await ctx.api.call('GET', `/api/services/${ctx.clinic.serviceId}/queue`, { token: ctx.clinic.psychiatrist.token });
    expect(queue.status).toBe(200);
    const queued = (queue.body.items as Json[]).map((e) => e.request.id as string);
    expect(queued).toEqual(expect.arrayContaining(waiting.map((r) => r.id)));
    await oneRowNaming(ctx.clinic.psychiatrist, 'GET /api/services/:id/queue', queued);

    expect((await ctx.api.call('GET', '/api/me/cases', { token: ctx.clinic.psychiatrist.token })).status).toBe(200);
    await oneRowNaming(ctx.clinic.psychiatrist, 'GET /api/me/cases', [mine!.id]);
  });

  it("a case-discussion session view records the agenda's requests", async () => {
    const ctx = await newCtx();
    const { leader, psychiatrist, serviceId } = ctx.clinic;
    const group = await ctx.api.call('POST', '/api/case-discussions', { token: leader.token, body: { serviceId, name: 'Disclosure group', cadenceWeeks: 2, leaderIds: [leader.id, psychiatrist.id], memberIds: [] } });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    // The co-leader is invited; they take part once they accept.
    expect((await ctx.api.call('POST', `/api/me/invitations/${group.body.id}/accept`, { token: psychiatrist.token })).status).toBe(204);
    const sessions = await ctx.api.call('POST', `/api/case-discussions/${group.body.id}/sessions`, { token: leader.token, body: { startsAt: '2030-12-02T17:00:00+01:00' } });
    const sessionId = sessions.body.items[0].id as string;
    const cases = await acceptedRequests(ctx, 2, 'case-discussion');
    for (const r of cases) {
      const added = await ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda`, { token: leader.token, body: { requestId: r.id } });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
    }
    expect((await ctx.api.call('GET', `/api/case-discussions/sessions/${sessionId}`, { token: psychiatrist.token })).status).toBe(200);
    await oneRowNaming(psychiatrist, 'GET /api/case-discussions/sessions/:sessionId', cases.map((r) => r.id));
  });

  it('a read names its request; a refusal discloses nothing', async () => {
    const ctx = await newCtx();
    const r = await submittedRequest(ctx);
    expect((await ctx.api.call('GET', `/api/requests/${r.id}`, { token: ctx.clinic.psychiatrist.token })).status).toBe(200);
    expect((await ctx.api.call('GET', `/api/requests/${r.id}`, { token: ctx.clinic.otherGp.token })).status).toBe(404);
    expect((await fhirGet(ctx, ctx.clinic.otherGp, `/ServiceRequest/${r.id}`)).status).toBe(404);
    expect((await act(ctx, ctx.clinic.gp, r.id, 'accept')).status).toBe(403);
    const seen = await whoSaw(r.id);
    expect(seen.map((s) => [s.actorId, s.interaction, s.status])).toEqual([
      [ctx.clinic.gp.id, 'POST /api/requests', 201],
      [ctx.clinic.psychiatrist.id, 'GET /api/requests/:id', 200],
    ]);
  });
});
