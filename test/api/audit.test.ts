/**
 * Every read and write is attributable (PRODUCT.md, "Privacy"): the access log names who
 * called which route for which request and how it ended, refusals included, and keeps no
 * patient data (no query strings, no bodies). Calls refused before anyone is identified are
 * only counted (test/api/rate-limit.test.ts).
 */
import { desc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AccessLogRepository } from '../../src/store/access-log.js';
import { accessLog, disclosedSetRequests, disclosedSets } from '../../src/store/schema.js';
import { testApi } from '../harness/api.js';
import { testDatabase } from '../harness/database.js';

const draft = {
  patient: { identifier: { system: 'urn:test:audit', value: 'SECRET-4711' }, name: { family: 'Audit', given: ['Ada'] }, birthDate: '1975-06-01', sex: 'female' },
  clinicalQuestion: 'Who read this?',
  requestedForm: 'advice-only',
  consent: { given: true },
  submit: true,
};

/** The requests of an access-log row's disclosed set (none when it has no set). */
async function setRequests(setId: string | null): Promise<string[]> {
  if (!setId) return [];
  const db = await testDatabase();
  return (await db.select().from(disclosedSetRequests).where(eq(disclosedSetRequests.setId, setId))).map((d) => d.requestId).sort();
}

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
      // A read discloses the request it names, and nothing else.
      for (const read of reads) expect(read.disclosedSet).toBeNull();
    }
    const [list] = await db.select().from(accessLog).where(eq(accessLog.actorId, clinic.gp.id)).orderBy(desc(accessLog.id)).limit(1);
    expect(await setRequests(list!.disclosedSet)).toEqual([...listedIds].sort());
  });

  it('names the requests a list shows once a day, however often it is polled, and still answers who saw each poll', async () => {
    const api = await testApi();
    const clinic = await api.clinic();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.call('POST', '/api/requests', { token: clinic.gp.token, body: draft })).body.id as string);
    const poll = async () => {
      const listed = await api.call('GET', '/api/requests?limit=20', { token: clinic.gp.token });
      expect(listed.status).toBe(200);
      const db = await testDatabase();
      const [row] = await db.select().from(accessLog).where(eq(accessLog.actorId, clinic.gp.id)).orderBy(desc(accessLog.id)).limit(1);
      return row!;
    };
    api.clock.set('2031-05-06T08:00:00Z');
    const [first, second] = [await poll(), await poll()];
    expect(first.disclosedSet).not.toBeNull();
    expect(second.disclosedSet).toBe(first.disclosedSet);
    expect(await setRequests(first.disclosedSet)).toEqual([...ids].sort());
    // A fourth request makes another set; the next day, the same three requests another again.
    ids.push((await api.call('POST', '/api/requests', { token: clinic.gp.token, body: draft })).body.id as string);
    const third = await poll();
    expect(await setRequests(third.disclosedSet)).toEqual([...ids].sort());
    api.clock.set('2031-05-07T08:00:00Z');
    const nextDay = await poll();
    expect(nextDay.disclosedSet).not.toBe(third.disclosedSet);
    expect(await setRequests(nextDay.disclosedSet)).toEqual([...ids].sort());
    const db = await testDatabase();
    const sets = await db.select().from(disclosedSets).where(inArray(disclosedSets.id, [first.disclosedSet!, third.disclosedSet!, nextDay.disclosedSet!]));
    expect(sets.map((s) => s.day).sort()).toEqual(['2031-05-06', '2031-05-06', '2031-05-07']);
    // Each poll disclosed the first request: the privacy officer sees all four, in order.
    const polls = (await new AccessLogRepository(db).disclosuresOf(ids[0]!)).filter((d) => d.interaction === 'GET /api/requests');
    expect(polls.map((d) => d.accessId)).toEqual([first.id, second.id, third.id, nextDay.id]);
  });

  it('keeps a request an unsuccessful call disclosed in its set: only a successful call discloses what it names by naming it', async () => {
    const db = await testDatabase();
    const log = new AccessLogRepository(db);
    const id = crypto.randomUUID();
    const at = new Date('2031-06-01T10:00:00Z');
    const call = { at, actorKind: 'user' as const, actorId: 'store-test', interaction: 'GET /store-test/:id', requestId: id.toUpperCase() };
    await log.record({ ...call, status: 200, disclosed: [id] });
    await log.record({ ...call, status: 409, disclosed: [id] });
    await log.record({ ...call, status: 404, disclosed: [] });
    const rows = await db.select().from(accessLog).where(eq(accessLog.actorId, 'store-test')).orderBy(accessLog.id);
    expect(await Promise.all(rows.map((r) => setRequests(r.disclosedSet)))).toEqual([[], [id], []]);
    expect((await log.disclosuresOf(id)).map((d) => d.status)).toEqual([200, 409]);
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
