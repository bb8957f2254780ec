/**
 * The outcome letter on FHIR as a DocumentReference: read and searched by the request (related,
 * Liaison's based-on), the patient and the type; its content is the letter; a re-opened request's
 * newer letter supersedes the older; exactly those who may read the request read it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../../src/fhir/registry.js';
import { LETTER_KINDS } from '../../src/fhir/search/document-params.js';
import { AccessLogRepository } from '../../src/store/access-log.js';
import { testDatabase } from '../harness/database.js';
import { fhirErrors } from '../harness/fhir-assert.js';
import { createRequest as createByApi, move } from '../api/helpers.js';
import { BASE, LOINC, expectOutcome, fhir, get, linkOf, matchIds, newCtx, search, type Ctx, type Json } from './helpers.js';
import { profileFromFile } from './profile-snapshot.js';

const CANONICAL = 'https://liaison.example.org/fhir';
const DOCUMENT_TYPE = `${CANONICAL}/CodeSystem/document-type`;
const OUTCOME = `${CANONICAL}/CodeSystem/consultation-outcome`;
const PROFILE_URL = `${CANONICAL}/StructureDefinition/liaison-document-reference`;
const PATIENT = 'urn:oid:2.16.840.1.113883.2.4.6.3';

const profile = profileFromFile('StructureDefinition-liaison-document-reference.json');
const textOf = (doc: Json): string => Buffer.from(String(doc.content[0].attachment.data), 'base64').toString('utf8');

const COMPLETION = {
  summary: 'Moderate depressive episode; no bipolar features. Grüße an die Praxis.',
  outcomeCode: 'joint-follow-up',
  recommendations: ['Sertraline 100 mg', 'CBT referral'],
  medicationAdvice: 'Check sodium after two weeks.',
  followUpDate: '2031-03-01',
};

/** A request of the clinic's GP, accepted and completed by the psychiatrist: its id, patient value and outcome letter id. */
async function completedRequest(ctx: Ctx, completion: Json = COMPLETION): Promise<{ id: string; patient: string; letterId: string }> {
  const patient = `P-${crypto.randomUUID().slice(0, 8)}`;
  const request = await createByApi(ctx, ctx.clinic.gp, { patient: { identifier: { system: PATIENT, value: patient }, name: { family: 'Jansen', given: ['Eva'] }, birthDate: '1980-04-12', sex: 'female' } }, true);
  await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
  const done = await move(ctx, ctx.clinic.psychiatrist, request.id, 'complete', completion);
  return { id: String(request.id), patient, letterId: String(done.outcome.messageId) };
}

/** Every letter is valid R4 (the helpers check) and meets the Liaison profile. */
function expectLetter(doc: Json): void {
  expect(fhirErrors(doc, { profile })).toEqual([]);
  expect(doc.meta.profile).toEqual([PROFILE_URL]);
}

