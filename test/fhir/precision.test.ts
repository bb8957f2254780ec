/**
 * Precision is significant in FHIR (https://hl7.org/fhir/R4/datatypes.html#dateTime,
 * #decimal): what an EHR wrote comes back as it wrote it — a date as a date, an offset as that
 * offset, `2.50` as `2.50` — not reformatted from what Liaison stores or JSON.parse makes of it.
 */
import { describe, expect, it } from 'vitest';
import { LOINC, PATIENT_SYSTEM, createRequest, expectOutcome, fhir, get, newCtx, search, serviceRequestBody, uniqueValue, type Ctx, type Json } from './helpers.js';

describe('values come back as sent', () => {
  it.each(['2026-11-15', '2026-11-15T09:30:00+10:00', '2026-11'])('authoredOn %s', async (authoredOn) => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx, {}, { authoredOn });
    expect(sr.authoredOn).toBe(authoredOn);
    expect((await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${sr.id}`)).authoredOn).toBe(authoredOn);
    // Still searched by the instant it names.
    const found = await search(ctx, ctx.clinic.ehr, `/ServiceRequest?authored=ge2026-11-01&_id=${sr.id}`);
    expect(found.total ?? found.entry?.length).toBe(1);
  });
});

/** `"#2.50"` in a body stands for the JSON number 2.50 written exactly so (JSON.stringify would write 2.5). */
const DECIMAL = /"#(-?\d[\d.eE+-]*)"/g;
const asWritten = (body: Json): string => JSON.stringify(body).replace(DECIMAL, '$1');

/** What the server wrote, on the wire. */
async function readText(ctx: Ctx, path: string, who = ctx.clinic.ehr): Promise<string> {
  const res = await fhir(ctx, who, 'GET', path);
  expect(res.status, res.text).toBe(200);
  return res.text;
}

const lithium = (value: string): Json => ({
  resourceType: 'Observation',
  id: 'lithium',
  status: 'final',
  code: { coding: [{ system: LOINC, code: '14334-7', display: 'Lithium [Moles/volume] in Serum or Plasma' }] },
  subject: { reference: '#pat' },
  valueQuantity: { value: `#${value}`, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
});

const phq9 = (value: string): Json => ({
  resourceType: 'Observation',
  id: 'phq',
  status: 'final',
  code: { coding: [{ system: LOINC, code: '44261-6' }] },
  subject: { reference: '#pat' },
  valueQuantity: { value: `#${value}`, system: 'http://unitsofmeasure.org', code: '{score}' },
});

function requestWith(ctx: Ctx, contained: Json[], extra: Json = {}): Json {
  const body = serviceRequestBody(ctx.clinic, {}, extra);
  return { ...body, contained: [...(body.contained as Json[]), ...contained], supportingInfo: contained.map((c) => ({ reference: `#${c.id}` })) };
}

describe('decimals come back as sent', () => {
  it('a contained Observation 0.80 and an extension 2.50: on create, read, search and history', async () => {
    const ctx = await newCtx();
    const body = requestWith(ctx, [lithium('0.80')], {});
    body.extension = [...(body.extension as Json[]), { url: 'https://ehr.example.org/fhir/StructureDefinition/dose-mg', valueDecimal: '#2.50' }];
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { rawBody: asWritten(body) });
    expect(res.status, res.text).toBe(201);
    expect(res.text).toContain('"value":0.80');
    expect(res.text).toContain('"valueDecimal":2.50');
    const id = String(res.body.id);
    for (const path of [`/ServiceRequest/${id}`, `/ServiceRequest?_id=${id}`, `/ServiceRequest/${id}/_history`, `/ServiceRequest/${id}/_history/1`]) {
      const text = await readText(ctx, path);
      expect(text, path).toContain('"value":0.80');
      expect(text, path).toContain('"valueDecimal":2.50');
    }
    // Pretty-printed too.
    expect(await readText(ctx, `/ServiceRequest/${id}?_pretty=true`)).toMatch(/"value": 0\.80\b/);
  });

  it('a PHQ-9 sent as a Quantity of 14.0 is read as 14 and comes back as sent', async () => {
    const ctx = await newCtx();
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { rawBody: asWritten(requestWith(ctx, [phq9('14.0')])) });
    expect(res.status, res.text).toBe(201);
    const json = await ctx.api.call('GET', `/api/requests/${res.body.id}`, { token: ctx.clinic.gp.token });
    expect(json.body.scores).toEqual({ phq9Total: 14 });
    const text = await readText(ctx, `/ServiceRequest/${res.body.id}`);
    expect(text).toContain('"value":14.0');
    expect(text).not.toContain('"valueInteger"');
  });

  it('an Observation entry of a transaction, 2.50, comes back as 2.50 inside the request', async () => {
    const ctx = await newCtx();
    const [p, o] = [`urn:uuid:${crypto.randomUUID()}`, `urn:uuid:${crypto.randomUUID()}`];
    const { contained: _contained, ...request } = serviceRequestBody(ctx.clinic);
    const { id: _id, ...observation } = lithium('2.50');
    const patient = { resourceType: 'Patient', identifier: [{ system: PATIENT_SYSTEM, value: uniqueValue('PAT') }], name: [{ family: 'Carvalho' }] };
    const entry = (fullUrl: string, resource: Json) => ({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [entry(p, patient), entry(o, { ...observation, subject: { reference: p } }), entry(`urn:uuid:${crypto.randomUUID()}`, { ...request, subject: { reference: p }, supportingInfo: [{ reference: o }] })],
    };
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '', { rawBody: asWritten(bundle) });
    expect(res.status, res.text).toBe(200);
    const id = /ServiceRequest\/([0-9a-f-]{36})/.exec(String(res.body.entry[2].response.location))![1];
    expect(await readText(ctx, `/ServiceRequest/${id}`)).toContain('"value":2.50');
  });

  it('a Communication and a Task keep their decimals as sent', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const message = {
      resourceType: 'Communication',
      status: 'completed',
      basedOn: [{ reference: `ServiceRequest/${sr.id}` }],
      extension: [{ url: 'https://ehr.example.org/fhir/StructureDefinition/weight-kg', valueDecimal: '#72.50' }],
      payload: [{ contentString: 'Weight today, for the lithium dose.' }],
    };
    const sent = await fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', { rawBody: asWritten(message) });
    expect(sent.status, sent.text).toBe(201);
    expect(sent.text).toContain('"valueDecimal":72.50');
    expect(await readText(ctx, `/Communication/${sent.body.id}`)).toContain('"valueDecimal":72.50');

    const task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    const changed = { ...task, input: [{ type: { text: 'Lithium level (mmol/L)' }, valueDecimal: '#0.60' }] };
    const res = await fhir(ctx, ctx.clinic.psychiatrist, 'PUT', `/Task/${sr.id}`, { rawBody: asWritten(changed), headers: { 'If-Match': `W/"${task.meta.versionId}"` } });
    expect(res.status, res.text).toBe(200);
    expect(await readText(ctx, `/Task/${sr.id}`, ctx.clinic.psychiatrist)).toContain('"valueDecimal":0.60');
  });

  it('odd numbers are kept or refused, never a 500', async () => {
    const ctx = await newCtx();
    const kept: string[] = [];
    for (const odd of ['-0', '1E+2', '1.0e2', '0.000000000000000000001', '123456789012345678901234567890.10', '1e400', '-1e-400']) {
      const body = serviceRequestBody(ctx.clinic);
      body.extension = [...(body.extension as Json[]), { url: 'https://ehr.example.org/fhir/StructureDefinition/measure', valueDecimal: `#${odd}` }];
      const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { rawBody: asWritten(body) });
      if (res.status === 201) {
        expect(await readText(ctx, `/ServiceRequest/${res.body.id}`), odd).toContain(`"valueDecimal":${odd}`);
        kept.push(odd);
      } else expectOutcome(res, 400);
    }
    // Beyond what a double holds (1e400 is no finite number) may be refused; the rest is kept.
    expect(kept.slice(0, 5)).toEqual(['-0', '1E+2', '1.0e2', '0.000000000000000000001', '123456789012345678901234567890.10']);
    // A body that is not JSON is still a 400.
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { rawBody: '{"resourceType": "ServiceRequest", "x": 01}' }), 400);
  });
});
