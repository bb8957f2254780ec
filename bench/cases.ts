/**
 * The measured cases (issue 10): what each one sends, as whom, and what it needs prepared — the
 * FHIR create, read, search, the triage queue, the accept move and the JSON list — and the two
 * ceilings they are compared with. Bodies are the ones an EHR sends (test/fhir/helpers.ts).
 */
import { DEMO, DEMO_USERS } from '../src/demo/directory.js';
import type { LoadOptions } from './harness/load.js';
import type { LiaisonProcess } from './harness/server.js';

/** In the order they run: the reads first, on the prepared data alone; then the writes, which add requests. */
export const CASE_NAMES = ['read', 'search', 'queue', 'list', 'create', 'accept'] as const;
export type CaseName = (typeof CASE_NAMES)[number];
export type CeilingKind = 'raw' | 'framework';

/** What the cases share during one run. */
export interface BenchContext {
  liaison: LiaisonProcess;
  /** bench/server.ts: the same app with the framework-ceiling route. */
  ceilingServer: LiaisonProcess;
  databaseUrl: string;
  /** Requests the demo EHR sees, read by id in turn. */
  readIds: string[];
  /** Accepts a second measured so far, by connections: sizes the next supply. */
  acceptRate: Map<number, number>;
  /** Creates a second measured so far, by connections: a first guess for the accept supply. */
  createRate: Map<number, number>;
}

export interface CaseDefinition {
  name: CaseName;
  title: string;
  /** The ceiling it is printed as a percentage of. */
  ceiling?: CeilingKind;
  /** The load of one run (preparing what it consumes); `warmUp` is the untimed run before the rounds. */
  loadFor(ctx: BenchContext, connections: number, seconds: number, warmUp: boolean): Promise<LoadOptions>;
}

export const CEILING_PATH = '/bench/ceiling';
const EHR = 'demo-ehr';
const GP = DEMO_USERS.find((u) => u.role === 'gp')!.email;
const PSYCHIATRIST = DEMO_USERS.find((u) => u.role === 'psychiatrist')!.email;
const SERVICE = DEMO.service.id;
const UNIQUE = '{{unique}}';
const ORDER_SYSTEM = 'urn:oid:1.2.3.4.5.6.7';
const CANONICAL = 'https://liaison.example.org/fhir';
const FHIR_JSON = 'application/fhir+json';

/** A ServiceRequest as the demo practice's EHR posts it; `unique` goes into the order number and patient number. */
export function serviceRequestBody(unique: string): string {
  return JSON.stringify({
    resourceType: 'ServiceRequest',
    contained: [
      {
        resourceType: 'Patient',
        id: 'pat',
        identifier: [{ system: 'https://demo-practice.example.org/sid/patient-number', value: `PAT-${unique}` }],
        name: [{ family: 'Lindholm', given: ['Maren'] }],
        gender: 'female',
        birthDate: '1987-06-14',
      },
    ],
    extension: [
      { url: `${CANONICAL}/StructureDefinition/clinical-question`, valueString: 'Depression not improving on sertraline: switch or augment?' },
      { url: `${CANONICAL}/StructureDefinition/shared-consultation-consent`, extension: [{ url: 'given', valueBoolean: true }] },
    ],
    identifier: [{ system: ORDER_SYSTEM, value: `ORD-${unique}` }],
    status: 'active',
    intent: 'order',
    priority: 'routine',
    code: { coding: [{ system: `${CANONICAL}/CodeSystem/consultation-form`, code: 'joint-video' }] },
    subject: { reference: '#pat' },
    requester: { reference: `Practitioner/${DEMO_USERS[0]!.id}` },
    performer: [{ reference: `HealthcareService/${SERVICE}` }],
  });
}

const createHeaders = (token: string, unique: string) => ({
  Authorization: `Bearer ${token}`,
  'Content-Type': FHIR_JSON,
  Accept: FHIR_JSON,
  'If-None-Exist': `identifier=${ORDER_SYSTEM}|ORD-${unique}`,
});

