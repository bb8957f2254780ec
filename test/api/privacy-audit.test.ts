/**
 * The privacy officer's question, "who saw this patient's referral?", answered after a scripted
 * day of work by several people and systems (issue 12); the CSV export; refused anonymous calls
 * counted, not logged one by one; and the audit's own walls.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '../harness/database.js';
import { adminWorld } from './admin.fixtures.js';
import { createRequest, expectProblem, move } from './helpers.js';

async function anonymousRows(): Promise<number> {
  const result = await (await testDatabase()).execute(sql`select count(*)::int as n from access_log where actor_kind = 'anonymous'`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
  return Number(rows[0]!.n);
}

describe('who saw a request', () => {
  it('answers after a day of work: every reader, every change, every refusal, and nobody else', async () => {
    const w = await adminWorld();
    const { gp, gp2, psychiatrist, otherGp, ehr, admin } = w.clinic;
    const ctx = { api: w.api, clinic: w.clinic };
    const as = (who: { token: string }, path: string) => w.api.call('GET', path, { token: who.token });

    // 08:00 the GP writes and submits; another request of the same GP is the day's noise.
    const request = await createRequest(ctx, gp, {}, true);
    const other = await createRequest(ctx, gp, {}, true);
    // 09:00 the psychiatrist opens the queue, reads the request and accepts it.
    expect((await as(psychiatrist, `/api/services/${w.clinic.serviceId}/queue`)).status).toBe(200);
    expect((await as(psychiatrist, `/api/requests/${request.id}`)).status).toBe(200);
    await move(ctx, psychiatrist, request.id, 'accept');
    // 10:00 the practice's second GP lists the practice's requests; the practice's EHR reads the ServiceRequest.
    expect((await as(gp2, '/api/requests')).status).toBe(200);
    expect((await w.api.call('GET', `/fhir/ServiceRequest/${request.id}`, { token: ehr.token })).status).toBe(200);
    // 11:00 a GP of another practice tries, and the practice administrator tries: both refused.
    expect((await as(otherGp, `/api/requests/${request.id}`)).status).toBe(404);
    expect((await as(admin, `/api/requests/${request.id}`)).status).toBe(404);
    // The psychiatrist reads only the other request afterwards.
    expect((await as(psychiatrist, `/api/requests/${other.id}`)).status).toBe(200);

    const answer = await w.as(w.privacyOfficer, 'GET', `/api/admin/organisations/${w.clinic.specialistId}/access-log?requestId=${request.id}&limit=100`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const seen = (answer.body.items as { actorId: string; interaction: string; status: number; disclosed: boolean; interface: string }[]).map((e) => `${e.actorId} ${e.interaction} ${e.status} ${e.disclosed ? 'saw' : 'refused'}`);
    expect(seen).toEqual([
      `${gp.id} POST /api/requests 201 saw`,
      `${psychiatrist.id} GET /api/services/:id/queue 200 saw`,
      `${psychiatrist.id} GET /api/requests/:id 200 saw`,
      `${psychiatrist.id} POST /api/requests/:id/accept 200 saw`,
      `${gp2.id} GET /api/requests 200 saw`,
      `${ehr.id} GET /fhir/ServiceRequest/:id 200 saw`,
      `${otherGp.id} GET /api/requests/:id 404 refused`,
      `${admin.id} GET /api/requests/:id 404 refused`,
    ]);
    expect(answer.body.items[5]).toMatchObject({ interface: 'fhir', actorKind: 'client', actorName: 'Test EHR' });
    expect(answer.body.items[0]).toMatchObject({ interface: 'json-api', actorKind: 'user', actorName: 'Test gp' });

    // Paged: two at a time, the same answer.
    const path = `/api/admin/organisations/${w.clinic.specialistId}/access-log?requestId=${request.id}&limit=2`;
    const pages: unknown[] = [];
    for (let next: string | null = path; next; ) {
      const page = await w.as(w.privacyOfficer, 'GET', next);
      pages.push(...page.body.items);
      next = page.body.nextCursor ? `${path}&cursor=${page.body.nextCursor}` : null;
    }
    expect(pages).toEqual(answer.body.items);

    // The CSV says the same, with a header.
    const csv = await w.as(w.providerAdmin, 'GET', `/api/admin/organisations/${w.clinic.specialistId}/access-log.csv?requestId=${request.id}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('at,actorKind,actorId,actorName,interface,interaction,requestId,status,disclosed');
    expect(lines).toHaveLength(9);
    expect(lines[7]).toMatch(new RegExp(`,user,${otherGp.id},Test otherGp,json-api,GET /api/requests/:id,${request.id},404,false$`));
  });

  it('what one person opened; an organisation answers only about its own requests and people', async () => {
    const w = await adminWorld();
    const { gp, psychiatrist } = w.clinic;
    const request = await createRequest({ api: w.api, clinic: w.clinic }, gp, {}, true);
    await w.api.call('GET', `/api/requests/${request.id}`, { token: psychiatrist.token });
    const byPsychiatrist = await w.as(w.privacyOfficer, 'GET', `/api/admin/organisations/${w.clinic.specialistId}/access-log?actorId=${psychiatrist.id}`);
    expect(byPsychiatrist.body.items.map((e: { interaction: string; requestId: string }) => `${e.interaction} ${e.requestId}`)).toEqual([`GET /api/requests/:id ${request.id}`]);
    // The practice's GP is not the mental-health organisation's to audit; another organisation's path is 404 too.
    expectProblem(await w.as(w.privacyOfficer, 'GET', `/api/admin/organisations/${w.clinic.specialistId}/access-log?actorId=${gp.id}`), 404, 'not_found');
    expectProblem(await w.as(w.privacyOfficer, 'GET', `/api/admin/organisations/${w.clinic.practiceId}/access-log`), 404, 'not_found');
    // A request another clinic's practice sent to another provider is not theirs either.
    const elsewhere = await w.api.clinic();
    const foreign = await createRequest({ api: w.api, clinic: elsewhere }, elsewhere.gp, {}, true);
    expectProblem(await w.as(w.privacyOfficer, 'GET', `/api/admin/organisations/${w.clinic.specialistId}/access-log?requestId=${foreign.id}`), 404, 'not_found');
    // The practice's administrator audits the practice's request.
    expect((await w.as(w.clinic.admin, 'GET', `/api/admin/organisations/${w.clinic.practiceId}/access-log?requestId=${request.id}`)).body.items).toHaveLength(2);
  });

  it('asks by the request’s reference as well as its id, with the same walls', async () => {
    const w = await adminWorld();
    const request = await createRequest({ api: w.api, clinic: w.clinic }, w.clinic.gp, {}, true);
    await w.api.call('GET', `/api/requests/${request.id}`, { token: w.clinic.psychiatrist.token });
    const base = `/api/admin/organisations/${w.clinic.specialistId}/access-log`;
    const byId = await w.as(w.privacyOfficer, 'GET', `${base}?requestId=${request.id}`);
    const byReference = await w.as(w.privacyOfficer, 'GET', `${base}?reference=${request.reference.toLowerCase()}`);
    expect(byReference.status, JSON.stringify(byReference.body)).toBe(200);
    expect(byReference.body.items.length).toBeGreaterThan(0);
    expect(byReference.body.items).toEqual(byId.body.items);
    const csv = await w.as(w.privacyOfficer, 'GET', `${base}.csv?reference=${request.reference}`);
    expect(csv.text.trim().split('\r\n')).toHaveLength(byId.body.items.length + 1);
    // No such reference, another organisation's request, or no reference at all.
    expectProblem(await w.as(w.privacyOfficer, 'GET', `${base}?reference=LSN-999999999`), 404, 'not_found');
    const elsewhere = await w.api.clinic();
    const foreign = await createRequest({ api: w.api, clinic: elsewhere }, elsewhere.gp, {}, true);
    expectProblem(await w.as(w.privacyOfficer, 'GET', `${base}?reference=${foreign.reference}`), 404, 'not_found');
    expectProblem(await w.as(w.privacyOfficer, 'GET', `${base}?reference=DROP%20TABLE`), 400);
  });

  it('counts refused anonymous calls per minute and route, writing no access-log row for them', async () => {
    const w = await adminWorld();
    const start = new Date(Date.UTC(2032, 5, 1, 12, 0, 30));
    w.api.clock.set(start);
    try {
      const rowsBefore = await anonymousRows();
      for (let i = 0; i < 40; i++) await w.api.call('GET', `/api/requests/${crypto.randomUUID()}`, { token: 'not-a-token' });
      expect(await anonymousRows()).toBe(rowsBefore);
      // The next call a minute later stores the counts.
      w.api.clock.set(new Date(start.getTime() + 61_000));
      await w.api.call('GET', '/api/me', { token: w.clinic.gp.token });
      const counts = await w.as(w.privacyOfficer, 'GET', `/api/admin/organisations/${w.clinic.specialistId}/refused-calls?from=2032-06-01T12:00:00Z&to=2032-06-01T12:01:00Z`);
      expect(counts.status).toBe(200);
      expect(counts.body.items).toContainEqual({ windowStart: '2032-06-01T12:00:00.000Z', interaction: 'GET /api/requests/:id', status: 401, calls: 40 });
    } finally {
      w.api.clock.reset();
    }
  });
});
