/** Search as an integrator uses it: each parameter, prefixes, sorting, paging, _revinclude, POST _search, strictness, and who sees what. */
import { describe, expect, it } from 'vitest';
import { BASE, ORDER_SYSTEM, PATIENT_SYSTEM, REFERENCE_SYSTEM, createRequest, expectOutcome, fhir, get, linkOf, matchIds, newCtx, put, search, serviceRequestBody, sorted, sortedIds, uniqueValue, type Ctx, type Json } from './helpers.js';

/**
 * Four requests of one practice, written by its EHR at known times:
 * a routine (gp, patient P1, order O1), b urgent (gp2, P2), c draft (gp, P1), d asap for the other service (gp, P3).
 */
async function fixture(ctx: Ctx) {
  const { clinic, api } = ctx;
  const p1 = uniqueValue('PAT');
  const o1 = uniqueValue('ORD');
  const at = (day: string) => api.clock.set(`2026-03-${day}T10:00:00.000Z`);
  try {
    at('01');
    const a = await createRequest(ctx, { patient: p1, order: o1 });
    at('05');
    const b = await createRequest(ctx, { priority: 'urgent', requester: clinic.gp2 });
    at('10');
    const c = await createRequest(ctx, { status: 'draft', patient: p1 });
    at('12');
    const d = await createRequest(ctx, { priority: 'asap', serviceId: clinic.otherServiceId });
    return { a: a.id as string, b: b.id as string, c: c.id as string, d: d.id as string, p1, o1, reference: a.identifier.find((i: Json) => i.system === REFERENCE_SYSTEM).value as string };
  } finally {
    api.clock.reset();
  }
}

const ids = async (ctx: Ctx, query: string) => sortedIds(await search(ctx, ctx.clinic.ehr, `/ServiceRequest?${query}`));

