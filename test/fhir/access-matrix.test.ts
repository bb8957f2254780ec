/**
 * The access matrix on FHIR: every role against every interaction the registry serves (the
 * CapabilityStatement's source), plus the includes and the transaction. Same columns and cells
 * as test/api/access-matrix.test.ts; a registry interaction without a row fails the suite.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/fhir/registry.js';
import { testApi } from '../harness/api.js';
import type { Role } from '../harness/cast.js';
import { checkRow, mentions, type MatrixRow, type Observation, type World } from '../api/access-matrix.fixtures.js';
import { serviceRequestBody } from './helpers.js';
import { userIdentifiers } from '../../src/store/schema.js';
import { testDatabase } from '../harness/database.js';

type Row = MatrixRow;

const FHIR_JSON = { Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json' };

const fhirCall = (w: World, role: Role, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  w.call(role, method, `/fhir${path}`, body, { ...FHIR_JSON, ...headers });

type FixtureState = 'submitted' | 'scheduled' | 'advice-given' | 'completed';

/** Reads of one resource of a fresh submitted request (the ServiceRequest, Task, Appointment and CarePlan share its id). */
const readOf = (path: (id: string, w: World) => Promise<string> | string, state: FixtureState = 'submitted') => async (w: World, role: Role) => {
  const request = await w.request(state);
  return fhirCall(w, role, 'GET', await path(request.id, w));
};

/** A search (GET, or POST _search with a form body): answered, and whether the fixture's request is in the Bundle. */
const searchOf = (path: (id: string) => string, state: FixtureState = 'submitted', method = 'GET', prepare?: (w: World, id: string) => Promise<unknown>) => async (w: World, role: Role): Promise<Observation> => {
  const request = await w.request(state);
  await prepare?.(w, request.id);
  const [type, query = ''] = path(request.id).split('?') as [string, string?];
  const person = w.cast[role];
  const res =
    method === 'GET'
      ? await fhirCall(w, role, 'GET', path(request.id))
      : await w.ctx.api.call('POST', `/fhir${type}/_search`, {
          ...(person ? { token: person.token } : {}),
          rawBody: query,
          headers: { Accept: 'application/fhir+json', 'Content-Type': 'application/x-www-form-urlencoded' },
        });
  return { ...res, seen: mentions(res.body, request.id) };
};

const PROVIDER_SYSTEM = 'https://national-provider-register.example.org/sid/provider-number';
const providerNumbers = new WeakMap<World, string>();

/** The clinic GP's national provider number, registered once per world. */
async function providerNumberOf(w: World): Promise<string> {
  let number = providerNumbers.get(w);
  if (!number) {
    number = crypto.randomUUID();
    providerNumbers.set(w, number);
    await (await testDatabase()).insert(userIdentifiers).values({ userId: w.ctx.clinic.gp.id, system: PROVIDER_SYSTEM, value: number });
  }
  return number;
}

/** The id of the first message on a request (the GP writes one). */
async function messageOf(w: World, requestId: string): Promise<string> {
  await w.call('gp', 'POST', `/api/requests/${requestId}/messages`, { text: 'A note for the consulting side.' });
  const list = await w.call('gp', 'GET', `/api/requests/${requestId}/messages`);
  return String(list.body.items[0].id);
}

//                                 gp  pGp oOrg psy oSvc lead memb adm  rEHR cEHR narr anon
const READ = /*                 */ 'ok  ok  404  ok  404  ok   404  404  ok   ok   ok   401';
const SEARCH = /*               */ 'ok  ok  -    ok  -    ok   -    -    ok   ok   ok   401';
/** Task, Communication, CarePlan: the narrow client (ServiceRequest only) has no scope for them. */
const READ_SCOPED = /*          */ 'ok  ok  404  ok  404  ok   404  404  ok   ok   403  401';
const SEARCH_SCOPED = /*        */ 'ok  ok  -    ok  -    ok   -    -    ok   ok   403  401';
/** Appointment, HealthcareService, DocumentReference: neither the consulting EHR nor the narrow client has their scopes. */
const READ_PRACTICE = /*        */ 'ok  ok  404  ok  404  ok   404  404  ok   403  403  401';
const SEARCH_PRACTICE = /*      */ 'ok  ok  -    ok  -    ok   -    -    ok   403  403  401';

