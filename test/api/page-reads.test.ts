/**
 * "A page reads a page": on PostgreSQL with a practice of 20,000 requests (1% open), the hot
 * lists — the GP's list with and without an open status, a deep next page, a psychiatrist's list
 * (practice or services) and a FHIR search of a service's active requests — read about a page's
 * worth of request rows, however many the practice holds. The repository's real SQL is captured
 * and explained with ANALYZE; rows read are what the scans of consultation_requests returned or
 * filtered away.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.js';
import * as schema from '../../src/store/schema.js';
import { RequestRepository } from '../../src/store/requests.js';
import { newClinic, type Clinic } from '../harness/clinic.js';
import { backend, testDatabase } from '../harness/database.js';

const url = process.env.TEST_DATABASE_URL;
const REQUESTS = 20_000;
const LIMIT = 21;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

function rowsRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'consultation_requests' && /Scan/.test(node['Node Type'])
      ? ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

describe.skipIf(backend !== 'postgres' || !url)('a page reads a page of a large practice', () => {
  const sql = postgres(url ?? 'postgres://invalid', { max: 1, onnotice: () => {} });
  const captured: { query: string; params: unknown[] }[] = [];
  const db = drizzle(sql, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Database;
  const repo = new RequestRepository(db);
  let clinic: Clinic;
  afterAll(() => sql.end());

  beforeAll(async () => {
    clinic = await newClinic(await testDatabase());
    // One request in a hundred submitted, one accepted and one completed, spread over the years like the rest.
    await sql`
      insert into consultation_requests (id, reference, version, state, organisation_id, requester_id, service_id, assignee_id,
        patient_identifier_system, patient_identifier_value, patient_family, patient_given, patient_sex, clinical_question,
        reason_text, reason_codes, priority, requested_priority, requested_form, consent_given, risk_flags, at_risk,
        submitted_at, due_at, authored_at, created_at, updated_at)
      select gen_random_uuid(), ${`PR-${clinic.practiceId.slice(0, 8)}-`} || g, 3,
        case g % 100 when 0 then 'submitted' when 1 then 'accepted' when 2 then 'completed' else 'closed' end,
        ${clinic.practiceId}::uuid, ${clinic.gp.id}::uuid, ${clinic.serviceId}::uuid, case when g % 100 = 0 then null else ${clinic.psychiatrist.id}::uuid end,
        'urn:x', 'P' || g, 'Family', '{Given}', 'female', 'Question?', '', '[]', 'routine', 'routine', 'joint-video', true, '{}', false,
        now() - g * interval '1 hour', now() - g * interval '1 hour' + interval '10 days', now() - g * interval '1 hour', now() - g * interval '1 hour', now() - g * interval '1 hour'
      from generate_series(1, ${REQUESTS}) g`;
    await sql`analyze consultation_requests`;
  });

  async function readsOf(run: () => Promise<unknown>): Promise<number[]> {
    captured.length = 0;
    await run();
    const reads: number[] = [];
    for (const { query, params } of captured) {
      const [row] = await sql.unsafe(`explain (analyze, format json) ${query}`, params as never[]);
      reads.push(rowsRead((row as unknown as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan));
    }
    return reads;
  }

  const gpScope = () => ({ organisationId: clinic.practiceId, serviceIds: [] });

  it("reads a page for the GP's newest requests", async () => {
    const [reads] = await readsOf(() => repo.list(gpScope(), {}, null, LIMIT));
    expect(reads).toBeLessThanOrEqual(3 * LIMIT);
  });

  it('reads a page for a page deep in the list', async () => {
    const middle = { at: new Date(Date.now() - (REQUESTS / 2) * 3_600_000), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' };
    const [reads] = await readsOf(() => repo.list(gpScope(), {}, middle, LIMIT));
    expect(reads).toBeLessThanOrEqual(3 * LIMIT);
  });

  it('reads a page for the requests of one open status', async () => {
    const [reads] = await readsOf(() => repo.list(gpScope(), { states: ['completed'] }, null, LIMIT));
    expect(reads).toBeLessThanOrEqual(4 * LIMIT);
  });

  it("reads a page for a psychiatrist's list (their practice's requests or their service's)", async () => {
    const scope = { organisationId: clinic.specialistId, serviceIds: [clinic.serviceId, clinic.otherServiceId] };
    const [reads] = await readsOf(() => repo.list(scope, {}, null, LIMIT));
    expect(reads).toBeLessThanOrEqual(3 * LIMIT);
  });

  it("reads a page for a service's active requests searched by its psychiatrist (FHIR status=active&performer)", async () => {
    const active = ['submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given', 'declined'] as const;
    const scope = { organisationId: clinic.specialistId, serviceIds: [clinic.serviceId] };
    const [reads] = await readsOf(() => repo.list(scope, { states: [...active], closedKinds: [], serviceIds: [clinic.serviceId] }, null, LIMIT));
    expect(reads).toBeLessThanOrEqual(3 * LIMIT);
  });
});
