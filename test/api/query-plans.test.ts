/**
 * "Every list and filter query is served by an index": the repository's real SQL is captured
 * and explained on PostgreSQL with sequential scans disabled; a plan that still has to scan
 * the whole requests table has no index to serve it.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.js';
import * as schema from '../../src/store/schema.js';
import { AccessLogRepository } from '../../src/store/access-log.js';
import { AdministrationRepository } from '../../src/store/administration.js';
import { CaseDiscussionRunRepository } from '../../src/store/case-discussion-runs.js';
import { CaseDiscussionRepository } from '../../src/store/case-discussions.js';
import { LetterRepository } from '../../src/store/letters.js';
import { MessageRepository } from '../../src/store/messages.js';
import { RequestRepository } from '../../src/store/requests.js';
import { backend } from '../harness/database.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(backend !== 'postgres' || !url)('query plans on PostgreSQL', () => {
  const sql = postgres(url ?? 'postgres://invalid', { max: 1, onnotice: () => {} });
  const captured: { query: string; params: unknown[] }[] = [];
  const db = drizzle(sql, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Database;
  const repo = new RequestRepository(db);
  afterAll(() => sql.end());

  /**
   * Scans of our tables that read everything: sequential, or an index walked without a condition,
   * or a full index walked with a condition on a later column only (PostgreSQL checks it while
   * reading the whole index). A partial index walked whole reads only its part (the open queue).
   */
  interface PlanNode {
    'Node Type': string;
    'Relation Name'?: string;
    'Index Name'?: string;
    'Index Cond'?: string;
    'Parent Relationship'?: string;
    Plans?: PlanNode[];
  }
  const TABLES = /^(consultation_requests|request_events|request_versions|request_identifiers|communications|access_log|disclosed_sets|disclosed_set_requests)$/;
  const INDEXES = /^(requests_|request_|consultation_requests_|communications_|access_log_|disclosed_set)/;
  let firstColumns: Map<string, string> | undefined;
  function unservedScans(node: PlanNode): string {
    const index = node['Index Name'] ?? '';
    const leading = firstColumns?.get(index);
    const condition = node['Index Cond'] ?? '';
    const own =
      (node['Node Type'] === 'Seq Scan' && TABLES.test(node['Relation Name'] ?? '')) ||
      (/Index/.test(node['Node Type']) && INDEXES.test(index) && (!condition || (leading !== undefined && !new RegExp(`\\b${leading}\\b`).test(condition))))
        ? [`${node['Node Type']} ${index || node['Relation Name']} ${condition}`]
        : [];
    return [...own, ...(node.Plans ?? []).map(unservedScans).filter(Boolean)].join('; ');
  }

  /**
   * What a page's Limit has below it: a sort of the requests (no index in the list's order), or the
   * names joined before the limit. Names looked up by subplans with no Sort between them and the
   * Limit (of the scan that walks the index in the page's order, or of a Result over the Sort) are
   * looked up for the page's rows alone (its stamps), not joined before it.
   */
  function belowLimits(node: PlanNode, inLimit = false, sortedAbove = false): string[] {
    const here = node['Node Type'] === 'Limit' || inLimit;
    const sorting = here && /Sort/.test(node['Node Type']);
    const own = sorting ? ['sorted'] : here && /(users|consulting_services)/.test(`${node['Relation Name'] ?? ''} ${node['Index Name'] ?? ''}`) ? ['joined'] : [];
    const children = (node.Plans ?? []).filter((child) => sortedAbove || sorting || child['Parent Relationship'] !== 'SubPlan');
    return [...own, ...children.flatMap((child) => belowLimits(child, here, sortedAbove || sorting))];
  }

  async function pagesOf(run: () => Promise<unknown>): Promise<string[][]> {
    captured.length = 0;
    await run();
    const pages: string[][] = [];
    for (const { query, params } of captured) {
      // As in plansOf: on the test's few rows a scan and a sort may cost less than the index; the
      // question is whether an index serves the list's order at all, as it must at scale.
      const [row] = await sql.begin(async (tx) => {
        await tx`set local enable_seqscan = off`;
        // A fresh database has no statistics: a sort of "no rows" looks free. Sorting is then the
        // last resort, taken only when no index serves the order.
        await tx`set local enable_sort = off`;
        return tx.unsafe(`explain (format json) ${query}`, params as never[]);
      });
      pages.push([...new Set(belowLimits((row as unknown as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan))]);
    }
    return pages;
  }

  async function plansOf(run: () => Promise<unknown>): Promise<string[]> {
    firstColumns ??= new Map(
      (
        await sql<{ index: string; column: string }[]>`
          select c.relname as index, a.attname as column from pg_index i
          join pg_class c on c.oid = i.indexrelid
          join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
          where i.indpred is null`
      ).map((r) => [r.index, r.column]),
    );
    captured.length = 0;
    await run();
    const plans: string[] = [];
    for (const { query, params } of captured) {
      const rows = await sql.begin(async (tx) => {
        await tx`set local enable_seqscan = off`;
        return tx.unsafe(`explain (format json) ${query}`, params as never[]);
      });
      plans.push(unservedScans((rows[0] as unknown as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan));
    }
    return plans;
  }

  const org = '00000000-0000-4000-8000-0000000000aa';
  const service = '00000000-0000-4000-8000-0000000000bb';
  const cursor = { at: new Date(), id: '00000000-0000-4000-8000-0000000000cc' };
  const cases: [string, Parameters<RequestRepository['list']>][] = [
    ['a practice, newest first', [{ organisationId: org, serviceIds: [] }, {}, null, 21]],
    ['a psychiatrist (practice or service), next page', [{ organisationId: org, serviceIds: [service] }, {}, cursor, 21]],
    ['by status and priority', [{ organisationId: org, serviceIds: [] }, { states: ['submitted'], priorities: ['urgent'] }, null, 21]],
    ['by patient identifier', [{ organisationId: org, serviceIds: [service] }, { patient: { system: 'urn:x', value: '1' } }, null, 21]],
    ['updated since', [{ organisationId: org, serviceIds: [] }, { updatedSince: new Date() }, null, 21]],
    ['by assignee', [{ organisationId: org, serviceIds: [service] }, { assigneeId: service }, null, 21]],
    ['by identifier with its system', [{ organisationId: org, serviceIds: [service] }, { identifier: { system: 'urn:x', value: '1' } }, null, 21]],
    ['by identifier without a system', [{ organisationId: org, serviceIds: [service] }, { identifier: { value: '1' } }, null, 21]],
  ];

  for (const [name, args] of cases) {
    it(`lists ${name} through an index`, async () => {
      const plans = await plansOf(() => repo.list(...args));
      expect(plans).toEqual(['']);
    });
  }

  it("pages a practice's list in index order, names joined after the limit", async () => {
    const scope = { organisationId: org, serviceIds: [] };
    expect(await pagesOf(() => repo.list(scope, {}, null, 21))).toEqual([[]]);
    expect(await pagesOf(() => repo.list(scope, {}, cursor, 21))).toEqual([[]]);
    expect(await pagesOf(() => repo.list(scope, {}, cursor, 21, 'updated-asc'))).toEqual([[]]);
  });

  it('joins the names after the limit on every list', async () => {
    for (const [, args] of cases) expect((await pagesOf(() => repo.list(...args))).flat()).not.toContain('joined');
  });

  it('stamps a page for a search that keeps renderings through the same indexes, without a sort', async () => {
    // The stamps' lookups of names run for the rows a page keeps (subplans of its index scan).
    for (const [, [scope, filters, after, limit, sort]] of cases) {
      const page = { after, limit, sort: sort ?? ('updated-desc' as const) };
      expect(await plansOf(() => repo.listReusing(scope, filters, page, () => false))).toEqual(['']);
      expect((await pagesOf(() => repo.listReusing(scope, filters, page, () => false))).flat()).not.toContain('sorted');
    }
  });

  const position = { atRisk: false, priority: 'urgent' as const, runsOutAt: new Date(), submittedAt: new Date(), id: cursor.id };
  const triagePages: [string, Parameters<RequestRepository['inTriageOrder']>][] = [
    ["a service's queue, first page", [{ serviceId: service }, ['submitted', 'awaiting-information'], { asOf: new Date(), after: null, limit: 51 }]],
    ["a service's queue, next page", [{ serviceId: service }, ['submitted', 'awaiting-information'], { asOf: new Date(), after: position, limit: 51 }]],
    [
      "a psychiatrist's own cases, next page",
      [{ assigneeId: cursor.id, scope: { organisationId: org, serviceIds: [service] } }, ['submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given'], { asOf: new Date(), after: { ...position, runsOutAt: null }, limit: 51 }],
    ],
  ];
  for (const [name, args] of triagePages) {
    it(`pages ${name} through an index`, async () => {
      expect(await plansOf(() => repo.inTriageOrder(...args))).toEqual(['']);
      // The order depends on the list's moment (a paused clock's time left): sorted, but before any join.
      expect((await pagesOf(() => repo.inTriageOrder(...args))).flat()).not.toContain('joined');
    });
  }

  it("pages a request's history and a thread through indexes", async () => {
    const id = '00000000-0000-4000-8000-0000000000dd';
    const messages = new MessageRepository(db);
    const plans = await plansOf(async () => {
      await repo.versions(id, { before: 7, limit: 21, submittedOnly: true });
      await messages.forRequests([id], cursor, 51);
      await messages.forRequests([id, cursor.id], null, 51);
    });
    expect(plans).toEqual(['', '', '', '']);
  });

  it('reads one request and its timeline through indexes', async () => {
    const id = '00000000-0000-4000-8000-0000000000dd';
    const plans = await plansOf(async () => {
      await repo.findVisible(id, { organisationId: org, serviceIds: [service] });
      await repo.events(id);
    });
    expect(plans).toEqual(['', '']);
  });

  it("reads a request's letters, a patient's letters and one letter through indexes", async () => {
    const letters = new LetterRepository(db);
    const scope = { organisationId: org, serviceIds: [service] };
    const plans = await plansOf(async () => {
      await letters.page(scope, { ids: [cursor.id] }, undefined, null, 21);
      await letters.page(scope, { patients: [{ system: 'urn:x', value: '1' }] }, ['case-discussion-conclusions'], cursor, 21);
      await letters.find(cursor.id);
    });
    expect(plans).toEqual(['', '', '']);
  });

  it('answers who saw a request through an index', async () => {
    const log = new AccessLogRepository(db);
    const plans = await plansOf(async () => {
      await log.disclosuresOf('00000000-0000-4000-8000-0000000000ee');
      await log.entries({ kind: 'request', requestId: '00000000-0000-4000-8000-0000000000ee' }, null, 51);
    });
    expect(plans).toEqual(['', '']);
  });

  it('finds a request by its reference, and uses an invitation, through indexes', async () => {
    const plans = await plansOf(async () => {
      await new AccessLogRepository(db).requestIdOfReference('LSN-000123');
      // The update's own lookup: the invitation by its token's hash, the person by id.
      await new AdministrationRepository(db).useInvitation('0'.repeat(64), new Date());
      await new AdministrationRepository(db).openInvitations([cursor.id, org], new Date());
    });
    expect(plans).toEqual(['', '', '']);
  });

  it("screens a Balint presentation against the practice's patients, and counts members' referrals, through indexes", async () => {
    const runs = new CaseDiscussionRunRepository(db);
    const plans = await plansOf(async () => {
      await runs.patientsMentioned(org, 'a demanding family\nhow do I keep the frame?', ['1941-03-07']);
      await runs.referralsBy(service, [cursor.id], new Date('2026-01-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
    });
    expect(plans).toEqual(['', '']);
  });

  it("finds whom a service's or a practice's group may invite, and counts referrals to any service, through indexes", async () => {
    const groups = new CaseDiscussionRepository(db);
    const plans = await plansOf(async () => {
      await groups.invitable({ kind: 'service', id: service });
      await groups.invitable({ kind: 'practice', id: org });
      await groups.inviteeFacts({ kind: 'practice', id: org }, [cursor.id]);
      await new CaseDiscussionRunRepository(db).referralsBy(null, [cursor.id], new Date('2026-01-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
    });
    expect(plans.every((plan) => plan === ''), plans.join(' | ')).toBe(true);
  });
});