/** Subscriptions are the requesting EHR's (it has system/Subscription.cruds); people are told by mail, other clients lack the scope. */
const SUBSCRIPTION = /*         */ '403 403 403 403 403 403  403  403  ok   403  403  401';
const subscriptionBody = () => ({
  resourceType: 'Subscription',
  status: 'requested',
  reason: 'access matrix',
  criteria: 'https://liaison.example.org/fhir/SubscriptionTopic/request-status-changed',
  // Never delivered here: no dispatcher runs in this file.
  channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/hook', payload: 'application/fhir+json' },
});
const subscriptions = new WeakMap<World, string>();
/** The requesting EHR's subscription in this world (a fresh one each time when asked). */
async function subscriptionOf(w: World, fresh = false): Promise<string> {
  const known = subscriptions.get(w);
  if (known && !fresh) return known;
  const id = String((await fhirCall(w, 'requestingEhr', 'POST', '/Subscription', subscriptionBody())).body.id);
  if (!fresh) subscriptions.set(w, id);
  return id;
}

const ROWS: Row[] = [
  { route: 'read ServiceRequest', expected: READ, call: readOf((id) => `/ServiceRequest/${id}`) },
  {
    route: 'vread ServiceRequest',
    expected: READ,
    call: async (w, role) => {
      const request = await w.request('submitted');
      const current = await fhirCall(w, 'gp', 'GET', `/ServiceRequest/${request.id}`);
      return fhirCall(w, role, 'GET', `/ServiceRequest/${request.id}/_history/${current.body.meta.versionId}`);
    },
  },
  { route: 'history ServiceRequest', expected: READ, call: readOf((id) => `/ServiceRequest/${id}/_history`) },
  { route: 'search ServiceRequest', expected: SEARCH, call: searchOf((id) => `/ServiceRequest?_id=${id}`) },
  { route: 'search ServiceRequest (POST _search)', expected: SEARCH, call: searchOf((id) => `/ServiceRequest?_id=${id}`, 'submitted', 'POST') },
  { route: 'search ServiceRequest with _revinclude=Task:focus', expected: SEARCH_SCOPED, call: searchOf((id) => `/ServiceRequest?_id=${id}&_revinclude=Task:focus`) },
  {
    route: 'create ServiceRequest',
    expected: 'ok ok ok 403 403 403 ok 403 ok 403 403 401',
    call: async (w, role) => fhirCall(w, role, 'POST', '/ServiceRequest', serviceRequestBody(w.ctx.clinic)),
  },
  {
    route: 'update ServiceRequest',
    // A PUT naming a request the caller cannot see is a PUT to an unknown id: 405 (no update-create).
    expected: 'ok ok 405 405 405 405 405 405 ok 403 403 401',
    call: async (w, role) => {
      const draft = await w.request('draft');
      const current = (await fhirCall(w, 'gp', 'GET', `/ServiceRequest/${draft.id}`)).body;
      return fhirCall(w, role, 'PUT', `/ServiceRequest/${draft.id}`, { ...current, priority: 'urgent' }, { 'If-Match': `W/"${current.meta.versionId}"` });
    },
  },
  { route: 'read Task', expected: READ_SCOPED, call: readOf((id) => `/Task/${id}`) },
  {
    route: 'vread Task',
    expected: READ_SCOPED,
    call: async (w, role) => {
      const request = await w.request('submitted');
      const current = await fhirCall(w, 'gp', 'GET', `/Task/${request.id}`);
      return fhirCall(w, role, 'GET', `/Task/${request.id}/_history/${current.body.meta.versionId}`);
    },
  },
  { route: 'history Task', expected: READ_SCOPED, call: readOf((id) => `/Task/${id}/_history`) },
  { route: 'search Task', expected: SEARCH_SCOPED, call: searchOf((id) => `/Task?focus=ServiceRequest/${id}`) },
  {
    route: 'update Task',
    expected: '403 403 405 ok 405 ok 405 405 403 ok 403 401',
    call: async (w, role) => {
      const request = await w.request('submitted');
      const task = (await fhirCall(w, 'psychiatrist', 'GET', `/Task/${request.id}`)).body;
      return fhirCall(w, role, 'PUT', `/Task/${request.id}`, { ...task, status: 'accepted' }, { 'If-Match': `W/"${task.meta.versionId}"` });
    },
  },
  { route: 'read Communication', expected: READ_SCOPED, call: readOf(async (id, w) => `/Communication/${await messageOf(w, id)}`) },
  { route: 'search Communication', expected: SEARCH_SCOPED, call: searchOf((id) => `/Communication?based-on=ServiceRequest/${id}`, 'submitted', 'GET', messageOf) },
  {
    route: 'create Communication',
    // A request the caller cannot see is an unresolvable basedOn: 422, as for one that does not exist.
    expected: 'ok ok ok ok ok ok ok ok ok ok 403 401',
    call: async (w, role) => {
      const request = await w.request('submitted');
      return fhirCall(w, role, 'POST', '/Communication', {
        resourceType: 'Communication',
        status: 'completed',
        basedOn: [{ reference: `ServiceRequest/${request.id}` }],
        payload: [{ contentString: 'A note for the other side.' }],
      });
    },
  },
  { route: 'read Appointment', expected: READ_PRACTICE, call: readOf((id) => `/Appointment/${id}`, 'scheduled') },
  { route: 'search Appointment', expected: SEARCH_PRACTICE, call: searchOf((id) => `/Appointment?based-on=ServiceRequest/${id}`, 'scheduled') },
  { route: 'read CarePlan', expected: READ_SCOPED, call: readOf((id) => `/CarePlan/${id}`, 'advice-given') },
  {
    route: 'vread CarePlan',
    expected: READ_SCOPED,
    call: async (w, role) => {
      const request = await w.request('advice-given');
      const current = await fhirCall(w, 'gp', 'GET', `/CarePlan/${request.id}`);
      return fhirCall(w, role, 'GET', `/CarePlan/${request.id}/_history/${current.body.meta.versionId}`);
    },
  },
  { route: 'search CarePlan', expected: SEARCH_SCOPED, call: searchOf((id) => `/CarePlan?based-on=ServiceRequest/${id}`, 'advice-given') },
  { route: 'search CarePlan (POST _search)', expected: SEARCH_SCOPED, call: searchOf((id) => `/CarePlan?based-on=ServiceRequest/${id}`, 'advice-given', 'POST') },
  { route: 'read DocumentReference', expected: READ_PRACTICE, call: async (w, role) => fhirCall(w, role, 'GET', `/DocumentReference/${(await w.request('completed')).outcome.messageId}`) },
  {
    // The conclusions of a case discussion: its pseudonymised member reads nothing.
    route: 'read DocumentReference (case-discussion conclusions)',
    expected: READ_PRACTICE,
    call: async (w, role) => {
      const { sessionId, itemId, requestId } = await w.group();
      const concluded = await w.call('leader', 'POST', `/api/case-discussions/sessions/${sessionId}/agenda/${itemId}/conclusions`, { conclusions: 'Grief, not depression.', outcomeCode: 'other' });
      expect(concluded.status).toBe(200);
      const letter = (await w.call('gp', 'GET', `/api/requests/${requestId}`)).body.outcome.messageId;
      return fhirCall(w, role, 'GET', `/DocumentReference/${letter}`);
    },
  },
  { route: 'search DocumentReference', expected: SEARCH_PRACTICE, call: searchOf((id) => `/DocumentReference?related=ServiceRequest/${id}`, 'completed') },
  { route: 'search ServiceRequest with _revinclude=DocumentReference:related', expected: SEARCH_PRACTICE, call: searchOf((id) => `/ServiceRequest?_id=${id}&_revinclude=DocumentReference:related`, 'completed') },
  { route: 'read HealthcareService', expected: 'ok ok ok ok ok ok ok ok ok 403 403 401', call: (w, role) => fhirCall(w, role, 'GET', `/HealthcareService/${w.ctx.clinic.serviceId}`) },
  { route: 'search HealthcareService', expected: 'ok ok ok ok ok ok ok ok ok 403 403 401', call: (w, role) => fhirCall(w, role, 'GET', '/HealthcareService') },
  { route: 'read Practitioner', expected: 'ok ok 404 ok ok ok 404 ok ok 403 403 401', call: (w, role) => fhirCall(w, role, 'GET', `/Practitioner/${w.ctx.clinic.gp.id}`) },
  {
    // By a professional identifier registered for the GP: found by exactly those who may read them.
    route: 'search Practitioner',
    expected: 'ok ok - ok ok ok - ok ok 403 403 401',
    call: async (w, role) => {
      const res = await fhirCall(w, role, 'GET', `/Practitioner?identifier=${encodeURIComponent(`${PROVIDER_SYSTEM}|${await providerNumberOf(w)}`)}`);
      return { ...res, seen: mentions(res.body, w.ctx.clinic.gp.id) };
    },
  },
  {
    route: 'transaction',
    expected: 'ok ok ok 403 403 403 ok 403 ok 403 403 401',
    call: (w, role) =>
      fhirCall(w, role, 'POST', '', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: serviceRequestBody(w.ctx.clinic), request: { method: 'POST', url: 'ServiceRequest' } }],
      }),
  },
  // Organisations are known to every person; the EHRs here were not granted Organization or PractitionerRole scopes.
  { route: 'read Organization', expected: 'ok ok ok ok ok ok ok ok 403 403 403 401', call: (w, role) => fhirCall(w, role, 'GET', `/Organization/${w.ctx.clinic.specialistId}`) },
  { route: 'search Organization', expected: 'ok ok ok ok ok ok ok ok 403 403 403 401', call: (w, role) => fhirCall(w, role, 'GET', `/Organization?_id=${w.ctx.clinic.specialistId}`) },
  // A role is seen by exactly those who see the person (read Practitioner's row).
  { route: 'read PractitionerRole', expected: 'ok ok 404 ok ok ok 404 ok 403 403 403 401', call: (w, role) => fhirCall(w, role, 'GET', `/PractitionerRole/${w.ctx.clinic.gp.id}`) },
  { route: 'search PractitionerRole', expected: 'ok ok - ok ok ok - ok 403 403 403 401', call: (w, role) => fhirCall(w, role, 'GET', `/PractitionerRole?practitioner=Practitioner/${w.ctx.clinic.gp.id}`).then((res) => ({ ...res, seen: mentions(res.body, w.ctx.clinic.gp.id) })) },
  // The access log: the administrator asks about the practice's people; everyone else is refused (systems on scope).
  { route: 'search AuditEvent', expected: '403 403 403 403 403 403 403 ok 403 403 403 401', call: (w, role) => fhirCall(w, role, 'GET', '/AuditEvent?date=ge2020-01-01') },
  { route: 'create Subscription', expected: SUBSCRIPTION, call: (w, role) => fhirCall(w, role, 'POST', '/Subscription', subscriptionBody()) },
  { route: 'read Subscription', expected: SUBSCRIPTION, call: async (w, role) => fhirCall(w, role, 'GET', `/Subscription/${await subscriptionOf(w)}`) },
  { route: 'status Subscription', expected: SUBSCRIPTION, call: async (w, role) => fhirCall(w, role, 'GET', `/Subscription/${await subscriptionOf(w)}/$status`) },
  { route: 'events Subscription', expected: SUBSCRIPTION, call: async (w, role) => fhirCall(w, role, 'GET', `/Subscription/${await subscriptionOf(w)}/$events?eventsSinceNumber=1`) },
  {
    route: 'search Subscription',
    expected: SUBSCRIPTION,
    call: async (w, role) => {
      const id = await subscriptionOf(w);
      const res = await fhirCall(w, role, 'GET', '/Subscription');
      return { ...res, seen: mentions(res.body, id) };
    },
  },
  // Each call deletes a fresh one: only its owner may.
  { route: 'delete Subscription', expected: SUBSCRIPTION, call: async (w, role) => fhirCall(w, role, 'DELETE', `/Subscription/${await subscriptionOf(w, true)}`) },
  { route: 'capabilities', expected: 'ok ok ok ok ok ok ok ok ok ok ok ok', call: (w, role) => fhirCall(w, role, 'GET', '/metadata') },
];

describe('access matrix: FHIR', () => {
  beforeAll(() => testApi(), 120_000);

  it('has a row for every interaction the registry serves', () => {
    const interactions = ['read', 'vread', 'history', 'search', 'create', 'update', 'delete', 'status', 'events'] as const;
    const served = Object.entries(REGISTRY).flatMap(([type, support]) => interactions.filter((i) => support[i]).map((i) => `${i} ${type}`));
    const covered = new Set(ROWS.map((r) => r.route));
    expect(served.filter((route) => !covered.has(route))).toEqual([]);
  });

  it.each(ROWS.map((row) => [row.route, row] as const))('%s', (_route, row) => checkRow(row));
});
