/**
 * Consultation requests as practice systems send them (fixtures in as-sent/): posted with
 * fhir-kit-client, accepted, returned as sent on read, and shown correctly in the JSON API and the
 * triage queue. A GP is matched by any identifier registered for them, within the practice only;
 * a requester Liaison does not know — or none — leaves the request with the practice.
 */
import { Client } from 'fhir-kit-client';
import { describe, expect, it } from 'vitest';
import { userIdentifiers } from '../../src/store/schema.js';
import type { Person } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { CS, EXT, expectValidFhir, expressionsOf, fhir, newCtx, type Ctx, type Json } from './helpers.js';
import { NATIONAL_PROVIDER, consent, fresh, localCodes, snomedNoRequester, textOnly, transactionWithSupport } from './as-sent/fixtures.js';

async function register(person: Person, system: string, value: string): Promise<void> {
  const db = await testDatabase();
  await db.insert(userIdentifiers).values({ userId: person.id, system, value });
}

const providerNumber = () => String(Math.floor(Math.random() * 1e9)).padStart(9, '0');

function ehrClient(base: string, who: Person): Client {
  return new Client({ baseUrl: `${base}/fhir`, customHeaders: { Authorization: `Bearer ${who.token}` } });
}

/** Posts a ServiceRequest as the practice's EHR through fhir-kit-client; returns it as created and as read. */
async function post(ctx: Ctx, body: Json): Promise<{ created: Json; read: Json }> {
  const client = ehrClient(await ctx.api.serverUrl(), ctx.clinic.ehr);
  const created = (await client.create({ resourceType: 'ServiceRequest', body: body as never })) as Json;
  expectValidFhir(created);
  const read = (await client.read({ resourceType: 'ServiceRequest', id: created.id })) as Json;
  expectValidFhir(read);
  return { created, read };
}

