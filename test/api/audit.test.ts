/**
 * Every read and write is attributable (PRODUCT.md, "Privacy"): the access log names who
 * called which route for which request and how it ended, refusals included, and keeps no
 * patient data (no query strings, no bodies). Calls refused before anyone is identified are
 * only counted (test/api/rate-limit.test.ts).
 */
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accessLog, accessLogRequests } from '../../src/store/schema.js';
import { testApi } from '../harness/api.js';
import { testDatabase } from '../harness/database.js';

const draft = {
  patient: { identifier: { system: 'urn:test:audit', value: 'SECRET-4711' }, name: { family: 'Audit', given: ['Ada'] }, birthDate: '1975-06-01', sex: 'female' },
  clinicalQuestion: 'Who read this?',
  requestedForm: 'advice-only',
  consent: { given: true },
  submit: true,
};

async function entriesFor(requestId: string) {
  const db = await testDatabase();
  return db.select().from(accessLog).where(eq(accessLog.requestId, requestId)).orderBy(accessLog.id);
}

describe('access log', () => {
  it('keeps each concurrent call with its own disclosures when calls are written together', async () => {
    const api = await testApi();
    const clinic = await api.clinic();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await api.call('POST', '/api/requests', { token: clinic.gp.token, body: draft })).body.id as string);
    const calls = [...ids, ...ids].map((id) => api.call('GET', `/api/requests/${id}`, { token: clinic.psychiatrist.token }));
    const listed = api.call('GET', `/api/requests?limit=6`, { token: clinic.gp.token });
    expect((await Promise.all(calls)).map((r) => r.status)).toEqual(Array(12).fill(200));
    const listedIds = ((await listed).body.items as { id: string }[]).map((r) => r.id);

    const db = await testDatabase();
    for (const id of ids) {
      const reads = (await entriesFor(id)).filter((e) => e.interaction === 'GET /api/requests/:id');
      expect(reads.map((e) => [e.actorId, e.status])).toEqual([
        [clinic.psychiatrist.id, 200],
        [clinic.psychiatrist.id, 200],
      ]);
      for (const read of reads) {
        const disclosed = await db.select().from(accessLogRequests).where(eq(accessLogRequests.accessId, read.id));
        expect(disclosed.map((d) => d.requestId)).toEqual([id]);
      }
    }
    const [list] = await db.select().from(accessLog).where(eq(accessLog.actorId, clinic.gp.id)).orderBy(desc(accessLog.id)).limit(1);
    const disclosedByList = await db.select().from(accessLogRequests).where(eq(accessLogRequests.accessId, list!.id));
    expect(disclosedByList.map((d) => d.requestId).sort()).toEqual([...listedIds].sort());
  });

  it('records who created, read and was refused a request, by route pattern', async () => {
    const api = await testApi();
    const clinic = await api.clinic();
    const created = await api.call('POST', '/api/requests', { token: clinic.gp.token, body: draft });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await api.call('GET', `/api/requests/${id}`, { token: clinic.psychiatrist.token });
    await api.call('GET', `/api/requests/${id}`, { token: clinic.otherGp.token });
    await api.call('POST', `/api/requests/${id}/accept`, { token: clinic.gp.token, body: { agreedForm: 'advice-only' } });

    const entries = await entriesFor(id);
    expect(entries.map((e) => [e.actorId, e.interaction, e.status])).toEqual([
      [clinic.gp.id, 'POST /api/requests', 201],
      [clinic.psychiatrist.id, 'GET /api/requests/:id', 200],
      [clinic.otherGp.id, 'GET /api/requests/:id', 404],
      [clinic.gp.id, 'POST /api/requests/:id/accept', 403],
    ]);
    expect(entries.every((e) => e.actorKind === 'user')).toBe(true);
  });

  it('counts calls refused without a valid token instead of writing a row each, and never stores query strings', async () => {
    const api = await testApi();
    const clinic = await api.clinic();
    const unknownId = crypto.randomUUID();
    expect((await api.call('GET', `/api/requests/${unknownId}`)).status).toBe(401);
    expect((await api.call('GET', `/fhir/ServiceRequest/${unknownId}`, { token: 'not.a.token' })).status).toBe(401);
    expect(await entriesFor(unknownId)).toEqual([]);

    const listed = await api.call('GET', '/api/requests?patientIdentifier=urn:test:audit|SECRET-4711', { token: clinic.gp.token });
    expect(listed.status).toBe(200);
    const db = await testDatabase();
    const [latest] = await db.select().from(accessLog).where(eq(accessLog.actorId, clinic.gp.id)).orderBy(desc(accessLog.id)).limit(1);
    expect(latest!.interaction).toBe('GET /api/requests');
    expect(JSON.stringify(latest)).not.toContain('SECRET-4711');
  });
});
