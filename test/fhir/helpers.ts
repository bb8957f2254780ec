/**
 * Helpers of the FHIR integration tests: a clinic per test, FHIR calls that check every
 * resource the server returns against the official R4 definitions, OperationOutcome checks,
 * and ServiceRequest bodies the way an EHR would write them.
 *
 * The canonical URLs are spelled out here (not imported from src/) on purpose: they are a
 * published contract, and a test must notice when the server changes them.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { testApi, type ApiResponse, type TestApi } from '../harness/api.js';
import type { Clinic, ClinicOptions, Person } from '../harness/clinic.js';
import { assertValidFhir } from '../harness/fhir-assert.js';

export type Json = Record<string, any>;
/** A FHIR resource as JSON. */
export type Resource = { resourceType: string; [key: string]: any };

export interface Ctx {
  api: TestApi;
  clinic: Clinic;
}

export async function newCtx(options?: ClinicOptions): Promise<Ctx> {
  const api = await testApi();
  return { api, clinic: await api.clinic(options) };
}

/** In-process calls have this origin; paging links, Locations and `aud` are built on it. */
export const ORIGIN = 'http://liaison.test';
export const BASE = `${ORIGIN}/fhir`;

const CANONICAL = 'https://liaison.example.org/fhir';
export const EXT = {
  clinicalQuestion: `${CANONICAL}/StructureDefinition/clinical-question`,
  consent: `${CANONICAL}/StructureDefinition/shared-consultation-consent`,
  riskFlag: `${CANONICAL}/StructureDefinition/risk-flag`,
  requestedPriority: `${CANONICAL}/StructureDefinition/requested-priority`,
} as const;
export const CS = {
  form: `${CANONICAL}/CodeSystem/consultation-form`,
  businessStatus: `${CANONICAL}/CodeSystem/business-status`,
  outcome: `${CANONICAL}/CodeSystem/consultation-outcome`,
  declineReason: `${CANONICAL}/CodeSystem/decline-reason`,
  taskOutput: `${CANONICAL}/CodeSystem/task-output`,
  riskFlag: `${CANONICAL}/CodeSystem/risk-flag`,
  messageKind: `${CANONICAL}/CodeSystem/message-kind`,
} as const;
export const REFERENCE_SYSTEM = `${CANONICAL}/sid/request-reference`;
export const ORDER_SYSTEM = 'urn:oid:1.2.3.4.5.6.7';
export const PATIENT_SYSTEM = 'https://demo-practice.example.org/sid/patient-number';
export const LOINC = 'http://loinc.org';

export const uniqueValue = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/** Throws unless the value is valid FHIR R4 (every resource the server returns goes through here). */
export function expectValidFhir(resource: unknown): void {
  assertValidFhir(resource);
}

/** A call below /fhir as `who` (null: no token). Sends FHIR JSON; a FHIR body that comes back must be valid R4. */
export async function fhir(
  ctx: Ctx,
  who: Person | null,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { Accept: 'application/fhir+json', ...options.headers };
  if ((options.body !== undefined || options.rawBody !== undefined) && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/fhir+json';
  }
  const res = await ctx.api.call(method, `/fhir${path}`, { ...(who ? { token: who.token } : {}), ...options, headers });
  if (res.body && typeof res.body === 'object' && 'resourceType' in res.body) {
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expectValidFhir(res.body);
  }
  return res;
}

