/**
 * A Communication comes back as it was sent (every payload, every category, the sender's own
 * `sent`), and a retried one is not posted twice: conditional create by identifier, and a
 * replayed transaction whose ServiceRequest matched does not re-post its Communication.
 */
import { describe, expect, it } from 'vitest';
import { CS, createRequest, expectOutcome, fhir, get, newCtx, ORDER_SYSTEM, serviceRequestBody, uniqueValue, type Ctx, type Json } from './helpers.js';

const MSG_SYSTEM = 'urn:oid:1.2.3.4.5.6.8';

function message(requestId: string, text: string, extra: Json = {}): Json {
  return { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${requestId}` }], payload: [{ contentString: text }], ...extra };
}

const thread = async (ctx: Ctx, id: string) => ((await get(ctx, ctx.clinic.gp, `/Communication?based-on=ServiceRequest/${id}`)).entry ?? []) as Json[];

describe('Communication content', () => {
  it('keeps every payload, every category and the sender’s sent time, and shows all the text in the JSON API', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const category = [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'notification' }] },
      { coding: [{ system: CS.messageKind, code: 'information' }] },
    ];
    const payload = [
      { contentString: 'Lithium level came back.' },
      { contentString: 'She also started sleeping better.' },
      { contentReference: { reference: 'https://ehr.example.org/fhir/Observation/li-1', display: 'Lithium level' } },
    ];
    const body = message(sr.id, '', { category, payload, sent: '2026-11-15T09:30:00+10:00' });
    const res = await fhir(ctx, ctx.clinic.gp, 'POST', '/Communication', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const read = await get(ctx, ctx.clinic.gp, `/Communication/${res.body.id}`);
    expect(read.payload).toEqual(payload);
    expect(read.category).toEqual(category);
    expect(read.sent).toBe('2026-11-15T09:30:00+10:00');
    const messages = await ctx.api.call('GET', `/api/requests/${sr.id}/messages`, { token: ctx.clinic.psychiatrist.token });
    const text = JSON.stringify(messages.body);
    expect(text).toContain('Lithium level came back.');
    expect(text).toContain('She also started sleeping better.');
  });
});

describe('Conditional create of a Communication', () => {
  it('If-None-Exist by identifier: 0 matches creates, 1 returns it (200), several is 412', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const value = uniqueValue('MSG');
    const body = message(sr.id, 'Results attached in the EHR.', { identifier: [{ system: MSG_SYSTEM, value }] });
    const headers = { 'If-None-Exist': `identifier=${MSG_SYSTEM}|${value}` };
    const first = await fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', { body, headers });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', { body, headers });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await thread(ctx, sr.id)).toHaveLength(1);

    // Two messages share a value under different systems: a condition without a system matches both.
    const other = await fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', { body: message(sr.id, 'Second.', { identifier: [{ system: 'urn:other', value }] }) });
    expect(other.status).toBe(201);
    const ambiguous = await fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', { body, headers: { 'If-None-Exist': `identifier=${value}` } });
    expectOutcome(ambiguous, 412);
    expect(await thread(ctx, sr.id)).toHaveLength(2);
  });

  it('a replayed transaction whose ServiceRequest matched does not re-post its Communication; ifNoneExist works in an entry', async () => {
    const ctx = await newCtx();
    const order = uniqueValue('ORD');
    const value = uniqueValue('MSG');
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:6f1c2b7e-0d7e-4c55-9a51-4a0b9a1d1c01',
          resource: serviceRequestBody(ctx.clinic, { order }),
          request: { method: 'POST', url: 'ServiceRequest', ifNoneExist: `identifier=${ORDER_SYSTEM}|${order}` },
        },
        {
          resource: { ...message('x', 'Letter from the crisis team attached in the EHR.'), basedOn: [{ reference: 'urn:uuid:6f1c2b7e-0d7e-4c55-9a51-4a0b9a1d1c01' }] },
          request: { method: 'POST', url: 'Communication' },
        },
        {
          resource: { ...message('x', 'Medication list.', { identifier: [{ system: MSG_SYSTEM, value }] }), basedOn: [{ reference: 'urn:uuid:6f1c2b7e-0d7e-4c55-9a51-4a0b9a1d1c01' }] },
          request: { method: 'POST', url: 'Communication', ifNoneExist: `identifier=${MSG_SYSTEM}|${value}` },
        },
      ],
    };
    const first = await fhir(ctx, ctx.clinic.ehr, 'POST', '', { body: bundle });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.entry.map((e: Json) => e.response.status)).toEqual(['201 Created', '201 Created', '201 Created']);
    const replay = await fhir(ctx, ctx.clinic.ehr, 'POST', '', { body: bundle });
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body.entry.map((e: Json) => e.response.status)).toEqual(['200 OK', '200 OK', '200 OK']);
    expect(replay.body.entry[1].response.location).toBe(first.body.entry[1].response.location);
    const id = /ServiceRequest\/([^/]+)/.exec(String(first.body.entry[0].response.location))![1]!;
    expect(await thread(ctx, id)).toHaveLength(2);
  });
});
