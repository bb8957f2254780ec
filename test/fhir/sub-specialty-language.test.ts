/**
 * The sub-specialty a request calls for (ServiceRequest.performerType, Liaison's sub-specialty
 * CodeSystem) and the patient's language (the contained Patient's communication, or the
 * patient-language extension for a logical patient) round-trip on FHIR through fhir-kit-client:
 * taken in on create and on a draft's update, returned on read and search, shown in the JSON API
 * and the triage queue, searchable as performer-type; bad codes are a 422 naming the element.
 */
import { Client } from 'fhir-kit-client';
import { describe, expect, it } from 'vitest';
import type { Person } from '../harness/clinic.js';
import { createRequest, expectOutcome, expectValidFhir, expressionsOf, fhir, matchIds, newCtx, put, search, serviceRequestBody, type Ctx, type Json } from './helpers.js';

const CANONICAL = 'https://liaison.example.org/fhir';
const SUB_SPECIALTY = `${CANONICAL}/CodeSystem/sub-specialty`;
const PATIENT_LANGUAGE = `${CANONICAL}/StructureDefinition/patient-language`;
const BCP47 = 'urn:ietf:bcp:47';
const SNOMED_PSYCHIATRIST = { system: 'http://snomed.info/sct', code: '80584001', display: 'Psychiatrist' };

const performerType = (code: string): Json => ({ coding: [{ system: SUB_SPECIALTY, code }, SNOMED_PSYCHIATRIST], text: 'Perinatal psychiatrist' });
/** Patient.communication as EHRs export it: the local language first, the preferred one flagged. */
const speaks = (preferred: string): Json[] => [
  { language: { coding: [{ system: BCP47, code: 'nl', display: 'Dutch' }] } },
  { language: { coding: [{ system: BCP47, code: preferred }], text: 'Preferred' }, preferred: true },
];

/** A ServiceRequest with the sub-specialty and the patient's languages on its contained Patient. */
function body(ctx: Ctx, o: { status?: 'draft' | 'active'; subSpecialty?: string; language?: string } = {}): Json {
  const sr = serviceRequestBody(ctx.clinic, { status: o.status ?? 'active' }, { performerType: performerType(o.subSpecialty ?? 'perinatal') });
  sr.contained[0].communication = speaks(o.language ?? 'tr');
  return sr;
}

function ehrClient(base: string, who: Person): Client {
  return new Client({ baseUrl: `${base}/fhir`, customHeaders: { Authorization: `Bearer ${who.token}` } });
}