/** Reads that must succeed; returns the resource. */
export async function get(ctx: Ctx, who: Person, path: string, headers?: Record<string, string>): Promise<Json> {
  const res = await fhir(ctx, who, 'GET', path, headers ? { headers } : {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const STACK_TRACE = /(\\n|\n)\s*at\s|\.[cm]?[jt]sx?:\d+|node_modules/;

/** An OperationOutcome with the status (and first issue code), as FHIR JSON, with nothing internal in it. */
export function expectOutcome(res: ApiResponse, status: number, code?: string): Json {
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  expect(res.body.resourceType).toBe('OperationOutcome');
  expect(res.body.issue[0]).toMatchObject({ severity: expect.stringMatching(/^(error|fatal)$/), diagnostics: expect.stringMatching(/\S/) });
  if (code) expect(res.body.issue[0].code).toBe(code);
  expect(text).not.toMatch(STACK_TRACE);
  return res.body;
}

/** Every `expression` of an OperationOutcome, flattened. */
export const expressionsOf = (outcome: Json): string[] => (outcome.issue as Json[]).flatMap((i) => (i.expression ?? []) as string[]);

export interface RequestOptions {
  status?: 'draft' | 'active';
  priority?: string;
  form?: string;
  question?: string;
  patient?: string;
  order?: string;
  requester?: Person;
  serviceId?: string;
}

/** A ServiceRequest an EHR would post: contained Patient, clinical question, consent, form, order number. */
export function serviceRequestBody(clinic: Clinic, o: RequestOptions = {}, extra: Json = {}): Resource {
  return {
    resourceType: 'ServiceRequest',
    contained: [
      {
        resourceType: 'Patient',
        id: 'pat',
        identifier: [{ system: PATIENT_SYSTEM, value: o.patient ?? uniqueValue('PAT') }],
        name: [{ family: 'Lindholm', given: ['Maren'] }],
        gender: 'female',
        birthDate: '1987-06-14',
      },
    ],
    extension: [
      { url: EXT.clinicalQuestion, valueString: o.question ?? 'Depression not improving on sertraline: switch or augment?' },
      { url: EXT.consent, extension: [{ url: 'given', valueBoolean: true }] },
    ],
    identifier: [{ system: ORDER_SYSTEM, value: o.order ?? uniqueValue('ORD') }],
    status: o.status ?? 'active',
    intent: 'order',
    priority: o.priority ?? 'routine',
    code: { coding: [{ system: CS.form, code: o.form ?? 'joint-video' }] },
    subject: { reference: '#pat' },
    requester: { reference: `Practitioner/${(o.requester ?? clinic.gp).id}` },
    performer: [{ reference: `HealthcareService/${o.serviceId ?? clinic.serviceId}` }],
    ...extra,
  };
}

/**
 * A colleague's example from fhir/examples, made to fit a test clinic: its service, its GP,
 * a fresh order number (examples name the demo directory's service and GP).
 */
export function exampleServiceRequest(name: string, clinic: Clinic): Resource {
  const example = JSON.parse(readFileSync(new URL(`../../fhir/examples/ServiceRequest-${name}.json`, import.meta.url), 'utf8')) as Resource;
  return {
    ...example,
    identifier: [{ system: ORDER_SYSTEM, value: uniqueValue('ORD') }],
    requester: { reference: `Practitioner/${clinic.gp.id}`, display: 'Test gp' },
    performer: [{ reference: `HealthcareService/${clinic.serviceId}` }],
  };
}

/** POST /fhir/ServiceRequest as `who` (the clinic's EHR by default); must be 201. */
export async function createRequest(ctx: Ctx, o: RequestOptions = {}, extra: Json = {}, who: Person = ctx.clinic.ehr): Promise<Json> {
  const res = await fhir(ctx, who, 'POST', '/ServiceRequest', { body: serviceRequestBody(ctx.clinic, o, extra) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** PUT with If-Match of the resource's own version; returns the response. */
export function put(ctx: Ctx, who: Person, resource: Json, changes: Json, version = resource.meta.versionId): Promise<ApiResponse> {
  return fhir(ctx, who, 'PUT', `/${resource.resourceType}/${resource.id}`, { body: { ...resource, ...changes }, headers: { 'If-Match': `W/"${version}"` } });
}

/** Search as `who`; must be a 200 searchset. */
export async function search(ctx: Ctx, who: Person, path: string, headers?: Record<string, string>): Promise<Json> {
  const bundle = await get(ctx, who, path, headers);
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
  return bundle;
}

/** Ids of the `match` entries, in order. */
export const matchIds = (bundle: Json): string[] =>
  ((bundle.entry ?? []) as Json[]).filter((e) => e.search?.mode === 'match').map((e) => String(e.resource.id));

/** The same ids, sorted, to compare sets. */
export const sortedIds = (bundle: Json): string[] => matchIds(bundle).sort();
export const sorted = (...ids: string[]): string[] => [...ids].sort();

export const linkOf = (bundle: Json, relation: string): string | undefined => ((bundle.link ?? []) as Json[]).find((l) => l.relation === relation)?.url;

/** A Task output of our task-output CodeSystem. */
export function taskOutput(code: string, value: Json): Json {
  return { type: { coding: [{ system: CS.taskOutput, code }] }, ...value };
}
