/**
 * Durability on PostgreSQL: the real Node server under concurrent write load (requests created and
 * submitted through the JSON API and FHIR) is killed with SIGKILL mid-load and restarted. Every
 * request acknowledged with a 2xx must be there with its full content, and no request may be
 * half-written (a row without its history event and version, or a state its history does not end in).
 * Runs only with TEST_DATABASE_URL (loopback only, a few seconds of load).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/store/open-node.js';
import { newClinic, TEST_SIGNING_KEY, type Clinic } from '../harness/clinic.js';
import { freePort, startServer, stopServer, type ServerProcess } from './server-process.js';

const url = process.env.TEST_DATABASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), 'liaison-durability-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await stopServer(s, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Acknowledged {
  id: string;
  via: 'api' | 'api-then-submit' | 'fhir';
  patient: string;
  question: string;
  /** The submit was acknowledged too (or the request was created submitted). */
  submitted: boolean;
  order?: string;
}

const SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.6.3';

describe.skipIf(!url)('durability on PostgreSQL', () => {
  it('keeps every acknowledged write, and nothing half-written, across a SIGKILL under load', async () => {
    // A clinic of its own in the shared test database (random ids: other suites never see it).
    const opened = await openNodeDatabase({ databaseUrl: url! });
    await opened.migrate();
    const clinic: Clinic = await newClinic(opened.db);
    await opened.close();

    // On loopback without PUBLIC_URL (development mode): the harness tokens name the default issuer.
    const port = await freePort();
    const env = { DATABASE_URL: url!, LIAISON_SIGNING_KEY: TEST_SIGNING_KEY, LIAISON_DATA_DIR: dataDir, LIAISON_DEMO_DATA: 'false', LIAISON_RATE_LIMIT_PER_MINUTE: '0' };
    const first = await startServer(env, port);
    servers.push(first);

    const acknowledged: Acknowledged[] = [];
    let killed = false;
    let interrupted = 0;
    const post = async (path: string, token: string, body: unknown, type = 'application/json') => {
      const res = await fetch(`${first.url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': type, Accept: type }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const worker = async (n: number) => {
      for (let i = 0; !killed; i++) {
        const tag = `${n}-${i}-${crypto.randomUUID().slice(0, 8)}`;
        const question = `Durable question ${tag}: low mood since spring?`;
        const patient = `DUR-${tag}`;
        const draft = { patient: { identifier: { system: SYSTEM, value: patient }, name: { family: `Durable${n}`, given: ['Dora'] }, birthDate: '1975-03-04', sex: 'female' }, clinicalQuestion: question, requestedForm: 'advice-only', consent: { given: true } };
        try {
          const kind = i % 3;
          if (kind === 0) {
            const res = await post('/api/requests', clinic.gp.token, { ...draft, submit: true });
            if (res.status === 201) acknowledged.push({ id: res.body.id, via: 'api', patient, question, submitted: true });
          } else if (kind === 1) {
            const res = await post('/api/requests', clinic.gp.token, draft);
            if (res.status !== 201) continue;
            const ack: Acknowledged = { id: res.body.id, via: 'api-then-submit', patient, question, submitted: false };
            acknowledged.push(ack);
            const submitted = await post(`/api/requests/${ack.id}/submit`, clinic.gp.token, {});
            if (submitted.status === 200) ack.submitted = true;
          } else {
            const order = `ORD-${tag}`;
            const res = await post('/fhir/ServiceRequest', clinic.ehr.token, {
              resourceType: 'ServiceRequest',
              contained: [{ resourceType: 'Patient', id: 'pat', identifier: [{ system: SYSTEM, value: patient }], name: [{ family: `Durable${n}`, given: ['Dora'] }], gender: 'female', birthDate: '1975-03-04' }],
              extension: [
                { url: 'https://liaison.example.org/fhir/StructureDefinition/clinical-question', valueString: question },
                { url: 'https://liaison.example.org/fhir/StructureDefinition/shared-consultation-consent', extension: [{ url: 'given', valueBoolean: true }] },
              ],
              identifier: [{ system: 'urn:oid:1.2.3.4.5.6.7', value: order }],
              status: 'active',
              intent: 'order',
              code: { coding: [{ system: 'https://liaison.example.org/fhir/CodeSystem/consultation-form', code: 'advice-only' }] },
              subject: { reference: '#pat' },
              requester: { reference: `Practitioner/${clinic.gp.id}` },
              performer: [{ reference: `HealthcareService/${clinic.serviceId}` }],
            }, 'application/fhir+json');
            if (res.status === 201) acknowledged.push({ id: res.body.id, via: 'fhir', patient, question, submitted: true, order });
          }
        } catch {
          // The connection died with the server: that write was never acknowledged.
          interrupted++;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, n) => worker(n)));
    // Kill once writes are flowing (at least a couple of seconds, and some acknowledged).
    const started = Date.now();
    while (Date.now() - started < 2_000 || (acknowledged.length < 10 && Date.now() - started < 30_000)) await new Promise((r) => setTimeout(r, 100));
    await stopServer(first, 'SIGKILL');
    killed = true;
    await load;
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    // The kill landed mid-load: calls were in flight when the server died.
    expect(interrupted).toBeGreaterThan(0);

    const second = await startServer(env, port);
    servers.push(second);

    // Through the app: each acknowledged request is there with what was sent.
    for (const ack of acknowledged) {
      const res = await fetch(`${second.url}/api/requests/${ack.id}`, { headers: { Authorization: `Bearer ${clinic.gp.token}` } });
      expect(res.status, `${ack.via} ${ack.id}`).toBe(200);
      const view = (await res.json()) as any;
      expect(view.clinicalQuestion).toBe(ack.question);
      expect(view.patient.identifier).toEqual({ system: SYSTEM, value: ack.patient });
      expect(view.patient.birthDate).toBe('1975-03-04');
      if (ack.submitted) expect(view.status, `${ack.via} ${ack.id}`).toBe('submitted');
      expect(view.timeline.length).toBeGreaterThanOrEqual(ack.submitted && ack.via === 'api-then-submit' ? 2 : 1);
    }

    // In the database: no request of this clinic without its history, its versions, or a state its history ends in.
    const sql = postgres(url!, { max: 1, onnotice: () => {} });
    try {
      const broken = await sql`
        select r.id, r.state, r.version,
               (select count(*) from request_events e where e.request_id = r.id)::int as events,
               (select max(e.version) from request_events e where e.request_id = r.id) as last_event_version,
               (select e.to_state from request_events e where e.request_id = r.id order by e.id desc limit 1) as last_to_state,
               (select max(v.version) from request_versions v where v.request_id = r.id) as last_snapshot
          from consultation_requests r
         where r.organisation_id = ${clinic.practiceId}`;
      expect(broken.length).toBeGreaterThanOrEqual(acknowledged.length);
      const halfWritten = broken.filter((r) => r.events < 1 || Number(r.last_event_version) !== r.version || r.last_to_state !== r.state || Number(r.last_snapshot) !== r.version);
      expect(halfWritten).toEqual([]);
      const orders = acknowledged.filter((a) => a.order).map((a) => a.order!);
      if (orders.length) {
        const stored = await sql`select value from request_identifiers where organisation_id = ${clinic.practiceId} and value in ${sql(orders)}`;
        expect(stored.map((r) => r.value).sort()).toEqual([...orders].sort());
      }
    } finally {
      await sql.end();
    }
    await stopServer(second, 'SIGTERM');
    expect(second.output()).not.toMatch(/error /);
  }, 240_000);
});
