/**
 * The access matrix of the administration API: every /api/admin route against who may call it.
 * The things are the mental-health organisation's; its administrator may (ok), an administrator
 * of another organisation finds nothing (404), its clinicians, its privacy officer and its EHR
 * are refused (403), and nobody signed in is 401; the access log is for its administrators and
 * privacy officer (AUDITORS). test/api/access-matrix.test.ts holds every
 * other route and checks this file covers the /api/admin ones — except the outbound exchange's
 * (dead-lettered notifications, the EHR connection), whose rows are there.
 *
 * Columns: providerAdmin  otherOrgAdmin  psychiatrist  gp  privacyOfficer  consultingEhr  anonymous
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testApi, type ApiResponse } from '../harness/api.js';
import type { Person } from '../harness/clinic.js';
import { ADMIN_ROWS, adminWorld, type AdminWorld } from './admin.fixtures.js';

const COLUMNS = ['providerAdmin', 'otherOrgAdmin', 'psychiatrist', 'gp', 'privacyOfficer', 'consultingEhr', 'anonymous'] as const;
const EXPECTED = 'ok 404 403 403 403 403 401';
/** Administration of the outbound exchange: its rows are in access-matrix.test.ts, beside the outbox they need. */
const IN_MAIN_MATRIX = [' /api/admin/notifications', ' /api/admin/ehr-connection'];

const who = (w: AdminWorld): Record<(typeof COLUMNS)[number], Person | null> => ({
  providerAdmin: w.providerAdmin,
  otherOrgAdmin: w.clinic.admin,
  psychiatrist: w.clinic.psychiatrist,
  gp: w.clinic.gp,
  privacyOfficer: w.privacyOfficer,
  consultingEhr: w.clinic.serviceEhr,
  anonymous: null,
});

const accessOf = (res: ApiResponse): string => (res.status === 401 || res.status === 403 || res.status === 404 ? String(res.status) : res.status >= 500 ? 'server-error' : res.status < 300 ? 'ok' : `other:${res.status}`);

describe('access matrix: administration API', () => {
  beforeAll(() => testApi(), 120_000);

  it('has a row for every /api/admin route in the OpenAPI document', async () => {
    const w = await adminWorld();
    const doc = (await w.as(w.providerAdmin, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api${path}`)).filter((r) => r.includes(' /api/admin/') && !IN_MAIN_MATRIX.some((prefix) => r.includes(prefix)));
    expect(documented.sort()).toEqual(ADMIN_ROWS.map((r) => r.route).sort());
  });

  it.each(ADMIN_ROWS.map((row) => [row.route, row] as const))('%s', async (_route, row) => {
    const w = await adminWorld();
    const callers = who(w);
    const observed: string[] = [];
    // The administrator last: their change moves the version, and the others must meet the same one.
    for (const column of [...COLUMNS.slice(1), COLUMNS[0]]) observed[COLUMNS.indexOf(column)] = accessOf(await row.call(w, callers[column]));
    expect(observed.join(' ')).toBe(row.expected ?? EXPECTED);
  });
});
