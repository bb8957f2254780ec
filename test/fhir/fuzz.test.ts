/**
 * Fuzzing the FHIR interface: ServiceRequest, Task and Communication bodies, transaction Bundles,
 * searches and _search form posts, mutated at random from realistic resources, from every kind of
 * caller. Whatever arrives: never a 5xx, every refusal an OperationOutcome (valid R4), and a refused
 * call changes no row. FUZZ_SEED=<seed> replays a failure.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../harness/api.js';
import type { Person } from '../harness/clinic.js';
import { fuzzRuns, mutated, nastyString, oddHeaders, queryString, wireBody } from '../harness/fuzz.js';
import { CS, createRequest, expectValidFhir, get, newCtx, PATIENT_SYSTEM, put, serviceRequestBody, uniqueValue, type Ctx, type Json } from './helpers.js';

let ctx: Ctx;
let draft: Json;
let active: Json;
let task: Json;
let ids: string[];

beforeAll(async () => {
  ctx = await newCtx();
  draft = await createRequest(ctx, { status: 'draft' });
  active = await createRequest(ctx);
  const accepted = await createRequest(ctx);
  task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${accepted.id}`);
  const moved = await put(ctx, ctx.clinic.psychiatrist, task, { status: 'accepted', owner: { reference: `Practitioner/${ctx.clinic.psychiatrist.id}` } });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  task = moved.body;
  ids = [draft.id, active.id, accepted.id, crypto.randomUUID(), 'not-an-id', '..'];
}, 120_000);

const caller = () => fc.constantFrom<(Person | null)[]>(ctx.clinic.ehr, ctx.clinic.ehr, ctx.clinic.serviceEhr, ctx.clinic.psychiatrist, ctx.clinic.psychiatrist, ctx.clinic.gp, ctx.clinic.otherGp, null);
const id = () => fc.constantFrom(...ids);

/** Sends one call; never a 5xx; a refusal is a valid OperationOutcome and changed nothing; every FHIR body is valid R4. */
async function probe(who: Person | null, method: string, path: string, rawBody: string | undefined, headers: Record<string, string>): Promise<ApiResponse> {
  const before = await ctx.api.tablesOf(ctx.clinic.practiceId, ctx.clinic.serviceId);
  const res = await ctx.api.call(method, `/fhir${path}`, { ...(who ? { token: who.token } : {}), ...(rawBody !== undefined ? { rawBody } : {}), headers: { Accept: 'application/fhir+json', ...headers } });
  const what = `${method} /fhir${path} ${JSON.stringify(headers)} ${rawBody?.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 400)}`;
  if (process.env.FUZZ_VERBOSE) console.log(`FUZZ ${method} /fhir${path.split('?')[0]!.replace(/[0-9a-f-]{36}/g, ':id')} ${res.status} ${res.body?.issue?.[0]?.code ?? ''} ${res.body?.issue?.[0]?.expression?.[0] ?? ''}`);
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) {
    // FHIR JSON, or plain JSON when the caller asked for application/json (R4 http: the server echoes it).
    const plain = /^application\/json\b/.test(headers.Accept ?? '');
    expect(res.headers.get('content-type'), what).toMatch(plain ? /^application\/(fhir\+)?json/ : /^application\/fhir\+json/);
    expect(res.body?.resourceType, what).toBe('OperationOutcome');
    expect(res.body.issue?.length, what).toBeGreaterThan(0);
    expect(await ctx.api.tablesOf(ctx.clinic.practiceId, ctx.clinic.serviceId), `a refused call wrote: ${what}`).toEqual(before);
  }
  if (res.body && typeof res.body === 'object' && 'resourceType' in res.body) expectValidFhir(res.body);
  return res;
}

const FHIR_TYPES = ['application/fhir+json', 'application/fhir+json', 'application/json', 'application/fhir+json; fhirVersion=4.0'];
const headers = (extra: fc.Arbitrary<Record<string, string>> = fc.constant({})) =>
  fc.oneof({ weight: 3, arbitrary: extra.map((h) => ({ 'Content-Type': 'application/fhir+json', ...h })) }, { weight: 1, arbitrary: oddHeaders(FHIR_TYPES) });

