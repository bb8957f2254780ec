/**
 * The administration tests' world: one clinic (test/harness/clinic.ts) plus an administrator
 * and a privacy officer of its mental-health organisation. The clinic's own administrator works
 * at the practice: for the mental-health organisation's things, an administrator of another
 * organisation.
 */
import { TokenSigner } from '../../src/auth/tokens.js';
import { seedDirectory } from '../../src/store/seed-directory.js';
import { testApi, type ApiResponse, type TestApi } from '../harness/api.js';
import { TEST_SIGNING_KEY, type Clinic, type Person } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';

const signer = new TokenSigner(TEST_SIGNING_KEY);

export interface AdminWorld {
  api: TestApi;
  clinic: Clinic;
  /** Administrator of the mental-health organisation (clinic.specialistId). */
  providerAdmin: Person;
  /** Privacy officer of the mental-health organisation. */
  privacyOfficer: Person;
  as(who: Person | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
}

export async function adminWorld(): Promise<AdminWorld> {
  const api = await testApi();
  const clinic = await api.clinic();
  const providerAdminId = crypto.randomUUID();
  const privacyId = crypto.randomUUID();
  await seedDirectory(
    await testDatabase(),
    {
      organisations: [],
      services: [],
      users: [
        { id: providerAdminId, email: `provider-admin-${providerAdminId}@test.liaison.test`, name: 'Test provider admin', role: 'administrator', organisationId: clinic.specialistId, serviceIds: [] },
        { id: privacyId, email: `privacy-${privacyId}@test.liaison.test`, name: 'Test privacy officer', role: 'privacy-officer' as 'administrator', organisationId: clinic.specialistId, serviceIds: [] },
      ],
      clients: [],
    },
    new Date(),
  );
  const person = async (id: string): Promise<Person> => ({ id, token: await signer.issue({ kind: 'user', id }, 60) });
  return {
    api,
    clinic,
    providerAdmin: await person(providerAdminId),
    privacyOfficer: await person(privacyId),
    as: (who, method, path, body, headers) => api.call(method, path, { ...(who ? { token: who.token } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) }),
  };
}

/** Reads an administered thing as its administrator and changes it with the ETag read. */
export async function changeAs(w: AdminWorld, who: Person, path: string, patch: unknown): Promise<ApiResponse> {
  const read = await w.as(w.providerAdmin, 'GET', path);
  return w.as(who, 'PATCH', path, patch, { 'If-Match': read.headers.get('ETag') ?? '' });
}

/** One call of each administration route, on the mental-health organisation's things. */
type Call = (w: AdminWorld, caller: Person | null) => Promise<ApiResponse>;
const get = (path: (w: AdminWorld) => string): Call => (w, caller) => w.as(caller, 'GET', path(w));
const post = (path: (w: AdminWorld) => string, body: () => unknown): Call => (w, caller) => w.as(caller, 'POST', path(w), body());
const patch = (path: (w: AdminWorld) => string, body: unknown): Call => (w, caller) => changeAs(w, caller ?? { id: '', token: '' }, path(w), body);

const org = (w: AdminWorld) => `/api/admin/organisations/${w.clinic.specialistId}`;
const service = (w: AdminWorld) => `/api/admin/services/${w.clinic.serviceId}`;
const user = (w: AdminWorld) => `/api/admin/users/${w.clinic.psychiatrist2.id}`;
const client = (w: AdminWorld) => `/api/admin/clients/${w.clinic.serviceEhr.id}`;

/** What an auditor may read: the organisation's administrators and its privacy officer. */
export const AUDITORS = 'ok 404 403 403 ok 403 401';

export const ADMIN_ROWS: { route: string; call: Call; expected?: string }[] = [
  { route: 'GET /api/admin/organisations/{id}', call: get(org) },
  { route: 'PATCH /api/admin/organisations/{id}', call: patch(org, { timeZone: 'Europe/Amsterdam' }) },
  { route: 'GET /api/admin/organisations/{id}/services', call: get((w) => `${org(w)}/services`) },
  { route: 'POST /api/admin/organisations/{id}/services', call: post((w) => `${org(w)}/services`, () => ({ name: 'Perinatal team', specialty: 'psychiatry', timeZone: 'Europe/Berlin' })) },
  { route: 'GET /api/admin/services/{id}', call: get(service) },
  { route: 'PATCH /api/admin/services/{id}', call: patch(service, { reconsultMonths: 4 }) },
  { route: 'GET /api/admin/organisations/{id}/users', call: get((w) => `${org(w)}/users`) },
  { route: 'POST /api/admin/organisations/{id}/users', call: post((w) => `${org(w)}/users`, () => ({ email: `new-${crypto.randomUUID()}@test.liaison.test`, name: 'Test newcomer', role: 'psychiatrist' })) },
  { route: 'POST /api/admin/organisations/{id}/invitations', call: post((w) => `${org(w)}/invitations`, () => ({ email: `invited-${crypto.randomUUID()}@test.liaison.test`, name: 'Test invitee', role: 'gp' })) },
  { route: 'POST /api/admin/users/{id}/invitations', call: post((w) => `${user(w)}/invitations`, () => ({})) },
  { route: 'GET /api/admin/users/{id}', call: get(user) },
  { route: 'PATCH /api/admin/users/{id}', call: patch(user, { weeklyCapacity: 7 }) },
  { route: 'GET /api/admin/organisations/{id}/clients', call: get((w) => `${org(w)}/clients`) },
  { route: 'POST /api/admin/organisations/{id}/clients', call: post((w) => `${org(w)}/clients`, () => ({ name: 'Ward EHR', scopes: ['system/Task.rs'] })) },
  { route: 'GET /api/admin/clients/{id}', call: get(client) },
  { route: 'PATCH /api/admin/clients/{id}', call: patch(client, { name: 'Renamed EHR' }) },
  { route: 'GET /api/admin/organisations/{id}/access-log', call: get((w) => `${org(w)}/access-log?actorId=${w.clinic.psychiatrist.id}`), expected: AUDITORS },
  { route: 'GET /api/admin/organisations/{id}/access-log.csv', call: get((w) => `${org(w)}/access-log.csv`), expected: AUDITORS },
  { route: 'GET /api/admin/organisations/{id}/refused-calls', call: get((w) => `${org(w)}/refused-calls?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z`), expected: AUDITORS },
];