describe('the outcome letter as a DocumentReference', () => {
  it('is read by its id (the outcome Communication’s), the letter inline, related to the request', async () => {
    const ctx = await newCtx();
    const r = await completedRequest(ctx);
    const res = await fhir(ctx, ctx.clinic.ehr, 'GET', `/DocumentReference/${r.letterId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const doc = res.body;
    expectLetter(doc);
    expect(doc).toMatchObject({
      resourceType: 'DocumentReference',
      id: r.letterId,
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: LOINC, code: '11488-4' }, { system: DOCUMENT_TYPE, code: 'outcome-letter' }] },
      category: [{ coding: [{ system: OUTCOME, code: 'joint-follow-up' }] }],
      subject: { identifier: { system: PATIENT, value: r.patient } },
      author: [{ reference: `Practitioner/${ctx.clinic.psychiatrist.id}` }],
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', title: 'Outcome letter' } }],
      context: { related: [{ reference: `ServiceRequest/${r.id}` }] },
    });
    expect(doc.date).toBe(doc.content[0].attachment.creation);
    // The letter is the outcome Communication's text, byte for byte (UTF-8).
    const letter = await get(ctx, ctx.clinic.gp, `/Communication/${r.letterId}`);
    expect(textOf(doc)).toBe(letter.payload[0].contentString);
    expect(textOf(doc)).toContain('Grüße an die Praxis');
    expect(textOf(doc)).toContain('- CBT referral');
    expect(doc.content[0].attachment.size).toBe(Buffer.byteLength(textOf(doc), 'utf8'));
    // Letters do not change: no versions, so no versionId and no ETag.
    expect(doc.meta.versionId).toBeUndefined();
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('last-modified')).not.toBeNull();
  });

  it('is found by related, by based-on, by the patient and by type; nothing before the outcome', async () => {
    const ctx = await newCtx();
    const r = await completedRequest(ctx);
    const open = await createByApi(ctx, ctx.clinic.gp, {}, true);
    const patient = encodeURIComponent(`${PATIENT}|${r.patient}`);
    for (const query of [
      `related=ServiceRequest/${r.id}`,
      `based-on=ServiceRequest/${r.id}`,
      `based-on=${BASE}/ServiceRequest/${r.id}`,
      `related=ServiceRequest/${open.id},ServiceRequest/${r.id}`,
      `patient:identifier=${patient}`,
      `subject:identifier=${patient}`,
      `subject:identifier=${patient}&type=${encodeURIComponent(`${LOINC}|11488-4`)}`,
      `subject:identifier=${patient}&type=${encodeURIComponent(`${DOCUMENT_TYPE}|outcome-letter`)}`,
    ]) {
      const bundle = await search(ctx, ctx.clinic.ehr, `/DocumentReference?${query}`, { Prefer: 'handling=strict' });
      expect(matchIds(bundle), query).toEqual([r.letterId]);
      for (const e of bundle.entry as Json[]) expectLetter(e.resource);
    }
    for (const query of [
      `related=ServiceRequest/${open.id}`,
      `subject:identifier=${patient}&type=${encodeURIComponent(`${DOCUMENT_TYPE}|case-discussion-conclusions`)}`,
      `related=ServiceRequest/${r.id}&type=${encodeURIComponent('http://snomed.info/sct|11488-4')}`,
    ]) {
      expect(matchIds(await search(ctx, ctx.clinic.ehr, `/DocumentReference?${query}`)), query).toEqual([]);
    }
    // A search by patient never puts the identifier in a link.
    const byPatient = await search(ctx, ctx.clinic.ehr, `/DocumentReference?patient:identifier=${patient}`);
    expect(JSON.stringify(byPatient.link)).not.toContain(r.patient);
    // Anything else about the patient is refused rather than ignored.
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/DocumentReference?subject.identifier=${patient}`), 400);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/DocumentReference?related=Patient/${r.id}`), 400);
  });

  it('comes with its request: ServiceRequest?_revinclude=DocumentReference:related', async () => {
    const ctx = await newCtx();
    const r = await completedRequest(ctx);
    const bundle = await search(ctx, ctx.clinic.ehr, `/ServiceRequest?_id=${r.id}&_revinclude=DocumentReference:related`);
    const included = (bundle.entry as Json[]).filter((e) => e.search.mode === 'include').map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    expect(included).toEqual([`DocumentReference/${r.letterId}`]);
  });

  it('a re-opened request’s new outcome supersedes the earlier letter; pages of one letter link onward', async () => {
    const ctx = await newCtx();
    const r = await completedRequest(ctx);
    await move(ctx, ctx.clinic.gp, r.id, 'reconsult', { question: 'Four weeks on, still low: increase the dose?' });
    // Re-opened but not yet answered again: the letter stands.
    expect((await get(ctx, ctx.clinic.gp, `/DocumentReference/${r.letterId}`)).status).toBe('current');
    await move(ctx, ctx.clinic.psychiatrist, r.id, 'accept', { agreedForm: 'joint-video' });
    const again = await move(ctx, ctx.clinic.psychiatrist, r.id, 'complete', { summary: 'Increase to 150 mg.', outcomeCode: 'managed-in-primary-care-with-advice', recommendations: [] });
    const newer = String(again.outcome.messageId);

    const first = await get(ctx, ctx.clinic.gp, `/DocumentReference/${r.letterId}`);
    expect(first).toMatchObject({ status: 'superseded', category: [{ coding: [{ code: 'joint-follow-up' }] }] });
    const second = await get(ctx, ctx.clinic.gp, `/DocumentReference/${newer}`);
    expect(second).toMatchObject({ status: 'current', relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${r.letterId}` } }], category: [{ coding: [{ code: 'managed-in-primary-care-with-advice' }] }] });
    expectLetter(first);
    expectLetter(second);

    const page1 = await search(ctx, ctx.clinic.gp, `/DocumentReference?related=ServiceRequest/${r.id}&_count=1&_total=accurate`);
    expect(matchIds(page1)).toEqual([r.letterId]);
    expect(page1.total).toBe(2);
    const next = linkOf(page1, 'next')!;
    expect(next).toMatch(/_page=/);
    const page2 = await search(ctx, ctx.clinic.gp, next.replace(BASE, ''));
    expect(matchIds(page2)).toEqual([newer]);
    expect(linkOf(page2, 'next')).toBeUndefined();
    // The link serves only the caller it was made for.
    expectOutcome(await fhir(ctx, ctx.clinic.gp2, 'GET', next.replace(BASE, '')), 400);
  });

  it('is entered-in-error with its request', async () => {
    const ctx = await newCtx();
    const r = await completedRequest(ctx);
    await move(ctx, ctx.clinic.gp, r.id, 'enter-in-error', { reason: 'Wrong patient.' });
    expect((await get(ctx, ctx.clinic.gp, `/DocumentReference/${r.letterId}`)).status).toBe('entered-in-error');
  });
});

