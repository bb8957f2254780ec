/**
 * FHIR search to the letter (issue 8): OR on every token, reference and identifier parameter,
 * token systems, _total, _summary=count, _elements, _include / _revinclude, patient filters
 * never dropped, Appointment paging, general parameters on every type, honest self links.
 */
import { describe, expect, it } from 'vitest';
import { BASE, ORDER_SYSTEM, PATIENT_SYSTEM, createRequest, expectOutcome, fhir, get, linkOf, matchIds, newCtx, search, sorted, sortedIds, uniqueValue, type Ctx, type Json } from './helpers.js';

/** Three active requests: a (gp, P1, order oa), b (gp2, P2, order ob), c (gp, P3, other service). */
async function three(ctx: Ctx) {
  const { clinic } = ctx;
  const oa = uniqueValue('ORD');
  const ob = uniqueValue('ORD');
  const pa = uniqueValue('PAT');
  const pb = uniqueValue('PAT');
  const a = (await createRequest(ctx, { order: oa, patient: pa })).id as string;
  const b = (await createRequest(ctx, { order: ob, patient: pb, requester: clinic.gp2 })).id as string;
  const c = (await createRequest(ctx, { serviceId: clinic.otherServiceId })).id as string;
  return { a, b, c, oa, ob, pa, pb };
}
const ids = async (ctx: Ctx, query: string) => sortedIds(await search(ctx, ctx.clinic.ehr, `/ServiceRequest?${query}`));
const q = encodeURIComponent;