const view = async (ctx: Ctx, who: Person, id: string): Promise<Json> => {
  const res = await ctx.api.call('GET', `/api/requests/${id}`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

async function queued(ctx: Ctx, id: string): Promise<Json | undefined> {
  const res = await ctx.api.call('GET', `/api/services/${ctx.clinic.serviceId}/queue`, { token: ctx.clinic.psychiatrist.token });
  expect(res.status).toBe(200);
  return (res.body.items as Json[]).find((i) => i.request.id === id)?.request;
}

describe('sub-specialty and patient language on the ServiceRequest', () => {
  it('round-trip through fhir-kit-client: kept as sent, in the JSON API and the triage queue, searchable as performer-type', async () => {
    const ctx = await newCtx();
    const client = ehrClient(await ctx.api.serverUrl(), ctx.clinic.ehr);
    const sent = body(ctx);
    const created = (await client.create({ resourceType: 'ServiceRequest', body: sent as never })) as Json;
    expectValidFhir(created);
    const read = (await client.read({ resourceType: 'ServiceRequest', id: created.id })) as Json;
    expect(read.performerType).toEqual(sent.performerType);
    expect(read.contained.find((c: Json) => c.resourceType === 'Patient').communication).toEqual(sent.contained[0].communication);

    expect(await view(ctx, ctx.clinic.gp, created.id)).toMatchObject({ subSpecialty: 'perinatal', patientLanguage: 'tr' });
    expect(await queued(ctx, created.id)).toMatchObject({ subSpecialty: 'perinatal', patientLanguage: 'tr' });

    const other = await createRequest(ctx, {}, { performerType: performerType('old-age') });
    const plain = await createRequest(ctx);
    expect(plain.performerType).toBeUndefined();
    expect(matchIds(await search(ctx, ctx.clinic.ehr, '/ServiceRequest?performer-type=perinatal'))).toEqual([created.id]);
    expect(matchIds(await search(ctx, ctx.clinic.ehr, `/ServiceRequest?performer-type=${encodeURIComponent(`${SUB_SPECIALTY}|old-age`)}`))).toEqual([other.id]);
    const either = await search(ctx, ctx.clinic.ehr, '/ServiceRequest?performer-type=perinatal,old-age');
    expect(matchIds(either).sort()).toEqual([created.id, other.id].sort());
    // Another system's code names no sub-specialty Liaison keeps; an unknown code of its own is a 400.
    expect(matchIds(await search(ctx, ctx.clinic.ehr, `/ServiceRequest?performer-type=${encodeURIComponent('http://snomed.info/sct|80584001')}`))).toEqual([]);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', '/ServiceRequest?performer-type=gerontology'), 400);
  });

  it('a draft takes both on update, and a change in the JSON API shows on FHIR read', async () => {
    const ctx = await newCtx();
    const client = ehrClient(await ctx.api.serverUrl(), ctx.clinic.ehr);
    const draft = await createRequest(ctx, { status: 'draft' }, { performerType: performerType('perinatal') });
    expect(await view(ctx, ctx.clinic.gp, draft.id)).toMatchObject({ subSpecialty: 'perinatal', patientLanguage: null });

    const changed = { ...draft, performerType: performerType('trauma'), contained: [{ ...draft.contained[0], communication: speaks('uk') }] };
    const updated = (await client.update({ resourceType: 'ServiceRequest', id: draft.id, body: changed as never, options: { headers: { 'If-Match': `W/"${draft.meta.versionId}"` } } })) as Json;
    expectValidFhir(updated);
    expect(updated.performerType).toEqual(changed.performerType);
    expect(updated.contained[0].communication).toEqual(speaks('uk'));
    expect(await view(ctx, ctx.clinic.gp, draft.id)).toMatchObject({ subSpecialty: 'trauma', patientLanguage: 'uk' });

    // The GP changes both in Liaison: the EHR reads Liaison's values, its own codings and other languages kept.
    const patch = await ctx.api.call('PATCH', `/api/requests/${draft.id}`, { token: ctx.clinic.gp.token, headers: { 'Content-Type': 'application/merge-patch+json' }, body: { subSpecialty: 'addiction', patientLanguage: 'ar' } });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    const reread = (await client.read({ resourceType: 'ServiceRequest', id: draft.id })) as Json;
    expect(reread.performerType).toEqual({ coding: [{ system: SUB_SPECIALTY, code: 'addiction' }, SNOMED_PSYCHIATRIST], text: 'Perinatal psychiatrist' });
    expect(reread.contained[0].communication).toEqual([{ language: { coding: [{ system: BCP47, code: 'ar' }] }, preferred: true }]);

    // Cleared in Liaison, the sub-specialty coding goes; what the EHR sent besides stays.
    const cleared = await ctx.api.call('PATCH', `/api/requests/${draft.id}`, { token: ctx.clinic.gp.token, headers: { 'Content-Type': 'application/merge-patch+json' }, body: { subSpecialty: null, patientLanguage: null } });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    const none = (await client.read({ resourceType: 'ServiceRequest', id: draft.id })) as Json;
    expect(none.performerType).toEqual({ coding: [SNOMED_PSYCHIATRIST], text: 'Perinatal psychiatrist' });
    expect(none.contained[0].communication).toBeUndefined();
    // What was read, PUT back, changes nothing.
    const same = await put(ctx, ctx.clinic.ehr, none, {});
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(await view(ctx, ctx.clinic.gp, draft.id)).toMatchObject({ subSpecialty: null, patientLanguage: null });
  });

  it('a request made in the JSON API shows both on FHIR; an active request cannot change them', async () => {
    const ctx = await newCtx();
    const res = await ctx.api.call('POST', '/api/requests', {
      token: ctx.clinic.gp.token,
      body: {
        patient: { identifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: `P-${crypto.randomUUID().slice(0, 8)}` }, name: { family: 'Nowak', given: ['Ewa'] }, birthDate: '1990-04-02', sex: 'female' },
        clinicalQuestion: 'Postnatal low mood, breastfeeding: which antidepressant?',
        requestedForm: 'advice-only',
        consent: { given: true },
        subSpecialty: 'perinatal',
        patientLanguage: 'pl',
        submit: true,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sr = (await fhir(ctx, ctx.clinic.ehr, 'GET', `/ServiceRequest/${res.body.id}`)).body;
    expect(sr.performerType).toEqual({ coding: [{ system: SUB_SPECIALTY, code: 'perinatal' }] });
    expect(sr.contained[0]).toMatchObject({ resourceType: 'Patient', communication: [{ language: { coding: [{ system: BCP47, code: 'pl' }] }, preferred: true }] });

    const ehrRequest = await createRequest(ctx, {}, { performerType: performerType('perinatal') });
    const refused = await put(ctx, ctx.clinic.ehr, ehrRequest, { performerType: performerType('psychosis') });
    expect(String(expectOutcome(refused, 409).issue[0].diagnostics)).toMatch(/performerType/);
  });

  it('a logical patient carries the language in the patient-language extension; a transaction Patient in communication', async () => {
    const ctx = await newCtx();
    const sent = serviceRequestBody(ctx.clinic, {}, {
      contained: undefined,
      subject: { identifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: `P-${crypto.randomUUID().slice(0, 8)}` }, display: 'Henrik Aalto' },
      extension: [...serviceRequestBody(ctx.clinic).extension, { url: PATIENT_LANGUAGE, valueCode: 'fi' }],
    });
    const created = (await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: sent })).body;
    expect(created.extension).toContainEqual({ url: PATIENT_LANGUAGE, valueCode: 'fi' });
    expect(created.contained).toBeUndefined();
    expect(await view(ctx, ctx.clinic.gp, created.id)).toMatchObject({ patientLanguage: 'fi' });

    const sr = serviceRequestBody(ctx.clinic, {}, { contained: undefined, subject: { reference: 'urn:uuid:4d1f7e52-57c4-4f4b-9b8e-1c3e9a6b0a11' } });
    const patient = { ...serviceRequestBody(ctx.clinic).contained[0], id: undefined, communication: [{ language: { coding: [{ system: BCP47, code: 'pt-BR' }] } }] };
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:4d1f7e52-57c4-4f4b-9b8e-1c3e9a6b0a11', resource: patient, request: { method: 'POST', url: 'Patient' } },
        { resource: sr, request: { method: 'POST', url: 'ServiceRequest' } },
      ],
    };
    const tx = await fhir(ctx, ctx.clinic.ehr, 'POST', '', { body: bundle });
    expect(tx.status, JSON.stringify(tx.body)).toBe(200);
    const id = /ServiceRequest\/([0-9a-f-]{36})\//.exec(String((tx.body.entry as Json[])[1]?.response.location))?.[1];
    expect(id).toBeDefined();
    expect(await view(ctx, ctx.clinic.gp, id!)).toMatchObject({ patientLanguage: 'pt-BR' });
    expect((await fhir(ctx, ctx.clinic.ehr, 'GET', `/ServiceRequest/${id}`)).body.contained[0].communication).toEqual(patient.communication);
  });

  it('an unknown sub-specialty or a language that is no BCP 47 tag is a 422 naming the element', async () => {
    const ctx = await newCtx();
    const post = (sr: Json) => fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: sr });

    const unknown = expectOutcome(await post(body(ctx, { subSpecialty: 'gerontology' })), 422);
    expect(expressionsOf(unknown)).toEqual(['ServiceRequest.performerType']);
    expect((unknown.issue as Json[]).find((i) => i.expression)?.diagnostics).toMatch(/gerontology.*perinatal/);

    const spelledOut = body(ctx);
    spelledOut.contained[0].communication = [{ language: { coding: [{ code: 'Turkish' }] }, preferred: true }];
    expect(expressionsOf(expectOutcome(await post(spelledOut), 422))).toEqual(['ServiceRequest.contained[0].communication[0].language.coding[0].code']);

    const preferredSecond = body(ctx, { language: 'tr_TR' });
    expect(expressionsOf(expectOutcome(await post(preferredSecond), 422))).toEqual(['ServiceRequest.contained[0].communication[1].language.coding[0].code']);

    const extension = serviceRequestBody(ctx.clinic, {}, { contained: undefined, subject: { identifier: { system: 'urn:x', value: '1' }, display: 'A B' } });
    extension.extension.push({ url: PATIENT_LANGUAGE, valueCode: 'english' });
    expect(expressionsOf(expectOutcome(await post(extension), 422))).toEqual([`ServiceRequest.extension('${PATIENT_LANGUAGE}')`]);

    // Generous where it is safe: an upper-case primary language is read, and a language in another code system is kept as sent.
    const shouting = body(ctx, { language: 'TR' });
    const accepted = await post(shouting);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.contained[0].communication).toEqual(shouting.contained[0].communication);
    expect(await view(ctx, ctx.clinic.gp, accepted.body.id)).toMatchObject({ patientLanguage: 'tr' });
    const iso = body(ctx);
    iso.contained[0].communication = [{ language: { coding: [{ system: 'urn:iso:std:iso:639-2', code: 'tur' }] }, preferred: true }];
    const kept = await post(iso);
    expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    expect(kept.body.contained[0].communication).toEqual(iso.contained[0].communication);
    expect(await view(ctx, ctx.clinic.gp, kept.body.id)).toMatchObject({ patientLanguage: null });
  });
});
