/**
 * Statements are prepared (postgres.js names them), and after a few runs PostgreSQL may settle on
 * a generic plan, planned without the parameters' values. Such a plan can use a partial index only
 * when the statement itself says it is within the index's rows: the open lists, the triage queue,
 * the running clocks and the dispatcher's due mail must write their states in, not send them as
 * parameters (src/store/constants-in-sql.ts). Each statement here is explained as a generic plan.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.js';
import { NotificationRepository } from '../../src/store/notifications.js';
import { openPostgres } from '../../src/store/open-postgres.js';
import { PLANNED_EACH_TIME } from '../../src/store/planned-each-time.js';
import { RequestRepository } from '../../src/store/requests.js';
import * as schema from '../../src/store/schema.js';
import { backend } from '../harness/database.js';
import { executeArguments } from '../../bench/scale/plans.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(backend !== 'postgres' || !url)('generic plans of prepared statements on PostgreSQL', () => {
  const sql = postgres(url ?? 'postgres://invalid', { max: 1, onnotice: () => {} });
  const captured: { query: string; params: unknown[] }[] = [];
  const db = drizzle(sql, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Database;
  const requests = new RequestRepository(db);
  const notifications = new NotificationRepository(db);
  afterAll(() => sql.end());

  interface PlanNode {
    'Index Name'?: string;
    Plans?: PlanNode[];
  }
  const indexesOf = (node: PlanNode): string[] => [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(indexesOf)];

  /** The indexes each statement `run` sends would use under a generic plan (sequential scans off: the test's tables are small). */
  async function genericIndexes(run: () => Promise<unknown>): Promise<string[][]> {
    captured.length = 0;
    await run();
    const plans: string[][] = [];
    for (const { query, params } of captured) {
      const [row] = await sql.begin(async (tx) => {
        await tx`set local enable_seqscan = off`;
        await tx`set local plan_cache_mode = force_generic_plan`;
        await tx.unsafe(`prepare generic_plan_check as ${query}`);
        const explained = await tx.unsafe(`explain (format json) execute generic_plan_check${executeArguments(params)}`);
        await tx.unsafe('deallocate generic_plan_check');
        return explained;
      });
      plans.push(indexesOf((row as unknown as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan));
    }
    return plans;
  }

  const org = '00000000-0000-4000-8000-0000000000aa';
  const service = '00000000-0000-4000-8000-0000000000bb';
  const person = '00000000-0000-4000-8000-0000000000cc';
  const asOf = new Date();

  it('writes the states of a list by status into its statement, where a generic plan can match them to the open indexes', async () => {
    // Which index a list takes depends on the table's statistics (the open ones at scale, see
    // bench/scale/plans.ts); what must hold everywhere is that no state is left to a parameter.
    const states = ['submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given', 'declined'] as const;
    captured.length = 0;
    await requests.list({ organisationId: org, serviceIds: [service] }, { states: [...states], serviceIds: [service] }, null, 21);
    await requests.list({ organisationId: org, serviceIds: [] }, { states: ['closed'], closedKinds: ['after-decline'] }, null, 21);
    expect(captured.length).toBeGreaterThan(0);
    for (const { query, params } of captured) {
      expect(params.filter((p) => typeof p === 'string' && (states as readonly string[]).concat('closed').includes(p))).toEqual([]);
      expect(query).toMatch(/"state" (in \('|= ')/);
    }
  });

  it("pages a service's triage queue through the open queue's index", async () => {
    const [plan] = await genericIndexes(() => requests.inTriageOrder({ serviceId: service }, ['submitted', 'awaiting-information'], { asOf, after: null, limit: 51 }));
    expect(plan).toContain('requests_service_open_idx');
  });

  it("pages a psychiatrist's caseload through the open caseload's index", async () => {
    const states = ['submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given'] as const;
    const [plan] = await genericIndexes(() => requests.inTriageOrder({ assigneeId: person, scope: { organisationId: org, serviceIds: [service] } }, [...states], { asOf, after: null, limit: 51 }));
    expect(plan).toContain('requests_assignee_open_idx');
  });

  it("sweeps the running clocks and claims the dispatcher's due mail through their partial indexes", async () => {
    const [clocks] = await genericIndexes(() => notifications.clocksRunningOut(asOf, 0.75));
    expect(clocks).toContain('requests_running_clock_idx');
    const [due] = await genericIndexes(() => db.transaction((tx) => new NotificationRepository(tx as unknown as Database).claim('email', asOf, 10, 60_000)));
    expect(due).toContain('notifications_due_idx');
  });

  it('refuses to write anything but a known state into a statement', async () => {
    await expect(requests.list({ organisationId: org, serviceIds: [] }, { states: ["submitted') or (true" as never] }, null, 21)).rejects.toThrow(/Not a request state/);
  });
});

describe.skipIf(backend !== 'postgres' || !url)('pages planned with their values on PostgreSQL', () => {
  it('sends the pages of lists unnamed, planned each time, and keeps every other statement (a triage page, a lookup by identifier) prepared', async () => {
    const { db, sql } = openPostgres(url!, { max: 1 });
    try {
      const repo = new RequestRepository(db);
      const scope = { organisationId: '00000000-0000-4000-8000-0000000000aa', serviceIds: ['00000000-0000-4000-8000-0000000000bb'] };
      for (let i = 0; i < 7; i++) {
        await repo.list(scope, { states: ['submitted'] }, null, 21);
        await repo.inTriageOrder({ serviceId: scope.serviceIds[0]! }, ['submitted', 'awaiting-information'], { asOf: new Date(), after: null, limit: 51 });
        await repo.findVisible('00000000-0000-4000-8000-0000000000dd', scope);
        await repo.list(scope, { identifier: { system: 'urn:oid:1.2.3', value: 'ORD-1' } }, null, 2);
      }
      const prepared = await sql<{ statement: string }[]>`select statement from pg_prepared_statements`;
      expect(prepared.some((p) => p.statement.includes('"consultation_requests"."id" = $1'))).toBe(true);
      expect(prepared.some((p) => p.statement.includes('"request_identifiers"'))).toBe(true);
      expect(prepared.some((p) => p.statement.includes('order by (not "consultation_requests"."at_risk")'))).toBe(true);
      expect(prepared.filter((p) => p.statement.includes(PLANNED_EACH_TIME))).toEqual([]);
    } finally {
      await sql.end();
    }
  });
});
