/**
 * No patient data in what the real Node server prints: a request for a distinctive patient through
 * the JSON API and FHIR, searches by their identifier in URLs, and refused input quoting them;
 * then its stdout and stderr must not contain the patient's name, identifier, birth date or text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenSigner } from '../../src/auth/tokens.js';
import { DEMO, DEMO_USERS } from '../../src/demo/directory.js';
import { TEST_SIGNING_KEY } from '../harness/clinic.js';
import { freePort, startServer, stopServer, type ServerProcess } from './server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'liaison-redaction-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  if (server) await stopServer(server, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const tag = crypto.randomUUID().slice(0, 6);
const patient = {
  family: `Oakenshield${tag}`,
  given: `Perpetua${tag}`,
  identifier: `NRX${tag}4410`,
  birthDate: '1938-02-27',
  question: `Believes the harbour seals${tag} send messages`,
  message: `Sleeps in the greenhouse${tag}`,
  order: `ORDNRX${tag}`,
};
const SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.6.3';
const signer = new TokenSigner(TEST_SIGNING_KEY);
const userId = (email: string) => DEMO_USERS.find((u) => u.email === email)!.id;

describe('the Node server prints no patient data', () => {
  it('in its request lines, its error lines or anything else, whatever the caller sends', async () => {
    server = await startServer({ LIAISON_DATA_DIR: dataDir, DATABASE_URL: '', LIAISON_SIGNING_KEY: TEST_SIGNING_KEY, LIAISON_DEMO_DATA: 'true', LIAISON_RATE_LIMIT_PER_MINUTE: '0' }, await freePort());
    const gp = await signer.issue({ kind: 'user', id: userId('gp@demo.liaison.test') }, 10);
    const psychiatrist = await signer.issue({ kind: 'user', id: userId('psychiatrist@demo.liaison.test') }, 10);
    const ehr = await signer.issue({ kind: 'client', id: 'demo-ehr' }, 10);
    const call = async (token: string, method: string, path: string, body?: unknown, type = 'application/json') => {
      const res = await fetch(`${server!.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': type } : {}), Accept: type.includes('fhir') ? 'application/fhir+json' : 'application/json' },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    const draft = {
      patient: { identifier: { system: SYSTEM, value: patient.identifier }, name: { family: patient.family, given: [patient.given] }, birthDate: patient.birthDate, sex: 'female' },
      clinicalQuestion: patient.question,
      requestedForm: 'joint-video',
      consent: { given: true },
    };

    const created = await call(gp, 'POST', '/api/requests', { ...draft, submit: true });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((await call(psychiatrist, 'POST', `/api/requests/${id}/request-information`, { question: patient.message })).status).toBe(200);
    expect((await call(gp, 'POST', `/api/requests/${id}/messages`, { text: patient.message })).status).toBe(201);
    expect((await call(gp, 'GET', `/api/requests?patientIdentifier=${encodeURIComponent(`${SYSTEM}|${patient.identifier}`)}`)).status).toBe(200);
    expect((await call(gp, 'POST', '/api/requests', { ...draft, patient: { ...draft.patient, birthDate: `${patient.family}` } })).status).toBe(400);
    expect((await call(gp, 'POST', '/api/requests', `{"patient":{"name":"${patient.family}"`)).status).toBe(400);
    expect((await call(gp, 'GET', `/api/requests/${patient.identifier}`)).status).toBe(400);
    expect((await call(gp, 'GET', `/api/${patient.family}?q=${patient.question}`)).status).toBe(404);

    const serviceRequest = {
      resourceType: 'ServiceRequest',
      contained: [{ resourceType: 'Patient', id: 'pat', identifier: [{ system: SYSTEM, value: patient.identifier }], name: [{ family: patient.family, given: [patient.given] }], gender: 'female', birthDate: patient.birthDate }],
      extension: [
        { url: 'https://liaison.example.org/fhir/StructureDefinition/clinical-question', valueString: patient.question },
        { url: 'https://liaison.example.org/fhir/StructureDefinition/shared-consultation-consent', extension: [{ url: 'given', valueBoolean: true }] },
      ],
      identifier: [{ system: 'urn:oid:1.2.3.4.5.6.7', value: patient.order }],
      status: 'active',
      intent: 'order',
      code: { coding: [{ system: 'https://liaison.example.org/fhir/CodeSystem/consultation-form', code: 'joint-video' }] },
      subject: { reference: '#pat' },
      requester: { reference: `Practitioner/${userId('gp@demo.liaison.test')}` },
      performer: [{ reference: `HealthcareService/${DEMO.service.id}` }],
    };
    const fhir = await call(ehr, 'POST', '/fhir/ServiceRequest', serviceRequest, 'application/fhir+json');
    expect(fhir.status, JSON.stringify(fhir.body)).toBe(201);
    expect((await call(ehr, 'GET', `/fhir/ServiceRequest?subject:identifier=${encodeURIComponent(`${SYSTEM}|${patient.identifier}`)}`, undefined, 'application/fhir+json')).status).toBe(200);
    expect((await call(ehr, 'POST', '/fhir/ServiceRequest', { ...serviceRequest, identifier: [{ system: 'urn:x', value: `${patient.order}2` }], priority: patient.family }, 'application/fhir+json')).status).toBeGreaterThanOrEqual(400);
    expect((await call(ehr, 'POST', '/fhir/ServiceRequest', `{"resourceType":"ServiceRequest","note":[{"text":"${patient.question}"}]`, 'application/fhir+json')).status).toBe(400);

    await stopServer(server, 'SIGTERM');
    const output = server.output();
    expect(output).toContain('POST /api/requests 201');
    const leaks = output.split('\n').filter((line) => Object.values(patient).some((secret) => line.toLowerCase().includes(secret.toLowerCase())));
    expect(leaks).toEqual([]);
  });
});
