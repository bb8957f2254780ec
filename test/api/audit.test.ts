/**
 * Every read and write is attributable (PRODUCT.md, "Privacy"): the access log names who
 * called which route for which request and how it ended, refusals included, and keeps no
 * patient data (no query strings, no bodies). Calls refused before anyone is identified are
 * only counted (test/api/rate-limit.test.ts).
 */
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accessLog } from '../../src/store/schema.js';
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