describe('ServiceRequest search parameters', () => {
  it('status, intent and priority (commas are OR)', async () => {
    const ctx = await newCtx();
    const f = await fixture(ctx);
    expect(await ids(ctx, 'status=active')).toEqual(sorted(f.a, f.b, f.d));
    expect(await ids(ctx, 'status=draft')).toEqual([f.c]);
    expect(await ids(ctx, 'status=draft,active')).toEqual(sorted(f.a, f.b, f.c, f.d));
    expect(await ids(ctx, 'status=completed')).toEqual([]);
    expect(await ids(ctx, 'intent=order')).toEqual(sorted(f.a, f.b, f.c, f.d));
    expect(await ids(ctx, 'intent=proposal')).toEqual([]);
    expect(await ids(ctx, 'priority=urgent')).toEqual([f.b]);
    expect(await ids(ctx, 'priority=routine,asap')).toEqual(sorted(f.a, f.c, f.d));
    expect(await ids(ctx, 'priority=urgent&status=draft')).toEqual([]);
  });

  it('the patient by identifier (subject and patient), requester, performer, identifier, _id', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const f = await fixture(ctx);
    const patient = encodeURIComponent(`${PATIENT_SYSTEM}|${f.p1}`);
    expect(await ids(ctx, `subject:identifier=${patient}`)).toEqual(sorted(f.a, f.c));
    expect(await ids(ctx, `patient:identifier=${patient}`)).toEqual(sorted(f.a, f.c));
    expect(await ids(ctx, `requester=Practitioner/${clinic.gp2.id}`)).toEqual([f.b]);
    expect(await ids(ctx, `performer=HealthcareService/${clinic.otherServiceId}`)).toEqual([f.d]);
    expect(await ids(ctx, `identifier=${encodeURIComponent(`${ORDER_SYSTEM}|${f.o1}`)}`)).toEqual([f.a]);
    expect(await ids(ctx, `identifier=${f.o1}`)).toEqual([f.a]);
    expect(await ids(ctx, `identifier=${encodeURIComponent(`urn:oid:9.9|${f.o1}`)}`)).toEqual([]);
    expect(await ids(ctx, `_id=${f.a},${f.d}`)).toEqual(sorted(f.a, f.d));
  });

  // BUG (src/fhir/search/params.ts `identifier`, src/store/requests.ts filterConditions): the CapabilityStatement
  // documents identifier search by "Liaison's reference number", which every ServiceRequest carries
  // (identifier system …/sid/request-reference), but only the EHR's identifiers are searched: no match.
  it("finds a request by Liaison's reference number, as documented", async () => {
    const ctx = await newCtx();
    const f = await fixture(ctx);
    expect(await ids(ctx, `identifier=${encodeURIComponent(`${REFERENCE_SYSTEM}|${f.reference}`)}`)).toEqual([f.a]);
  });

  it('authored and _lastUpdated with prefixes', async () => {
    const ctx = await newCtx();
    const f = await fixture(ctx);
    expect(await ids(ctx, 'authored=2026-03-05')).toEqual([f.b]);
    expect(await ids(ctx, 'authored=ge2026-03-05')).toEqual(sorted(f.b, f.c, f.d));
    expect(await ids(ctx, 'authored=gt2026-03-05')).toEqual(sorted(f.c, f.d));
    expect(await ids(ctx, 'authored=lt2026-03-05')).toEqual([f.a]);
    expect(await ids(ctx, 'authored=le2026-03-05')).toEqual(sorted(f.a, f.b));
    expect(await ids(ctx, 'authored=ge2026-03-02&authored=lt2026-03-11')).toEqual(sorted(f.b, f.c));
    expect(await ids(ctx, 'authored=2026-03')).toEqual(sorted(f.a, f.b, f.c, f.d));
    expect(await ids(ctx, `_lastUpdated=gt${encodeURIComponent('2026-03-10T10:00:00.000Z')}`)).toEqual([f.d]);
    expect(await ids(ctx, `_lastUpdated=ge${encodeURIComponent('2026-03-10T10:00:00Z')}`)).toEqual(sorted(f.c, f.d));
    expect(await ids(ctx, '_lastUpdated=lt2026-03-02')).toEqual([f.a]);
  });

  // authoredOn is when the request was written: the EHR's own authoredOn, or when Liaison received it;
  // `authored` searches exactly what the resource shows, and submitting later does not change it.
  it('authored searches the authoredOn the resource shows', async () => {
    const ctx = await newCtx();
    try {
      ctx.api.clock.set('2026-03-01T10:00:00.000Z');
      const draft = await createRequest(ctx, { status: 'draft' });
      ctx.api.clock.set('2026-03-10T10:00:00.000Z');
      const res = await put(ctx, ctx.clinic.ehr, draft, { status: 'active' });
      expect(res.status).toBe(200);
      expect(res.body.authoredOn).toMatch(/^2026-03-01/);
    } finally {
      ctx.api.clock.reset();
    }
    expect(await ids(ctx, 'authored=2026-03-01')).toHaveLength(1);
    expect(await ids(ctx, 'authored=2026-03-10')).toHaveLength(0);

    const sent = await createRequest(ctx, {}, { authoredOn: '2026-02-14T09:30:00+01:00' });
    // Shown as written (precision and offset are the EHR's), searched by the instant it names.
    expect(sent.authoredOn).toBe('2026-02-14T09:30:00+01:00');
    expect(await ids(ctx, 'authored=2026-02-14')).toEqual([sent.id]);
  });

  it('sorts by ±_lastUpdated and ±authored', async () => {
    const ctx = await newCtx();
    const f = await fixture(ctx);
    const order = async (sort: string) => matchIds(await search(ctx, ctx.clinic.ehr, `/ServiceRequest?_sort=${sort}`));
    expect(await order('_lastUpdated')).toEqual([f.a, f.b, f.c, f.d]);
    expect(await order('-_lastUpdated')).toEqual([f.d, f.c, f.b, f.a]);
    expect(await order('authored')).toEqual([f.a, f.b, f.c, f.d]);
    expect(await order('-authored')).toEqual([f.d, f.c, f.b, f.a]);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', '/ServiceRequest?_sort=priority'), 400);
  });

  it('caps _count at 100 and links onward', async () => {
    const ctx = await newCtx();
    // 102 requests in three transactions (one request each would take long; the body limit is 64 KiB).
    for (const start of [0, 34, 68]) {
      const entry = Array.from({ length: 34 }, (_, i) => ({ request: { method: 'POST', url: 'ServiceRequest' }, resource: serviceRequestBody(ctx.clinic, { order: `O${start + i}` }) }));
      const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '', { body: { resourceType: 'Bundle', type: 'transaction', entry } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const page = await search(ctx, ctx.clinic.ehr, '/ServiceRequest?_count=1000');
    expect(page.entry).toHaveLength(100);
    const next = linkOf(page, 'next')!;
    expect(next).toMatch(new RegExp(`^${BASE}/ServiceRequest\\?_page=`));
    const rest = await search(ctx, ctx.clinic.ehr, next.slice(BASE.length));
    expect(rest.entry).toHaveLength(2);
    expect(linkOf(rest, 'next')).toBeUndefined();
    expect(new Set([...matchIds(page), ...matchIds(rest)]).size).toBe(102);
  });

  it('_revinclude=Task:focus adds each Task as an include', async () => {
    const ctx = await newCtx();
    const f = await fixture(ctx);
    const bundle = await search(ctx, ctx.clinic.ehr, '/ServiceRequest?status=active&_revinclude=Task:focus');
    expect(sortedIds(bundle)).toEqual(sorted(f.a, f.b, f.d));
    const included = (bundle.entry as Json[]).filter((e) => e.search.mode === 'include');
    expect(included.map((e) => e.resource.resourceType)).toEqual(['Task', 'Task', 'Task']);
    expect(included.map((e) => e.resource.focus.reference).sort()).toEqual(sorted(f.a, f.b, f.d).map((id) => `ServiceRequest/${id}`));
    for (const e of included) expect(e.fullUrl).toBe(`${BASE}/Task/${e.resource.id}`);
  });

  it('POST _search with a form body finds the same, and keeps patient identifiers out of every link', async () => {
    const ctx = await newCtx();
    const f = await fixture(ctx);
    const form = new URLSearchParams({ 'subject:identifier': `${PATIENT_SYSTEM}|${f.p1}`, _count: '1' }).toString();
    const viaGet = await search(ctx, ctx.clinic.ehr, `/ServiceRequest?${form}`);
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest/_search', { rawBody: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    expect(matchIds(res.body)).toEqual(matchIds(viaGet));
    const links = (res.body.link as Json[]).map((l) => String(l.url));
    expect(links.map((l) => l.includes(f.p1) || l.includes(encodeURIComponent(f.p1)))).toEqual(links.map(() => false));
    expect(linkOf(res.body, 'self')).toMatch(new RegExp(`^${BASE}/ServiceRequest`));
    const second = await search(ctx, ctx.clinic.ehr, linkOf(res.body, 'next')!.slice(BASE.length));
    expect([...matchIds(res.body), ...matchIds(second)].sort()).toEqual(sorted(f.a, f.c));
  });

  it('ignores and reports unknown parameters, unless Prefer: handling=strict (400)', async () => {
    const ctx = await newCtx();
    const f = await fixture(ctx);
    const lenient = await search(ctx, ctx.clinic.ehr, '/ServiceRequest?status=draft&colour=blue');
    expect(sortedIds(lenient)).toEqual([f.c]);
    const outcome = (lenient.entry as Json[]).find((e) => e.search.mode === 'outcome');
    expect(outcome?.resource).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'warning' }] });
    expect(outcome?.resource.issue[0].diagnostics).toContain('colour');
    const strict = await fhir(ctx, ctx.clinic.ehr, 'GET', '/ServiceRequest?status=draft&colour=blue', { headers: { Prefer: 'handling=strict' } });
    expect(expectOutcome(strict, 400).issue.map((i: Json) => i.diagnostics).join(' ')).toContain('colour');
  });
});