/** A ServiceRequest as an EHR writes it, with the optional parts an EHR may send. */
const serviceRequest = () =>
  serviceRequestBody(ctx.clinic, {}, {
    authoredOn: '2026-11-20T09:30:00+01:00',
    note: [{ text: 'Lives alone.' }],
    reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'F32.1' }], text: 'Depressive episode' }],
    supportingInfo: [{ reference: '#phq' }],
    contained: [
      { resourceType: 'Patient', id: 'pat', identifier: [{ system: PATIENT_SYSTEM, value: uniqueValue('PAT') }], name: [{ family: 'Lindholm', given: ['Maren'] }], gender: 'female', birthDate: '1987-06-14' },
      { resourceType: 'Observation', id: 'phq', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] }, subject: { reference: '#pat' }, valueInteger: 14 },
    ],
  });

const communication = () => ({
  resourceType: 'Communication',
  status: 'completed',
  basedOn: [{ reference: `ServiceRequest/${active.id}` }],
  category: [{ coding: [{ system: CS.messageKind, code: 'information' }] }],
  payload: [{ contentString: 'Lithium level 0.8 mmol/l.' }, { contentAttachment: { url: 'https://docs.example.org/lab.pdf', contentType: 'application/pdf', title: 'Lab' } }],
});

describe('fuzzing FHIR: never a 5xx, an OperationOutcome for every refusal, nothing written by a refused call', () => {
  it('ServiceRequest create, conditional create and update', async () => {
    const write = fc.oneof(
      wireBody(mutated(serviceRequest)).map((raw) => ({ method: 'POST', path: '/ServiceRequest', raw, h: {} as Record<string, string> })),
      fc.tuple(wireBody(mutated(serviceRequest)), nastyString).map(([raw, value]) => ({ method: 'POST', path: '/ServiceRequest', raw, h: { 'If-None-Exist': new URLSearchParams({ identifier: `urn:oid:1.2.3.4.5.6.7|${value}` }).toString() } })),
      fc.tuple(wireBody(mutated(() => ({ ...draft, note: [{ text: 'Updated.' }] }))), fc.constantFrom('W/"1"', 'W/"2"', 'W/"0"', '*', '')).map(([raw, ifMatch]) => ({ method: 'PUT', path: `/ServiceRequest/${draft.id}`, raw, h: ifMatch ? { 'If-Match': ifMatch } : ({} as Record<string, string>) })),
      wireBody(mutated(() => ({ ...active, status: 'revoked' }))).map((raw) => ({ method: 'PUT', path: `/ServiceRequest/${active.id}`, raw, h: { 'If-Match': `W/"${active.meta.versionId}"` } })),
    );
    await fc.assert(
      fc.asyncProperty(caller(), write, headers(), async (who, { method, path, raw, h }, extra) => {
        await probe(who, method, path, raw, { ...extra, ...h });
      }),
      fuzzRuns(80),
    );
  });

  it('Task updates by the consulting side', async () => {
    const statuses = fc.constantFrom(
      { status: 'accepted', owner: { reference: `Practitioner/${crypto.randomUUID()}` } },
      { status: 'rejected', statusReason: { coding: [{ system: 'https://liaison.example.org/fhir/CodeSystem/decline-reason', code: 'manageable-in-primary-care' }], text: 'Start sertraline.' } },
      { status: 'on-hold', businessStatus: { coding: [{ system: CS.businessStatus, code: 'awaiting-information' }] }, statusReason: { text: 'Any hypomania?' } },
      { status: 'completed', output: [{ type: { coding: [{ system: CS.taskOutput, code: 'outcome' }] }, valueString: 'Seen jointly.' }] },
      { status: 'in-progress', output: [{ type: { coding: [{ system: CS.taskOutput, code: 'advice' }] }, valueString: 'Switch.' }] },
    );
    const body = statuses.chain((change) => wireBody(mutated(() => ({ ...task, ...change }))));
    await fc.assert(
      fc.asyncProperty(caller(), fc.constantFrom(task.id as string, task.id as string, ...ids), body, headers(fc.constantFrom<Record<string, string>[]>({ 'If-Match': `W/"${task.meta.versionId}"` }, { 'If-Match': 'W/"1"' }, {})), async (who, target, raw, h) => {
        await probe(who, 'PUT', `/Task/${target}`, raw, h);
      }),
      fuzzRuns(80),
    );
  });

  it('Communication create', async () => {
    await fc.assert(
      fc.asyncProperty(caller(), wireBody(mutated(communication)), headers(), async (who, raw, h) => {
        await probe(who, 'POST', '/Communication', raw, h);
      }),
      fuzzRuns(60),
    );
  });

  it('transaction Bundles', async () => {
    const bundle = () => {
      const [p, s, c] = [`urn:uuid:${crypto.randomUUID()}`, `urn:uuid:${crypto.randomUUID()}`, `urn:uuid:${crypto.randomUUID()}`];
      const { contained: _contained, supportingInfo: _info, ...sr } = serviceRequest();
      return {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: p, resource: { resourceType: 'Patient', identifier: [{ system: PATIENT_SYSTEM, value: uniqueValue('PAT') }], name: [{ family: 'Carvalho', given: ['Ilse'] }], gender: 'female', birthDate: '1969-10-03' }, request: { method: 'POST', url: 'Patient' } },
          { fullUrl: s, resource: { ...sr, subject: { reference: p } }, request: { method: 'POST', url: 'ServiceRequest' } },
          { fullUrl: c, resource: { ...communication(), basedOn: [{ reference: s }] }, request: { method: 'POST', url: 'Communication' } },
        ],
      };
    };
    await fc.assert(
      fc.asyncProperty(caller(), wireBody(mutated(bundle)), headers(), async (who, raw, h) => {
        await probe(who, 'POST', '', raw, h);
      }),
      fuzzRuns(60),
    );
  });

  it('searches, _search form posts and reads with odd parameters', async () => {
    const value = (...values: string[]) => fc.oneof(fc.constantFrom(...values), nastyString);
    const query = queryString({
      _id: value(active.id, `${active.id},${draft.id}`, 'x'),
      _lastUpdated: value('gt2026-01-01', 'le2030-01-01T00:00:00Z', 'ap2026', 'xx2026', 'gt'),
      _count: value('1', '100', '101', '0', '-5', '1.5', '9'.repeat(25)),
      _sort: value('_lastUpdated', '-authored', 'status', '-'),
      _revinclude: value('Task:focus', 'Task:*', '*', 'Communication:based-on'),
      _include: value('ServiceRequest:subject', '*'),
      _page: value('abc', 'eyJhIjoxfQ', ''),
      _summary: value('count', 'true', 'text'),
      _elements: value('status', 'id,meta'),
      status: value('active', 'draft,active', 'nope'),
      'status:not': value('active'),
      intent: value('order', 'plan'),
      priority: value('routine', 'stat,urgent'),
      identifier: value(`urn:oid:1.2.3.4.5.6.7|x`, '|', 'x', 'a|b|c'),
      'subject:identifier': value(`${PATIENT_SYSTEM}|PAT-1`, '|PAT-1', `${PATIENT_SYSTEM}|`),
      'patient:identifier': value(`${PATIENT_SYSTEM}|PAT-1`),
      requester: value(`Practitioner/${ctx.clinic.gp.id}`, 'Practitioner/', ctx.clinic.gp.id),
      performer: value(`HealthcareService/${ctx.clinic.serviceId}`),
      authored: value('ge2026-01-01', 'eq2026-02-30'),
      focus: value(`ServiceRequest/${active.id}`, 'ServiceRequest/x'),
      'based-on': value(`ServiceRequest/${active.id}`, 'x'),
      'business-status': value(`${CS.businessStatus}|submitted`, 'submitted'),
      owner: value(`Practitioner/${ctx.clinic.psychiatrist.id}`),
      actor: value(`Practitioner/${ctx.clinic.gp.id}`),
      date: value('ge2026-01-01', 'x'),
      organization: value(ctx.clinic.practiceId),
      name: value('Test'),
      'subject.name': value('Lindholm'),
    });
    const type = fc.constantFrom('ServiceRequest', 'ServiceRequest', 'Task', 'Communication', 'Appointment', 'HealthcareService', 'Practitioner');
    const form = fc.oneof(query, fc.string({ maxLength: 60 }), fc.constant('%E0%A4%A&x=%'));
    const read = fc.constantFrom('', '/_history', '/_history/1', '/_history/0', '/_history/x', '/_history/99999999999999999999', '/$everything', '/_search');
    const call = fc.oneof(
      fc.tuple(type, query).map(([t, q]) => ({ method: 'GET', path: `/${t}?${q}`, raw: undefined as string | undefined, h: {} as Record<string, string> })),
      fc.tuple(type, form).map(([t, f]) => ({ method: 'POST', path: `/${t}/_search`, raw: f, h: { 'Content-Type': 'application/x-www-form-urlencoded' } })),
      fc.tuple(type, id(), read).map(([t, i, r]) => ({ method: 'GET', path: `/${t}/${i}${r}`, raw: undefined, h: {} })),
    );
    await fc.assert(
      fc.asyncProperty(caller(), call, async (who, { method, path, raw, h }) => {
        await probe(who, method, path, raw, h);
      }),
      fuzzRuns(120),
    );
  });
});