/** Creates `count` submitted requests through FHIR (untimed preparation); returns their ids. */
export async function createRequests(liaison: LiaisonProcess, count: number, concurrency = 8): Promise<string[]> {
  const token = await liaison.tokenFor(EHR);
  const ids: string[] = [];
  let next = 0;
  const stamp = Date.now().toString(36);
  const worker = async () => {
    while (next < count) {
      const unique = `prep-${stamp}-${next++}`;
      const res = await fetch(`${liaison.url}/fhir/ServiceRequest`, { method: 'POST', headers: createHeaders(token, unique), body: serviceRequestBody(unique) });
      const location = res.headers.get('location');
      await res.arrayBuffer();
      if (res.status !== 201 || !location) throw new Error(`preparing requests: a create answered ${res.status}`);
      ids.push(location.split('/ServiceRequest/')[1]!.split('/')[0]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}

const bearer = async (liaison: LiaisonProcess, who: string) => ({ Authorization: `Bearer ${await liaison.tokenFor(who)}` });

export const CASES: CaseDefinition[] = [
  {
    name: 'read',
    title: 'FHIR ServiceRequest read by id',
    ceiling: 'framework',
    loadFor: async ({ liaison, readIds }, connections, seconds) => {
      if (!readIds.length) throw new Error('no prepared requests to read');
      return {
        url: liaison.url,
        path: readIds.map((id) => `/fhir/ServiceRequest/${id}`),
        headers: { ...(await bearer(liaison, EHR)), Accept: FHIR_JSON },
        connections,
        durationSeconds: seconds,
      };
    },
  },
  {
    name: 'search',
    title: 'FHIR ServiceRequest search status=active & performer, _count=20',
    ceiling: 'framework',
    loadFor: async ({ liaison }, connections, seconds) => ({
      url: liaison.url,
      path: `/fhir/ServiceRequest?status=active&performer=HealthcareService/${SERVICE}&_count=20`,
      headers: { ...(await bearer(liaison, EHR)), Accept: FHIR_JSON },
      connections,
      durationSeconds: seconds,
    }),
  },
  {
    name: 'queue',
    title: "The psychiatrist's triage queue (GET /api/services/{id}/queue)",
    loadFor: async ({ liaison }, connections, seconds) => ({
      url: liaison.url,
      path: `/api/services/${SERVICE}/queue`,
      headers: await bearer(liaison, PSYCHIATRIST),
      connections,
      durationSeconds: seconds,
    }),
  },
  {
    name: 'list',
    title: "The GP's request list (GET /api/requests?limit=20)",
    loadFor: async ({ liaison }, connections, seconds) => ({
      url: liaison.url,
      path: '/api/requests?limit=20',
      headers: await bearer(liaison, GP),
      connections,
      durationSeconds: seconds,
    }),
  },
  {
    name: 'create',
    title: 'FHIR ServiceRequest create (conditional, If-None-Exist)',
    ceiling: 'raw',
    loadFor: async ({ liaison }, connections, seconds) => ({
      url: liaison.url,
      method: 'POST',
      path: '/fhir/ServiceRequest',
      headers: createHeaders(await liaison.tokenFor(EHR), UNIQUE),
      body: serviceRequestBody(UNIQUE),
      unique: UNIQUE,
      connections,
      durationSeconds: seconds,
    }),
  },
  {
    name: 'accept',
    title: 'Accept a submitted request (POST /api/requests/{id}/accept)',
    loadFor: async (ctx, connections, seconds, warmUp) => {
      // Each accept needs its own submitted request: made before the timed run, sized to last about `seconds`.
      const rate = ctx.acceptRate.get(connections) ?? ctx.createRate.get(connections) ?? 100;
      const supply = Math.max(connections * 4, Math.ceil(rate * seconds * (warmUp ? 1 : 1.1)));
      const ids = await createRequests(ctx.liaison, supply, 16);
      return {
        url: ctx.liaison.url,
        method: 'POST',
        path: ids.map((id) => `/api/requests/${id}/accept`),
        headers: { ...(await bearer(ctx.liaison, PSYCHIATRIST)), 'Content-Type': 'application/json' },
        body: JSON.stringify({ agreedForm: 'joint-video' }),
        connections,
        durationSeconds: seconds,
        amount: ids.length,
      };
    },
  },
];

/** The framework ceiling's load: a constant JSON behind the same authentication as a FHIR read, as the same caller. */
export async function frameworkLoad(ctx: BenchContext, connections: number, seconds: number): Promise<LoadOptions> {
  return {
    url: ctx.ceilingServer.url,
    path: CEILING_PATH,
    headers: { ...(await bearer(ctx.ceilingServer, EHR)), Accept: FHIR_JSON },
    connections,
    durationSeconds: seconds,
  };
}