const view = async (ctx: Ctx, who: Person, id: string) => {
  const res = await ctx.api.call('GET', `/api/requests/${id}`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

async function queued(ctx: Ctx, id: string): Promise<Json> {
  const res = await ctx.api.call('GET', `/api/services/${ctx.clinic.serviceId}/queue`, { token: ctx.clinic.psychiatrist.token });
  expect(res.status).toBe(200);
  const entry = (res.body.items as Json[]).find((i) => i.request.id === id);
  expect(entry, 'in the triage queue').toBeDefined();
  return entry!.request;
}

describe('as EHRs send it', () => {
  it('text-only code, question in a note, GP by national provider number, consent as a Consent resource', async () => {
    const ctx = await newCtx();
    const number = providerNumber();
    await register(ctx.clinic.gp, NATIONAL_PROVIDER, number);
    const sent = textOnly(fresh(), number);
    const { created, read } = await post(ctx, sent);

    expect(created.status).toBe('active');
    // Kept as sent: the code, the notes, the Consent and its reference, the requester's identifier.
    expect(read.code).toEqual(sent.code);
    expect(read.note).toEqual(sent.note);
    expect(read.contained).toContainEqual(sent.contained[1]);
    expect(read.supportingInfo).toContainEqual(sent.supportingInfo[0]);
    expect(read.requester).toMatchObject({ reference: `Practitioner/${ctx.clinic.gp.id}`, identifier: sent.requester.identifier });

    const json = await view(ctx, ctx.clinic.gp, created.id);
    expect(json).toMatchObject({ requestedForm: 'unspecified', clinicalQuestion: sent.note[0].text, consent: { given: true, recordedAt: '2026-11-18' }, requester: { id: ctx.clinic.gp.id, name: 'Test gp' } });
    expect(await queued(ctx, created.id)).toMatchObject({ requestedForm: 'unspecified', clinicalQuestion: sent.note[0].text });
  });

  it('local codes, question in reasonCode.text, a GP Liaison does not know: accepted for the practice, requester kept as sent', async () => {
    const ctx = await newCtx();
    const sent = localCodes(fresh(), providerNumber());
    const { created, read } = await post(ctx, sent);

    expect(read.code).toEqual(sent.code);
    expect(read.requester).toEqual(sent.requester);
    const task = await fhir(ctx, ctx.clinic.psychiatrist, 'GET', `/Task/${created.id}`);
    expect(task.body.requester).toEqual(sent.requester);

    const json = await view(ctx, ctx.clinic.gp2, created.id);
    expect(json).toMatchObject({ requestedForm: 'unspecified', clinicalQuestion: sent.reasonCode[0].text, requester: { id: null, name: 'Dr. Locum Unknown', identifier: sent.requester.identifier } });
    // Any GP of the practice acts for it.
    expect(json.allowedActions).toContain('cancel');
    expect((await queued(ctx, created.id)).requester).toEqual({ id: null, name: 'Dr. Locum Unknown', identifier: sent.requester.identifier });
  });

  it('a mapped SNOMED CT code and no requester', async () => {
    const ctx = await newCtx();
    const sent = snomedNoRequester(fresh());
    const { created, read } = await post(ctx, sent);

    expect(read.code.coding).toContainEqual(sent.code.coding[0]);
    expect(read.code.coding).toContainEqual({ system: CS.form, code: 'joint-video' });
    expect(read.requester).toBeUndefined();
    const json = await view(ctx, ctx.clinic.gp, created.id);
    expect(json).toMatchObject({ requestedForm: 'joint-video', requester: { id: null, name: null } });
    expect(await queued(ctx, created.id)).toMatchObject({ requestedForm: 'joint-video' });
  });

  it('a transaction with Patient, Consent and Observation entries', async () => {
    const ctx = await newCtx();
    const number = providerNumber();
    await register(ctx.clinic.gp2, NATIONAL_PROVIDER, number);
    const bundle = transactionWithSupport(fresh(), number);
    const client = ehrClient(await ctx.api.serverUrl(), ctx.clinic.ehr);
    const response = (await client.transaction({ body: bundle as never })) as Json;
    expectValidFhir(response);
    const location = String((response.entry as Json[])[3]?.response.location);
    const id = /ServiceRequest\/([^/]+)/.exec(location)![1]!;

    const read = (await client.read({ resourceType: 'ServiceRequest', id })) as Json;
    expect(read.contained.map((c: Json) => c.resourceType)).toEqual(expect.arrayContaining(['Patient', 'Consent', 'Observation']));
    const json = await view(ctx, ctx.clinic.gp2, id);
    expect(json).toMatchObject({ status: 'submitted', requestedForm: 'unspecified', consent: { given: true }, scores: { phq9Total: 14 }, requester: { id: ctx.clinic.gp2.id } });
    expect(await queued(ctx, id)).toMatchObject({ scores: { phq9Total: 14 } });
  });
});

describe('who the requester is', () => {
  it('a GP of another organisation is never matched, even by their own identifier', async () => {
    const ctx = await newCtx();
    const number = providerNumber();
    await register(ctx.clinic.otherGp, NATIONAL_PROVIDER, number);
    const { created, read } = await post(ctx, textOnly(fresh(), number));
    expect(read.requester.reference).toBeUndefined();
    expect((await view(ctx, ctx.clinic.gp, created.id)).requester.id).toBeNull();
  });

  it('Practitioner?identifier= finds a GP by a registered identifier, within who the caller may see', async () => {
    const ctx = await newCtx();
    const number = providerNumber();
    await register(ctx.clinic.gp, NATIONAL_PROVIDER, number);
    for (const who of [ctx.clinic.gp2, ctx.clinic.psychiatrist]) {
      const res = await fhir(ctx, who, 'GET', `/Practitioner?identifier=${encodeURIComponent(`${NATIONAL_PROVIDER}|${number}`)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.entry.map((e: Json) => e.resource.id)).toEqual([ctx.clinic.gp.id]);
      expect(res.body.entry[0].resource.identifier).toContainEqual({ system: NATIONAL_PROVIDER, value: number });
    }
    const elsewhere = await fhir(ctx, ctx.clinic.otherGp, 'GET', `/Practitioner?identifier=${number}`);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.entry ?? []).toEqual([]);
  });
});

describe('a request whose GP Liaison does not know, through the workflow', () => {
  it('is planned on the psychiatrist\'s calendar alone, and its Appointment names the referrer as sent', async () => {
    const ctx = await newCtx();
    const sent = localCodes(fresh(), providerNumber());
    const { created } = await post(ctx, sent);
    const act = (who: Person, action: string, body: Json) => ctx.api.call('POST', `/api/requests/${created.id}/${action}`, { token: who.token, body });
    expect((await act(ctx.clinic.psychiatrist, 'accept', { agreedForm: 'joint-video' })).status).toBe(200);
    const slots = await ctx.api.call('GET', `/api/requests/${created.id}/slots?from=2030-03-04T00:00:00Z&days=7&durationMinutes=30`, { token: ctx.clinic.psychiatrist.token });
    expect(slots.status, JSON.stringify(slots.body)).toBe(200);
    const booked = await act(ctx.clinic.psychiatrist, 'schedule', { start: '2030-03-05T09:00:00Z', durationMinutes: 30, videoLink: 'https://video.example.org/room/7' });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    const appointment = await fhir(ctx, ctx.clinic.gp2, 'GET', `/Appointment/${created.id}`);
    expect(appointment.status).toBe(200);
    expect(appointment.body.participant[0]).toMatchObject({ actor: { identifier: sent.requester.identifier, display: 'Dr. Locum Unknown' }, type: [{ coding: [{ code: 'REF' }] }] });
    // Any GP of the practice answers for it.
    const answer = await ctx.api.call('POST', `/api/requests/${created.id}/appointment/answers`, { token: ctx.clinic.gp2.token, body: { participant: 'gp', answer: 'accepted' } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  });
});

describe('the form of consultation', () => {
  it('an unspecified form is chosen by the psychiatrist when accepting', async () => {
    const ctx = await newCtx();
    const { created } = await post(ctx, localCodes(fresh(), providerNumber()));
    const accept = (body: Json) => ctx.api.call('POST', `/api/requests/${created.id}/accept`, { token: ctx.clinic.psychiatrist.token, body });
    expect((await accept({})).status).toBe(400);
    expect((await accept({ agreedForm: 'unspecified' })).status).toBe(400);
    const res = await accept({ agreedForm: 'case-discussion' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ requestedForm: 'unspecified', agreedForm: 'case-discussion' });
  });

  it('the JSON API takes unspecified too', async () => {
    const ctx = await newCtx();
    const res = await ctx.api.call('POST', '/api/requests', {
      token: ctx.clinic.gp.token,
      body: {
        patient: { identifier: { system: 'urn:oid:1.2.3', value: fresh().patient }, name: { family: 'Berg', given: ['Ida'] }, birthDate: '1990-01-01', sex: 'female' },
        clinicalQuestion: 'Which form would you suggest?',
        requestedForm: 'unspecified',
        consent: { given: true },
        submit: true,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.requestedForm).toBe('unspecified');
    const sr = await fhir(ctx, ctx.clinic.gp, 'GET', `/ServiceRequest/${res.body.id}`);
    expect(sr.body.code).toEqual({ coding: [{ system: CS.form, code: 'unspecified' }] });
  });
});

describe('what is still required, and where it goes', () => {
  it('no clinical question anywhere: 422 naming the note, the reason text and the extension', async () => {
    const ctx = await newCtx();
    const { note: _note, ...body } = textOnly(fresh(), providerNumber());
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body });
    expect(res.status).toBe(422);
    expect(expressionsOf(res.body)).toEqual(['ServiceRequest.note']);
    expect(res.body.issue[1].diagnostics).toMatch(/note.*reasonCode\.text.*clinical-question/);
  });

  it.each([
    ['no consent at all', (b: Json) => ({ ...b, contained: [b.contained[0]], supportingInfo: undefined })],
    ['a Consent that is not active', (b: Json) => ({ ...b, contained: [b.contained[0], consent('#pat1', 'proposed', 'consent1')] })],
    ['the extension with given false', (b: Json) => ({ ...b, contained: [b.contained[0]], supportingInfo: undefined, extension: [{ url: EXT.consent, extension: [{ url: 'given', valueBoolean: false }] }] })],
  ])('%s: 422 pointing at the consent extension and naming the Consent resource', async (_label, change) => {
    const ctx = await newCtx();
    const body = JSON.parse(JSON.stringify(change(snomedNoRequester(fresh())))) as Json;
    const before = await ctx.api.rowsOf(ctx.clinic.practiceId);
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(expressionsOf(res.body)).toEqual([`ServiceRequest.extension('${EXT.consent}')`]);
    expect(res.body.issue[1].diagnostics).toMatch(/extension.*Consent resource/);
    expect(await ctx.api.rowsOf(ctx.clinic.practiceId)).toEqual(before);
  });

  it('a draft without consent, submitted later by PUT without it: the 422 names the FHIR element, not the JSON field', async () => {
    const ctx = await newCtx();
    const body = { ...snomedNoRequester(fresh()), status: 'draft', contained: undefined, supportingInfo: undefined, subject: { identifier: { system: 'urn:oid:1.2.3', value: fresh().patient }, display: 'Ida Berg' } };
    const draft = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: JSON.parse(JSON.stringify(body)) });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const res = await fhir(ctx, ctx.clinic.ehr, 'PUT', `/ServiceRequest/${draft.body.id}`, { body: { ...draft.body, status: 'active' }, headers: { 'If-Match': `W/"${draft.body.meta.versionId}"` } });
    expect(res.status).toBe(422);
    expect(expressionsOf(res.body)).not.toContain('consent.given');
    expect(expressionsOf(res.body)).toContain(`ServiceRequest.extension('${EXT.consent}')`);
  });

});
