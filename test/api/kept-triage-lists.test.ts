/**
 * A triage list kept in the instance (store/kept-triage-lists.ts) pages exactly as PostgreSQL
 * orders it: requests at risk or not, of every priority, with running, paused and no clocks, and
 * ties on everything but the id, paged seven at a time at moments days apart, give the same ids
 * in the same order from the kept list as from the page's statement — and the same order the
 * domain's rule (compareForTriage) gives.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AWAITING_TRIAGE, compareForTriage, runsOutAt } from '../../src/domain/triage.js';
import type { ListedRequest, TriageList, TriagePosition } from '../../src/services/queries.js';
import { MOST_KEPT, type KeptTriageLists } from '../../src/store/kept-triage-lists.js';
import { KeptUntilChange } from '../../src/store/kept-until-change.js';
import type { Database } from '../../src/store/database.js';
import { RequestRepository } from '../../src/store/requests.js';
import * as schema from '../../src/store/schema.js';
import { newClinic, type Clinic } from '../harness/clinic.js';
import { backend, testDatabase } from '../harness/database.js';

const url = process.env.TEST_DATABASE_URL;
const DAY = 86_400_000;
const unchanging = { current: () => 0, committed: () => {} };

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.skipIf(backend !== 'postgres' || !url)('a kept triage list pages as PostgreSQL orders it', () => {
  const sql = postgres(url ?? 'postgres://invalid', { max: 1, onnotice: () => {} });
  let clinic: Clinic;
  const base = Date.UTC(2031, 2, 10, 9, 0, 0, 123);
  afterAll(() => sql.end());

  beforeAll(async () => {
    clinic = await newClinic(await testDatabase());
    const next = random(20261201);
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
    for (let i = 0; i < 60; i++) {
      // Few distinct values, so that ties reach the submission time and the id.
      const submitted = new Date(base - pick([0, 1, 2]) * DAY);
      const due = pick([null, 3, 3, 5, 10]);
      const dueAt = due === null ? null : new Date(submitted.getTime() + due * DAY + pick([0, 0, 777]));
      const pausedAt = dueAt && next() < 0.4 ? new Date(submitted.getTime() + pick([1, 2]) * DAY) : null;
      await sql`
        insert into consultation_requests (id, reference, version, state, organisation_id, requester_id, service_id,
          patient_identifier_system, patient_identifier_value, patient_family, patient_given, patient_sex, clinical_question,
          reason_text, reason_codes, priority, requested_priority, requested_form, consent_given, risk_flags, at_risk,
          submitted_at, due_at, clock_paused_at, authored_at, created_at, updated_at)
        values (gen_random_uuid(), ${`KT-${clinic.practiceId.slice(0, 8)}-${i}`}, 1, ${pausedAt ? 'awaiting-information' : 'submitted'},
          ${clinic.practiceId}::uuid, ${clinic.gp.id}::uuid, ${clinic.serviceId}::uuid,
          'urn:x', ${`K${i}`}, 'Family', '{Given}', 'female', 'Question?', '', '[]', ${pick(['routine', 'routine', 'urgent', 'asap', 'stat'])}, 'routine', 'joint-video', true, '{}', ${next() < 0.2},
          ${submitted}, ${dueAt}, ${pausedAt}, ${submitted}, ${submitted}, ${submitted})`;
    }
  });

  async function pages(repo: RequestRepository, list: TriageList, asOf: Date): Promise<ListedRequest[]> {
    const all: ListedRequest[] = [];
    let after: TriagePosition | null = null;
    for (;;) {
      const rows = await repo.inTriageOrder(list, AWAITING_TRIAGE, { asOf, after, limit: 8 }, 'without-kept-elements');
      const page = rows.slice(0, 7);
      all.push(...page);
      const last = page.at(-1);
      if (rows.length <= 7 || !last) return all;
      after = { atRisk: last.atRisk, priority: last.priority, runsOutAt: runsOutAt(last, asOf), submittedAt: last.submittedAt ? new Date(last.submittedAt) : null, id: last.id };
    }
  }

  it('gives the same pages from the kept list as from PostgreSQL, at moments days apart', async () => {
    const db = await testDatabase();
    // Nothing is heard in this test: what it compares is the order, not when a list is read again.
    const lists: KeptTriageLists = new KeptUntilChange(unchanging, 10);
    const kept = new RequestRepository(db, { lists });
    const plain = new RequestRepository(db);
    const at = vi.spyOn(lists, 'at');
    const list = { serviceId: clinic.serviceId };
    for (const asOf of [new Date(base), new Date(base + 2.5 * DAY), new Date(base + 9 * DAY), new Date(base - DAY)]) {
      const fromPostgres = await pages(plain, list, asOf);
      const fromKept = await pages(kept, list, asOf);
      expect(fromPostgres.length).toBeGreaterThanOrEqual(60);
      expect(fromKept.map((r) => r.id)).toEqual(fromPostgres.map((r) => r.id));
      const byRule = [...fromPostgres].sort((a, b) => compareForTriage(a, b, asOf));
      expect(fromPostgres.map((r) => r.id)).toEqual(byRule.map((r) => r.id));
    }
    // Each page after the list was read whole came from the kept list.
    expect(at.mock.results.filter((r) => r.value !== undefined).length).toBeGreaterThan(20);
  });

  it('orders a paused clock across a change of clocks by the time left, in a session on summer time too', async () => {
    // Europe/London moves its clocks on 2031-03-30: four days from the 28th at noon UTC are 96 hours, not 95.
    const db = await testDatabase();
    const london = postgres(url!, { max: 1, onnotice: () => {}, connection: { TimeZone: 'Europe/London' } });
    try {
      const dst = await newClinic(db);
      const asOf = new Date('2031-03-28T12:00:00.000Z');
      const add = (reference: string, dueAt: string, pausedAt: string | null) => sql`
        insert into consultation_requests (id, reference, version, state, organisation_id, requester_id, service_id,
          patient_identifier_system, patient_identifier_value, patient_family, patient_given, patient_sex, clinical_question,
          reason_text, reason_codes, priority, requested_priority, requested_form, consent_given, risk_flags, at_risk,
          submitted_at, due_at, clock_paused_at, authored_at, created_at, updated_at)
        values (gen_random_uuid(), ${`${reference}-${dst.practiceId.slice(0, 8)}`}, 1, ${pausedAt ? 'awaiting-information' : 'submitted'},
          ${dst.practiceId}::uuid, ${dst.gp.id}::uuid, ${dst.serviceId}::uuid, 'urn:x', ${reference}, 'Family', '{Given}', 'female', 'Question?', '', '[]',
          'routine', 'routine', 'joint-video', true, '{}', false, '2031-03-20T09:00:00Z', ${dueAt}, ${pausedAt}, '2031-03-20T09:00:00Z', '2031-03-20T09:00:00Z', '2031-03-20T09:00:00Z')`;
      // Paused with exactly four days left: it runs out at 2031-04-01 12:00 UTC.
      await add('DST-PAUSED', '2031-03-25T12:00:00Z', '2031-03-21T12:00:00Z');
      // Running, due half an hour before that: it comes first.
      await add('DST-RUNNING', '2031-04-01T11:30:00Z', null);
      const onLondon = drizzle(london, { schema }) as unknown as Database;
      const list = { serviceId: dst.serviceId };
      const page = { asOf, after: null, limit: 10 };
      const fromLondon = await new RequestRepository(onLondon).inTriageOrder(list, AWAITING_TRIAGE, page, 'without-kept-elements');
      expect(fromLondon.map((r) => r.reference.slice(0, r.reference.lastIndexOf('-')))).toEqual(['DST-RUNNING', 'DST-PAUSED']);
      expect(fromLondon.map((r) => r.id)).toEqual([...fromLondon].sort((x, y) => compareForTriage(x, y, asOf)).map((r) => r.id));
      const kept = new RequestRepository(db, { lists: new KeptUntilChange(unchanging, 10) as KeptTriageLists });
      for (let i = 0; i < 3; i++) expect((await kept.inTriageOrder(list, AWAITING_TRIAGE, page, 'without-kept-elements')).map((r) => r.id)).toEqual(fromLondon.map((r) => r.id));
    } finally {
      await london.end();
    }
  });

  it('reads a list whole only when it is asked for again before anything changed', async () => {
    const db = await testDatabase();
    let count = 0;
    const lists: KeptTriageLists = new KeptUntilChange({ current: () => count, committed: () => {} }, 10);
    const keep = vi.spyOn(lists, 'keep');
    const kept = new RequestRepository(db, { lists });
    const ask = () => kept.inTriageOrder({ serviceId: clinic.serviceId }, AWAITING_TRIAGE, { asOf: new Date(base), after: null, limit: 10 }, 'without-kept-elements');
    // A change between every two asks (a busy network): always a page from PostgreSQL.
    for (let i = 0; i < 4; i++) {
      await ask();
      count++;
    }
    expect(keep).not.toHaveBeenCalled();
    await ask();
    await ask();
    expect(keep).toHaveBeenCalledTimes(1);
  });

  it(`reads a list of more than ${MOST_KEPT} requests page by page, as before, and does not keep it`, async () => {
    const db = await testDatabase();
    const big = await newClinic(db);
    await sql`
      insert into consultation_requests (id, reference, version, state, organisation_id, requester_id, service_id,
        patient_identifier_system, patient_identifier_value, patient_family, patient_given, patient_sex, clinical_question,
        reason_text, reason_codes, priority, requested_priority, requested_form, consent_given, risk_flags, at_risk,
        submitted_at, due_at, authored_at, created_at, updated_at)
      select gen_random_uuid(), ${`KB-${big.practiceId.slice(0, 8)}-`} || g, 1, 'submitted', ${big.practiceId}::uuid, ${big.gp.id}::uuid, ${big.serviceId}::uuid,
        'urn:x', 'B' || g, 'Family', '{Given}', 'female', 'Question?', '', '[]', 'routine', 'routine', 'joint-video', true, '{}', false,
        ${new Date(base)}::timestamptz - g * interval '1 minute', ${new Date(base)}::timestamptz + g * interval '1 minute', ${new Date(base)}::timestamptz, ${new Date(base)}::timestamptz, ${new Date(base)}::timestamptz
      from generate_series(1, ${MOST_KEPT + 1}) g`;
    const lists: KeptTriageLists = new KeptUntilChange(unchanging, 10);
    const keep = vi.spyOn(lists, 'keep');
    const kept = new RequestRepository(db, { lists });
    const plain = new RequestRepository(db);
    const list = { serviceId: big.serviceId };
    const page = { asOf: new Date(base), after: null, limit: 21 };
    const fromPostgres = (await plain.inTriageOrder(list, AWAITING_TRIAGE, page, 'without-kept-elements')).map((r) => r.id);
    expect(fromPostgres).toHaveLength(21);
    // Asked three times with nothing changed: the second would read it whole to keep it.
    for (let i = 0; i < 3; i++) expect((await kept.inTriageOrder(list, AWAITING_TRIAGE, page, 'without-kept-elements')).map((r) => r.id)).toEqual(fromPostgres);
    expect(keep).not.toHaveBeenCalled();
  });
});
