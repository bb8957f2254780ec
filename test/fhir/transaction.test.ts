/**
 * `transaction` Bundles (https://hl7.org/fhir/R4/http.html#transaction): urn:uuid references
 * resolved, supporting Patient and Observation kept inside the request, all or nothing.
 */
import { describe, expect, it } from 'vitest';
import { BASE, EXT, LOINC, ORDER_SYSTEM, PATIENT_SYSTEM, expectOutcome, fhir, get, newCtx, search, serviceRequestBody, sortedIds, uniqueValue, type Ctx, type Json } from './helpers.js';

const urn = () => `urn:uuid:${crypto.randomUUID()}`;
const entry = (fullUrl: string, resource: Json) => ({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
const transaction = (...entries: Json[]) => ({ resourceType: 'Bundle', type: 'transaction', entry: entries });

function patient(value: string): Json {
  return { resourceType: 'Patient', identifier: [{ system: PATIENT_SYSTEM, value }], name: [{ family: 'Carvalho', given: ['Inês'] }], gender: 'female', birthDate: '1969-10-03' };
}

function phq9(subject: string, value: number): Json {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' }] },
    subject: { reference: subject },
    valueInteger: value,
  };
}

/** A ServiceRequest naming its patient (and supporting information) by urn:uuid. */
function request(ctx: Ctx, subject: string, supporting: string[] = [], order = uniqueValue('ORD')): Json {
  const { contained: _contained, ...body } = serviceRequestBody(ctx.clinic, { order });
  return { ...body, subject: { reference: subject }, ...(supporting.length ? { supportingInfo: supporting.map((reference) => ({ reference })) } : {}) };
}

const commit = (ctx: Ctx, bundle: Json) => fhir(ctx, ctx.clinic.ehr, 'POST', '', { body: bundle });

describe('a transaction', () => {
  it('creates a ServiceRequest with its Patient and PHQ-9 inside; answers with a transaction-response', async () => {
    const ctx = await newCtx();
    const [p, o, s] = [urn(), urn(), urn()];
    const value = uniqueValue('PAT');
    const res = await commit(ctx, transaction(entry(p, patient(value)), entry(o, phq9(p, 17)), entry(s, request(ctx, p, [o]))));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
    expect(res.body.entry).toHaveLength(3);
    const created = res.body.entry[2].response;
    expect(created.status).toMatch(/^201/);
    const match = new RegExp(`^${BASE}/ServiceRequest/([0-9a-f-]{36})/_history/(\\d+)$`).exec(created.location);
    expect(match, created.location).not.toBeNull();
    expect(created.etag).toBe(`W/"${match![2]}"`);

    const sr = await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${match![1]}`);
    expect(JSON.stringify(sr)).not.toContain('urn:uuid:');
    const byRef = new Map((sr.contained as Json[]).map((c) => [`#${c.id}`, c]));
    const subject = byRef.get(sr.subject.reference);
    expect(subject).toMatchObject({ resourceType: 'Patient', identifier: [{ system: PATIENT_SYSTEM, value }], birthDate: '1969-10-03' });
    const scores = (sr.supportingInfo as Json[]).map((s) => byRef.get(s.reference)).filter((c) => c?.resourceType === 'Observation');
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({ code: { coding: [{ system: LOINC, code: '44261-6' }] }, valueInteger: 17, subject: { reference: sr.subject.reference } });
    expect(sortedIds(await search(ctx, ctx.clinic.ehr, `/ServiceRequest?subject:identifier=${encodeURIComponent(`${PATIENT_SYSTEM}|${value}`)}`))).toEqual([match![1]]);
  });

  it('creates two requests and a Communication based on one of them by urn:uuid', async () => {
    const ctx = await newCtx();
    const [p1, p2, s1, s2, c] = [urn(), urn(), urn(), urn(), urn()];
    const note = { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: s2 }], payload: [{ contentString: 'Lithium levels 0.8, 0.9 and 1.1 mmol/l.' }] };
    const res = await commit(
      ctx,
      transaction(entry(p1, patient(uniqueValue('PAT'))), entry(s1, request(ctx, p1)), entry(p2, patient(uniqueValue('PAT'))), entry(s2, request(ctx, p2)), entry(c, note)),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const locations = (res.body.entry as Json[]).map((e) => String(e.response.location ?? ''));
    const idOf = (location: string) => /ServiceRequest\/([0-9a-f-]{36})\//.exec(location)?.[1];
    const [first, second] = [idOf(locations[1]!), idOf(locations[3]!)];
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(first).not.toBe(second);
    expect(res.body.entry[4].response.status).toMatch(/^201/);
    expect(locations[4]).toMatch(new RegExp(`^${BASE}/Communication/[0-9a-f-]{36}`));

    const messages = await search(ctx, ctx.clinic.ehr, `/Communication?based-on=ServiceRequest/${second}`);
    expect((messages.entry as Json[]).map((e) => e.resource.payload[0].contentString)).toEqual([note.payload[0]!.contentString]);
    expect((messages.entry as Json[])[0]!.resource.basedOn).toEqual([{ reference: `ServiceRequest/${second}` }]);
    expect((await ctx.api.rowsOf(ctx.clinic.practiceId)).requests).toBe(2);
  });

  it.each([
    ['a ServiceRequest outside the profile', (ctx: Ctx, p: string) => ({ ...request(ctx, p), intent: 'proposal' })],
    ['a Communication based on an unknown request', (_ctx: Ctx) => ({ resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${crypto.randomUUID()}` }], payload: [{ contentString: 'Hello?' }] })],
    ['an entry Liaison does not take (PUT)', (ctx: Ctx, p: string) => ({ ...request(ctx, p), __method: 'PUT' })],
    ['a reference to no entry of the Bundle', (ctx: Ctx) => request(ctx, urn())],
  ])('is all or nothing: %s as the last entry → nothing written', async (_label, last) => {
    const ctx = await newCtx();
    const [p1, s1, s2] = [urn(), urn(), urn()];
    const { __method, ...resource } = JSON.parse(JSON.stringify(last(ctx, p1))) as Json;
    const lastEntry = { fullUrl: s2, resource, request: { method: __method ?? 'POST', url: __method ? `ServiceRequest/${crypto.randomUUID()}` : resource.resourceType } };
    const before = await ctx.api.rowsOf(ctx.clinic.practiceId);
    const res = await commit(ctx, transaction(entry(p1, patient(uniqueValue('PAT'))), entry(s1, request(ctx, p1)), lastEntry));
    expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const outcome = expectOutcome(res, res.status);
    expect(JSON.stringify(outcome)).toMatch(/entry\[2\]|Entry 2/);
    expect(await ctx.api.rowsOf(ctx.clinic.practiceId)).toEqual(before);
    expect(before).toEqual({ requests: 0, events: 0 });
  });

  it('replays safely with ifNoneExist: the same request, nothing new', async () => {
    const ctx = await newCtx();
    const order = uniqueValue('ORD');
    const build = () => {
      const [p, s] = [urn(), urn()];
      const sr = { fullUrl: s, resource: request(ctx, p, [], order), request: { method: 'POST', url: 'ServiceRequest', ifNoneExist: `identifier=${ORDER_SYSTEM}|${order}` } };
      return transaction(entry(p, patient('PAT-1')), sr);
    };
    const first = await commit(ctx, build());
    const again = await commit(ctx, build());
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(first.body.entry[1].response.status).toMatch(/^201/);
    expect(again.body.entry[1].response.status).toMatch(/^200/);
    expect(again.body.entry[1].response.location).toBe(first.body.entry[1].response.location);
    expect((await ctx.api.rowsOf(ctx.clinic.practiceId)).requests).toBe(1);
  });

  it('refuses a batch and an empty transaction with 400', async () => {
    const ctx = await newCtx();
    const [p, s] = [urn(), urn()];
    expectOutcome(await commit(ctx, { ...transaction(entry(p, patient('PAT-2')), entry(s, request(ctx, p))), type: 'batch' }), 400);
    expectOutcome(await commit(ctx, { resourceType: 'Bundle', type: 'transaction' }), 400);
    expect(await ctx.api.rowsOf(ctx.clinic.practiceId)).toEqual({ requests: 0, events: 0 });
  });

  it('keeps a clinical question sent as the first note when there is no extension', async () => {
    const ctx = await newCtx();
    const [p, s] = [urn(), urn()];
    const body = request(ctx, p);
    body.extension = (body.extension as Json[]).filter((e) => e.url !== EXT.clinicalQuestion);
    body.note = [{ text: 'Is lithium still the right choice?' }];
    const res = await commit(ctx, transaction(entry(p, patient('PAT-3')), entry(s, body)));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const id = /ServiceRequest\/([0-9a-f-]{36})\//.exec(res.body.entry[1].response.location)![1];
    const sr = await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${id}`);
    expect(sr.extension).toContainEqual({ url: EXT.clinicalQuestion, valueString: 'Is lithium still the right choice?' });
    expect(sr.note).toEqual([{ text: 'Is lithium still the right choice?' }]);
  });
});