describe('OR and token systems', () => {
  it('commas are OR for identifier, patient, requester, performer and owner', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const f = await three(ctx);
    expect(await ids(ctx, `identifier=${q(`${ORDER_SYSTEM}|${f.oa},${ORDER_SYSTEM}|${f.ob}`)}`)).toEqual(sorted(f.a, f.b));
    expect(await ids(ctx, `patient:identifier=${q(`${PATIENT_SYSTEM}|${f.pa},${PATIENT_SYSTEM}|${f.pb}`)}`)).toEqual(sorted(f.a, f.b));
    expect(await ids(ctx, `requester=Practitioner/${clinic.gp.id},Practitioner/${clinic.gp2.id}`)).toEqual(sorted(f.a, f.b, f.c));
    expect(await ids(ctx, `performer=HealthcareService/${clinic.serviceId},HealthcareService/${clinic.otherServiceId}`)).toEqual(sorted(f.a, f.b, f.c));
    expect(await ids(ctx, `requester=Practitioner/${clinic.gp.id},Practitioner/${clinic.gp2.id}&requester=Practitioner/${clinic.gp2.id}`)).toEqual([f.b]);
    const tasks = sortedIds(await search(ctx, clinic.ehr, `/Task?owner=HealthcareService/${clinic.serviceId},HealthcareService/${clinic.otherServiceId}`));
    expect(tasks).toEqual(sorted(f.a, f.b, f.c));
  });

  it('a token with the wrong system matches nothing; the right system or none matches', async () => {
    const ctx = await newCtx();
    const f = await three(ctx);
    expect(await ids(ctx, `status=${q('http://wrong.example|active')}`)).toEqual([]);
    expect(await ids(ctx, `status=${q('http://hl7.org/fhir/request-status|active')}`)).toEqual(sorted(f.a, f.b, f.c));
    expect(await ids(ctx, `priority=${q('http://wrong.example|routine')}`)).toEqual([]);
    expect(await ids(ctx, `intent=${q('http://wrong.example|order')}`)).toEqual([]);
    expect(sortedIds(await search(ctx, ctx.clinic.ehr, `/Task?status=${q('http://wrong.example|requested')}`))).toEqual([]);
    expect(sortedIds(await search(ctx, ctx.clinic.ehr, `/Task?status=${q('http://hl7.org/fhir/task-status|requested')}`))).toEqual(sorted(f.a, f.b, f.c));
  });

  it('Task?focus= with a foreign absolute URL matches nothing', async () => {
    const ctx = await newCtx();
    const f = await three(ctx);
    expect(sortedIds(await search(ctx, ctx.clinic.ehr, `/Task?focus=${q(`http://elsewhere.example/fhir/ServiceRequest/${f.a}`)}`))).toEqual([]);
    expect(sortedIds(await search(ctx, ctx.clinic.ehr, `/Task?focus=${q(`${BASE}/ServiceRequest/${f.a}`)}`))).toEqual([f.a]);
  });

  it('ids in search values are case-sensitive: an upper-case id matches nothing, never lower-cased', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const f = await three(ctx);
    const up = (id: string) => id.toUpperCase();
    const found = async (who: typeof clinic.ehr, path: string) => sortedIds(await search(ctx, who, path));
    // As sent they match; upper-cased, nothing (alone, or OR-ed with the right one).
    expect(await ids(ctx, `_id=${f.a}`)).toEqual([f.a]);
    expect(await ids(ctx, `_id=${up(f.a)}`)).toEqual([]);
    expect(await ids(ctx, `_id=${up(f.a)},${f.b}`)).toEqual([f.b]);
    expect(await ids(ctx, `requester=Practitioner/${up(clinic.gp2.id)}`)).toEqual([]);
    expect(await ids(ctx, `performer=HealthcareService/${up(clinic.otherServiceId)}`)).toEqual([]);
    expect(await ids(ctx, `performer=${up(clinic.otherServiceId)}`)).toEqual([]);
    for (const type of ['Task', 'Communication']) {
      expect(await found(clinic.ehr, `/${type}?based-on=ServiceRequest/${up(f.a)}`), type).toEqual([]);
    }
    expect(await found(clinic.ehr, `/Task?based-on=ServiceRequest/${f.a}`)).toEqual([f.a]);
    expect(await found(clinic.ehr, `/Task?focus=${q(`${BASE}/ServiceRequest/${up(f.a)}`)}`)).toEqual([]);
    expect(await found(clinic.ehr, `/Task?_id=${up(f.a)}`)).toEqual([]);
    expect(await found(clinic.ehr, `/Task?owner=HealthcareService/${up(clinic.serviceId)}`)).toEqual([]);
    expect(await found(clinic.ehr, `/Appointment?based-on=ServiceRequest/${up(f.a)}`)).toEqual([]);
    expect(await found(clinic.ehr, `/HealthcareService?_id=${up(clinic.serviceId)}`)).toEqual([]);
    expect(await found(clinic.ehr, `/HealthcareService?_id=${clinic.serviceId}`)).toEqual([clinic.serviceId]);
  });
});

describe('result parameters', () => {
  it('_total=accurate gives Bundle.total, _total=none leaves it out, _summary=count gives only the total', async () => {
    const ctx = await newCtx();
    await three(ctx);
    expect((await search(ctx, ctx.clinic.ehr, '/ServiceRequest?_total=accurate&_count=1')).total).toBe(3);
    expect((await search(ctx, ctx.clinic.ehr, '/ServiceRequest?_total=none')).total).toBeUndefined();
    const counted = await search(ctx, ctx.clinic.ehr, '/ServiceRequest?_summary=count', { Prefer: 'handling=strict' });
    expect(counted.total).toBe(3);
    expect(counted.entry).toBeUndefined();
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', '/ServiceRequest?_total=maybe'), 400);
  });

  it('_elements returns only the elements asked for (and the mandatory ones), marked SUBSETTED', async () => {
    const ctx = await newCtx();
    const f = await three(ctx);
    const bundle = await search(ctx, ctx.clinic.ehr, `/ServiceRequest?_id=${f.a}&_elements=priority,identifier`, { Prefer: 'handling=strict' });
    const resource = bundle.entry[0].resource as Json;
    expect(Object.keys(resource).sort()).toEqual(['id', 'identifier', 'intent', 'meta', 'priority', 'resourceType', 'status', 'subject']);
    expect(resource.meta.tag).toContainEqual(expect.objectContaining({ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' }));
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', '/ServiceRequest?_elements=nonsense', { headers: { Prefer: 'handling=strict' } }), 400);
  });

  it('other _summary values: 400 naming it when strict, a warning when lenient', async () => {
    const ctx = await newCtx();
    await three(ctx);
    const strict = expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', '/ServiceRequest?_summary=text', { headers: { Prefer: 'handling=strict' } }), 400);
    expect(JSON.stringify(strict)).toContain('_summary');
    const lenient = await search(ctx, ctx.clinic.ehr, '/ServiceRequest?_summary=text');
    const warning = (lenient.entry as Json[]).find((e) => e.search.mode === 'outcome');
    expect(warning?.resource.issue[0].diagnostics).toContain('_summary');
  });

  it('_include=ServiceRequest:requester and :performer, _revinclude=Communication:based-on', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const f = await three(ctx);
    const sent = await fhir(ctx, clinic.ehr, 'POST', '/Communication', { body: { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${f.b}` }], payload: [{ contentString: 'More history attached.' }] } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const bundle = await search(ctx, clinic.ehr, `/ServiceRequest?_id=${f.a},${f.b}&_include=ServiceRequest:requester&_include=ServiceRequest:performer&_revinclude=Communication:based-on`, { Prefer: 'handling=strict' });
    const included = (bundle.entry as Json[]).filter((e) => e.search.mode === 'include').map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    expect(included.sort()).toEqual(sorted(`Practitioner/${clinic.gp.id}`, `Practitioner/${clinic.gp2.id}`, `HealthcareService/${clinic.serviceId}`, `Communication/${sent.body.id}`));
    expect(matchIds(bundle).sort()).toEqual(sorted(f.a, f.b));
  });
});

describe('included resources need their read scope', () => {
  it('_include and _revinclude without the included type\'s read scope: 403 naming it, nothing returned', async () => {
    const ctx = await newCtx({ ehrScopes: 'system/ServiceRequest.cruds system/Task.rs' });
    const sr = await createRequest(ctx);
    for (const [query, scope] of [
      ['_include=ServiceRequest:requester', 'system/Practitioner.r'],
      ['_include=ServiceRequest:performer', 'system/HealthcareService.r'],
      ['_revinclude=Communication:based-on', 'system/Communication.r'],
    ]) {
      const refused = await fhir(ctx, ctx.clinic.ehr, 'GET', `/ServiceRequest?${query}`);
      expect(expectOutcome(refused, 403).issue[0].diagnostics).toContain(scope);
      expect(JSON.stringify(refused.body)).not.toContain(sr.id);
    }
  });
});

describe('patient filters are never dropped', () => {
  it('a chain or an unsupported modifier on a known parameter is a 400 even when lenient', async () => {
    const ctx = await newCtx();
    await three(ctx);
    const { ehr } = ctx.clinic;
    expectOutcome(await fhir(ctx, ehr, 'GET', `/ServiceRequest?subject.identifier=${q(`${PATIENT_SYSTEM}|X`)}`), 400);
    expectOutcome(await fhir(ctx, ehr, 'GET', `/ServiceRequest?patient.name=Lindholm`), 400);
    expectOutcome(await fhir(ctx, ehr, 'GET', `/Appointment?patient:identifier=${q(`${PATIENT_SYSTEM}|X`)}`), 400);
    expectOutcome(await fhir(ctx, ehr, 'GET', `/Appointment?patient=Patient/1`), 400);
    expectOutcome(await fhir(ctx, ehr, 'GET', '/HealthcareService?name:exact=Test'), 400);
    expectOutcome(await fhir(ctx, ehr, 'GET', `/Task?subject:identifier=${q(`${PATIENT_SYSTEM}|X`)}`), 400);
  });
});

describe('paging and general parameters on every type', () => {
  async function scheduled(ctx: Ctx, day: string): Promise<string> {
    const { psychiatrist } = ctx.clinic;
    const id = (await createRequest(ctx)).id as string;
    for (const [action, body] of [
      ['accept', { agreedForm: 'joint-video' }],
      ['schedule', { start: `2026-12-${day}T13:00:00.000Z`, durationMinutes: 45, videoLink: 'https://video.example.org/room/1' }],
    ] as const) {
      const res = await ctx.api.call('POST', `/api/requests/${id}/${action}`, { token: psychiatrist.token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    return id;
  }

  it('Appointment search is paged with sealed links bound to the type and the caller', async () => {
    const ctx = await newCtx();
    const ids = [await scheduled(ctx, '02'), await scheduled(ctx, '03'), await scheduled(ctx, '04')];
    const first = await search(ctx, ctx.clinic.ehr, '/Appointment?_count=2&_total=accurate');
    expect(first.entry).toHaveLength(2);
    expect(first.total).toBe(3);
    expect(linkOf(first, 'self')).toBe(`${BASE}/Appointment?_count=2&_total=accurate`);
    const next = linkOf(first, 'next')!;
    expect(next).toMatch(new RegExp(`^${BASE}/Appointment\\?_page=`));
    const second = await search(ctx, ctx.clinic.ehr, next.slice(BASE.length));
    expect([...matchIds(first), ...matchIds(second)].sort()).toEqual(sorted(...ids));
    const token = new URL(next).searchParams.get('_page')!;
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/ServiceRequest?_page=${token}`), 400);
    expectOutcome(await fhir(ctx, ctx.clinic.gp, 'GET', next.slice(BASE.length)), 400);
  });

  it('_count and _pretty are accepted on every type, even strictly; self links show what was applied', async () => {
    const ctx = await newCtx();
    const f = await three(ctx);
    const strict = { Prefer: 'handling=strict' };
    for (const path of ['/HealthcareService?_count=1&_pretty=true', `/Communication?based-on=ServiceRequest/${f.a}&_pretty=true`, '/Appointment?_pretty=false', '/Task?_pretty=true']) {
      const bundle = await search(ctx, ctx.clinic.ehr, path, strict);
      expect(linkOf(bundle, 'self'), path).not.toContain('_search');
    }
    expect((await search(ctx, ctx.clinic.ehr, '/HealthcareService?_count=1')).entry).toHaveLength(1);
    const capped = await search(ctx, ctx.clinic.ehr, '/ServiceRequest?_count=1000&_revinclude=Foo:bar');
    expect(linkOf(capped, 'self')).toBe(`${BASE}/ServiceRequest?_count=100`);
    const history = await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${f.a}/_history?_pretty=true`, strict);
    expect(history.type).toBe('history');
  });
});

describe('the CapabilityStatement says so', () => {
  it('lists the includes and revincludes served, and the general result parameters', async () => {
    const ctx = await newCtx();
    const statement = (await ctx.api.call('GET', '/fhir/metadata')).body as Json;
    const sr = (statement.rest[0].resource as Json[]).find((r) => r.type === 'ServiceRequest')!;
    expect(sr.searchInclude).toEqual(['ServiceRequest:requester', 'ServiceRequest:performer']);
    expect(sr.searchRevInclude).toEqual(['Task:focus', 'Communication:based-on', 'CarePlan:based-on', 'DocumentReference:related']);
    for (const p of ['_total', '_summary=count', '_elements', '_since', '_at']) expect(statement.rest[0].documentation).toContain(p);
  });
});
