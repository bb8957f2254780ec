/**
 * No patient data in logs: a whole request's life with a distinctive patient, through the JSON
 * API and FHIR, with bad input and failing storage quoting the patient, and then not one captured
 * log line may name the patient, their identifier, birth date or clinical text.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createStore } from '../../src/store/index.js';
import type { Store } from '../../src/services/ports/store.js';
import { TEST_SIGNING_KEY } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { captureLog, capturedLog, linesContaining } from '../harness/log-capture.js';
import { act, draftBody, expectProblem, move, newCtx, type Ctx, type Json } from './helpers.js';

const tag = crypto.randomUUID().slice(0, 6);
const patient = {
  family: `Quillfeather${tag}`,
  given: `Zephyrine${tag}`,
  identifier: `RDX${tag}7731`,
  birthDate: '1941-07-19',
  question: `Hears the lighthouse keeper Ambrosius${tag} whisper at night`,
  message: `Marmalade-coloured visions since the ferry${tag}`,
  advice: `Try the Grimbleshank${tag} regimen`,
  summary: `Vorpal${tag} syndrome, seen jointly`,
  order: `ORDRDX${tag}`,
};
const secrets = Object.values(patient);

const patientJson = () => ({
  identifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: patient.identifier },
  name: { family: patient.family, given: [patient.given] },
  birthDate: patient.birthDate,
  sex: 'female',
});

function serviceRequest(ctx: Ctx, extra: Json = {}): Json {
  return {
    resourceType: 'ServiceRequest',
    contained: [
      { resourceType: 'Patient', id: 'pat', identifier: [{ system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: patient.identifier }], name: [{ family: patient.family, given: [patient.given] }], gender: 'female', birthDate: patient.birthDate },
    ],
    extension: [
      { url: 'https://liaison.example.org/fhir/StructureDefinition/clinical-question', valueString: patient.question },
      { url: 'https://liaison.example.org/fhir/StructureDefinition/shared-consultation-consent', extension: [{ url: 'given', valueBoolean: true }] },
    ],
    identifier: [{ system: 'urn:oid:1.2.3.4.5.6.7', value: `${patient.order}-${crypto.randomUUID().slice(0, 4)}` }],
    status: 'active',
    intent: 'order',
    code: { coding: [{ system: 'https://liaison.example.org/fhir/CodeSystem/consultation-form', code: 'joint-video' }] },
    subject: { reference: '#pat' },
    requester: { reference: `Practitioner/${ctx.clinic.gp.id}` },
    performer: [{ reference: `HealthcareService/${ctx.clinic.serviceId}` }],
    ...extra,
  };
}

const fhirHeaders = { 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' };

describe('no patient data in logs', () => {
  it('a request from draft to closed, searches by identifier, and refused input naming the patient log nothing of the patient', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist, ehr } = ctx.clinic;
    const from = capturedLog().length;

    const created = await ctx.api.call('POST', '/api/requests', { token: gp.token, body: draftBody({ patient: patientJson(), clinicalQuestion: patient.question }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    await move(ctx, gp, id, 'submit');
    await move(ctx, psychiatrist, id, 'request-information', { question: patient.message });
    await move(ctx, gp, id, 'provide-information', { answer: `${patient.message}; ${patient.family} agrees` });
    await move(ctx, psychiatrist, id, 'accept', { agreedForm: 'joint-video' });
    expect((await ctx.api.call('POST', `/api/requests/${id}/messages`, { token: gp.token, body: { text: patient.message } })).status).toBe(201);
    await move(ctx, psychiatrist, id, 'complete', { summary: patient.summary, outcomeCode: 'joint-follow-up', recommendations: [patient.advice] });
    await move(ctx, gp, id, 'close', { referralAvoided: true });
    expect((await ctx.api.call('GET', `/api/requests?patientIdentifier=${encodeURIComponent(`urn:oid:2.16.840.1.113883.2.4.6.3|${patient.identifier}`)}`, { token: gp.token })).status).toBe(200);
    expect((await ctx.api.call('POST', '/api/requests/search', { token: gp.token, body: { patientIdentifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: patient.identifier } } })).status).toBe(200);

    // Refused input that carries the patient: a bad birth date, broken JSON, an unknown field, a bad action body.
    expectProblem(await ctx.api.call('POST', '/api/requests', { token: gp.token, body: draftBody({ patient: { ...patientJson(), birthDate: `${patient.family}-01-01` } }) }), 400);
    expectProblem(await ctx.api.call('POST', '/api/requests', { token: gp.token, rawBody: `{"patient": {"name": "${patient.family}", "value": ${patient.identifier}`, headers: { 'Content-Type': 'application/json' } }), 400);
    expectProblem(await ctx.api.call('POST', '/api/requests', { token: gp.token, body: draftBody({ [patient.family]: patient.question }) }), 400);
    expectProblem(await act(ctx, gp, id, 'cancel', { reason: patient.question, [patient.given]: true }), 400);
    expectProblem(await ctx.api.call('GET', `/api/requests/${patient.identifier}`, { token: gp.token }), 400);
    expectProblem(await ctx.api.call('GET', `/api/requests?patientIdentifier=${patient.identifier}`, { token: gp.token }), 400);
    expectProblem(await ctx.api.call('GET', `/api/${patient.family}/${patient.identifier}`, { token: gp.token }), 404);

    // FHIR: create, read, search by identifier in the URL and in a form post, and refused resources.
    const sr = await ctx.api.call('POST', '/fhir/ServiceRequest', { token: ehr.token, body: serviceRequest(ctx), headers: fhirHeaders });
    expect(sr.status, JSON.stringify(sr.body)).toBe(201);
    const byUrl = await ctx.api.call('GET', `/fhir/ServiceRequest?subject:identifier=${encodeURIComponent(`urn:oid:2.16.840.1.113883.2.4.6.3|${patient.identifier}`)}&_revinclude=Task:focus`, { token: ehr.token, headers: fhirHeaders });
    expect(byUrl.status, JSON.stringify(byUrl.body)).toBe(200);
    expect((await ctx.api.call('GET', `/fhir/ServiceRequest?patient:identifier=${patient.family}|${patient.identifier}`, { token: ehr.token, headers: fhirHeaders })).status).toBeLessThan(500);
    const form = await ctx.api.call('POST', '/fhir/ServiceRequest/_search', { token: ehr.token, rawBody: new URLSearchParams({ 'patient:identifier': `urn:oid:2.16.840.1.113883.2.4.6.3|${patient.identifier}` }).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/fhir+json' } });
    expect(form.status, JSON.stringify(form.body)).toBe(200);
    for (const bad of [
      serviceRequest(ctx, { birthDate: patient.birthDate }),
      serviceRequest(ctx, { priority: patient.family }),
      serviceRequest(ctx, { contained: [{ resourceType: 'Patient', id: 'pat', name: [{ family: patient.family }], birthDate: `${patient.identifier}` }] }),
      { resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: serviceRequest(ctx, { intent: patient.given }), request: { method: 'POST', url: 'ServiceRequest' } }] },
    ]) {
      const path = bad.resourceType === 'Bundle' ? '/fhir' : '/fhir/ServiceRequest';
      const res = await ctx.api.call('POST', path, { token: ehr.token, body: bad, headers: fhirHeaders });
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const broken = await ctx.api.call('POST', '/fhir/ServiceRequest', { token: ehr.token, rawBody: `{"resourceType":"ServiceRequest","note":[{"text":"${patient.question}"}`, headers: fhirHeaders });
    expect(broken.status).toBe(400);
    // The same order number posted five times at once: at most one wins; the others must not log the number.
    const order = serviceRequest(ctx);
    const raced = await Promise.all(Array.from({ length: 5 }, () => ctx.api.call('POST', '/fhir/ServiceRequest', { token: ehr.token, body: order, headers: fhirHeaders })));
    expect(raced.filter((r) => r.status === 201).length).toBeLessThanOrEqual(1);

    const lines = capturedLog().slice(from);
    expect(lines.length).toBeGreaterThan(20);
    expect(linesContaining(lines, secrets)).toEqual([]);
  }, 120_000);

  it('an unexpected storage failure whose error quotes the patient is a 500 that logs nothing of the patient', async () => {
    const ctx = await newCtx();
    const real = createStore(await testDatabase());
    // A database error as PostgreSQL and drivers write them: message and detail quote the row's values.
    const quoting = () => {
      const pg = Object.assign(new Error(`duplicate key value violates unique constraint: ${patient.family}`), {
        code: '23505',
        severity: 'ERROR',
        detail: `Key (value)=(${patient.identifier}) already exists.`,
        constraint_name: 'request_identifiers_unique_idx',
      });
      return Object.assign(new Error(`Failed query: insert into consultation_requests values ($1)\nparams: ${patient.family},${patient.birthDate}`), { cause: pg });
    };
    const failing: Store = { ...real, transaction: async () => { throw quoting(); } };
    const plain: Store = { ...real, transaction: async () => { throw new Error(`could not write ${patient.question}`); } };
    const log: string[] = [];
    const appOver = (store: Store) =>
      createApp({
        config: { publicUrl: undefined, signingKey: TEST_SIGNING_KEY, tokenTtlMinutes: 60, maxBodyBytes: 65536, rateLimitPerMinute: 0 },
        storeFor: () => store,
        log: (line) => {
          log.push(line);
          captureLog(line);
        },
      });
    for (const app of [appOver(failing), appOver(plain)]) {
      const json = await app.request('http://liaison.test/api/requests', {
        method: 'POST',
        headers: { Authorization: `Bearer ${ctx.clinic.gp.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(draftBody({ patient: patientJson(), clinicalQuestion: patient.question })),
      });
      expect(json.status).toBe(500);
      expect(await json.text()).not.toContain(patient.family);
      const fhir = await app.request('http://liaison.test/fhir/ServiceRequest', { method: 'POST', headers: { Authorization: `Bearer ${ctx.clinic.ehr.token}`, ...fhirHeaders }, body: JSON.stringify(serviceRequest(ctx)) });
      expect(fhir.status).toBe(500);
      expect(await fhir.text()).not.toContain(patient.family);
    }
    expect(log.filter((l) => l.startsWith('error'))).toHaveLength(4);
    expect(linesContaining(log, secrets)).toEqual([]);
  }, 120_000);
});