describe('Task, Communication and HealthcareService search', () => {
  it('Task by focus, based-on, status, business-status, owner and _lastUpdated', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const f = await fixture(ctx);
    const task = await get(ctx, clinic.psychiatrist, `/Task/${f.a}`);
    const accepted = await put(ctx, clinic.psychiatrist, task, { status: 'accepted', owner: { reference: `Practitioner/${clinic.psychiatrist.id}` } });
    expect(accepted.status).toBe(200);
    const tasks = async (query: string) => sortedIds(await search(ctx, clinic.ehr, `/Task?${query}`));
    expect(await tasks(`focus=ServiceRequest/${f.a}`)).toEqual([f.a]);
    expect(await tasks(`based-on=ServiceRequest/${f.b},ServiceRequest/${f.d}`)).toEqual(sorted(f.b, f.d));
    expect(await tasks('status=accepted')).toEqual([f.a]);
    expect(await tasks('status=requested')).toEqual(sorted(f.b, f.d));
    expect(await tasks('status=draft')).toEqual([f.c]);
    expect(await tasks('business-status=submitted')).toEqual(sorted(f.b, f.d));
    expect(await tasks(`owner=Practitioner/${clinic.psychiatrist.id}`)).toEqual([f.a]);
    expect(await tasks(`owner=HealthcareService/${clinic.serviceId}&status=requested`)).toEqual([f.b]);
    expect(await tasks(`_lastUpdated=gt${encodeURIComponent(accepted.body.meta.lastUpdated)}`)).toEqual([]);
    expect(await tasks(`_lastUpdated=ge${encodeURIComponent(accepted.body.meta.lastUpdated)}`)).toEqual([f.a]);
  });

  it('Communication by based-on', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const f = await fixture(ctx);
    const ask = (id: string, text: string) =>
      fhir(ctx, clinic.psychiatrist, 'POST', '/Communication', { body: { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${id}` }], payload: [{ contentString: text }] } });
    expect((await ask(f.a, 'Question on a?')).status).toBe(201);
    expect((await ask(f.b, 'Question on b?')).status).toBe(201);
    const bundle = await search(ctx, clinic.ehr, `/Communication?based-on=ServiceRequest/${f.a}`);
    expect((bundle.entry as Json[]).map((e) => e.resource.payload[0].contentString)).toEqual(['Question on a?']);
    expect(expectOutcome(await fhir(ctx, clinic.ehr, 'GET', '/Communication'), 400)).toBeTruthy();
  });

  it('HealthcareService by organization, name and specialty', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const service = await get(ctx, clinic.ehr, `/HealthcareService/${clinic.serviceId}`);
    const org = String(service.providedBy.reference);
    const services = async (query: string) => sortedIds(await search(ctx, clinic.ehr, `/HealthcareService?${query}`));
    expect(await services(`organization=${org}`)).toEqual(sorted(clinic.serviceId, clinic.otherServiceId));
    expect(await services(`organization=${org}&name=test%20crisis`)).toEqual([clinic.otherServiceId]);
    expect(await services(`organization=${org}&specialty=${encodeURIComponent('http://snomed.info/sct|394587001')}`)).toEqual(sorted(clinic.serviceId, clinic.otherServiceId));
    expect(await services(`organization=${org}&specialty=${encodeURIComponent('http://snomed.info/sct|394537008')}`)).toEqual([]);
  });
});

describe('who sees what', () => {
  it("another practice's GP sees nothing; a psychiatrist sees their services' submitted requests, never drafts", async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const f = await fixture(ctx);
    const seenBy = async (who: keyof typeof clinic, type = 'ServiceRequest') => sortedIds(await search(ctx, clinic[who] as never, `/${type}?_count=100`));
    expect(await seenBy('otherGp')).toEqual([]);
    expect(await seenBy('otherGp', 'Task')).toEqual([]);
    expect(await seenBy('psychiatrist')).toEqual(sorted(f.a, f.b));
    expect(await seenBy('psychiatrist', 'Task')).toEqual(sorted(f.a, f.b));
    expect(await seenBy('psychiatrist2')).toEqual(sorted(f.a, f.b, f.d));
    expect(await seenBy('gp2')).toEqual(sorted(f.a, f.b, f.c, f.d));
    expect(await ids(ctx, `_id=${f.c}`)).toEqual([f.c]);
    expect(sortedIds(await search(ctx, clinic.psychiatrist, `/ServiceRequest?_id=${f.c},${f.d}`))).toEqual([]);
    expect(sortedIds(await search(ctx, clinic.otherGp, `/Communication?based-on=ServiceRequest/${f.a}`))).toEqual([]);
    expectOutcome(await fhir(ctx, clinic.psychiatrist, 'GET', `/ServiceRequest/${f.c}`), 404);
    expectOutcome(await fhir(ctx, clinic.psychiatrist, 'GET', `/Task/${f.d}`), 404);
  });

  it('a next link works only for the caller it was made for', async () => {
    const ctx = await newCtx();
    await fixture(ctx);
    const first = await search(ctx, ctx.clinic.ehr, '/ServiceRequest?_count=1');
    const next = linkOf(first, 'next')!.slice(BASE.length);
    expect(matchIds(await search(ctx, ctx.clinic.ehr, next))).toHaveLength(1);
    expectOutcome(await fhir(ctx, ctx.clinic.gp, 'GET', next), 400);
    expectOutcome(await fhir(ctx, ctx.clinic.otherGp, 'GET', next), 400);
  });
});