describe('who reads a letter', () => {
  it('exactly who may read the request: another practice sees nothing, and every read is logged', async () => {
    const ctx = await newCtx();
    const r = await completedRequest(ctx);
    for (const who of [ctx.clinic.gp, ctx.clinic.gp2, ctx.clinic.psychiatrist, ctx.clinic.psychiatrist2, ctx.clinic.leader, ctx.clinic.ehr]) {
      expect((await fhir(ctx, who, 'GET', `/DocumentReference/${r.letterId}`)).status).toBe(200);
    }
    expectOutcome(await fhir(ctx, ctx.clinic.otherGp, 'GET', `/DocumentReference/${r.letterId}`), 404);
    // Administration is not care: the practice's administrator reads no letter either.
    expectOutcome(await fhir(ctx, ctx.clinic.admin, 'GET', `/DocumentReference/${r.letterId}`), 404);
    for (const query of [`related=ServiceRequest/${r.id}`, `patient:identifier=${encodeURIComponent(`${PATIENT}|${r.patient}`)}`, '']) {
      expect(matchIds(await search(ctx, ctx.clinic.otherGp, `/DocumentReference?${query}`)), query).toEqual([]);
    }
    const seen = await new AccessLogRepository(await testDatabase()).disclosuresOf(r.id);
    expect(seen.some((d) => d.actorId === ctx.clinic.gp2.id && d.interaction === 'GET /fhir/DocumentReference/:id' && d.status === 200)).toBe(true);
    expect(seen.some((d) => d.actorId === ctx.clinic.otherGp.id)).toBe(false);
  });

  it('a system client needs system/DocumentReference.r and .s (403 otherwise, includes too)', async () => {
    const ctx = await newCtx({ ehrScopes: 'system/ServiceRequest.cruds system/Task.rs system/Communication.crs' });
    const r = await completedRequest(ctx);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/DocumentReference/${r.letterId}`), 403);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/DocumentReference?related=ServiceRequest/${r.id}`), 403);
    const refused = expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/ServiceRequest?_id=${r.id}&_revinclude=DocumentReference:related`), 403);
    expect(refused.issue[0].diagnostics).toContain('system/DocumentReference.r');
  });
});

describe('the DocumentReference artefacts (fhir/)', () => {
  const artefact = (file: string): Json => JSON.parse(readFileSync(new URL(`../../fhir/${file}`, import.meta.url), 'utf8')) as Json;

  it('the examples meet the profile; a letter that is not inline text, or not about one request, does not', () => {
    for (const name of ['outcome-letter', 'case-discussion-conclusions']) {
      const example = artefact(`examples/DocumentReference-${name}.json`);
      expectLetter(example);
      expect(example.type.coding[1]).toMatchObject({ system: DOCUMENT_TYPE, code: name });
      const linked = structuredClone(example);
      linked.content[0].attachment = { contentType: 'text/plain; charset=utf-8', url: 'https://letters.example/1', title: 'x', creation: example.date };
      expect(fhirErrors(linked, { profile }).join()).toContain('ldr-2');
      const elsewhere = { ...example, context: { related: [{ reference: 'Patient/1' }] } };
      expect(fhirErrors(elsewhere, { profile }).join()).toContain('ldr-3');
    }
  });

  it('the document-type codes are the kinds of letter; based-on is a published SearchParameter on context.related', () => {
    expect((artefact('CodeSystem-document-type.json').concept as Json[]).map((c) => c.code).sort()).toEqual([...LETTER_KINDS].sort());
    const basedOn = REGISTRY.DocumentReference!.searchParams.find((p) => p.name === 'based-on')!;
    const published = artefact('SearchParameter-DocumentReference-based-on.json');
    expect(published).toMatchObject({ url: basedOn.definition, code: 'based-on', base: ['DocumentReference'], type: 'reference', expression: 'DocumentReference.context.related' });
  });

  it('letters are read and searched, never written: 405 with Allow', async () => {
    const ctx = await newCtx();
    const r = await completedRequest(ctx);
    const doc = await get(ctx, ctx.clinic.ehr, `/DocumentReference/${r.letterId}`);
    for (const [method, path, body] of [
      ['POST', '/DocumentReference', { ...doc, id: undefined }],
      ['PUT', `/DocumentReference/${r.letterId}`, doc],
      ['DELETE', `/DocumentReference/${r.letterId}`, undefined],
      ['GET', `/DocumentReference/${r.letterId}/_history`, undefined],
    ] as const) {
      const res = await fhir(ctx, ctx.clinic.ehr, method, path, body === undefined ? {} : { body });
      expectOutcome(res, 405);
      expect(res.headers.get('allow'), `${method} ${path}`).not.toBeNull();
    }
  });
});
