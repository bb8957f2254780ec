/**
 * The conformance artefacts in fhir/ are valid FHIR R4, agree with the code, and the examples
 * an EHR would send are accepted by the server as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_SYSTEM, EXTENSION, PROFILE, SEARCH_PARAMETER } from '../../src/fhir/canonical.js';
import { STATUS_MAP } from '../../src/fhir/status-map.js';
import { REQUESTED_FORMS, DECLINE_REASONS, OUTCOME_CODES, RISK_FLAGS, SUB_SPECIALTIES } from '../../src/domain/request.js';
import { RECOMMENDATION_KINDS } from '../../src/domain/advice.js';
import { testApi } from '../harness/api.js';
import { assertValidFhir } from '../harness/fhir-assert.js';

const root = join(process.cwd(), 'fhir');
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
const artefacts = readdirSync(root).filter((f) => f.endsWith('.json')).map((f) => ({ file: f, resource: read(join(root, f)) }));
const examples = readdirSync(join(root, 'examples')).map((f) => ({ file: f, resource: read(join(root, 'examples', f)) }));
type Concept = { code: string; concept?: Concept[] };
const flat = (concepts: Concept[]): string[] => concepts.flatMap((c) => [c.code, ...flat(c.concept ?? [])]);
/** Every code of a CodeSystem, nested ones too, sorted. */
const codesOf = (url: string) => {
  const cs = artefacts.find((a) => a.resource.resourceType === 'CodeSystem' && a.resource.url === url);
  expect(cs, url).toBeDefined();
  return flat(cs!.resource.concept as Concept[]).sort();
};

describe('fhir/ artefacts', () => {
  it.each([...artefacts, ...examples])('$file is valid FHIR R4', ({ resource }) => {
    assertValidFhir(resource);
  });

  it('defines every canonical the server uses, under the URL it uses', () => {
    const urls = new Set(artefacts.map((a) => a.resource.url));
    for (const url of [...Object.values(CODE_SYSTEM), ...Object.values(EXTENSION), ...Object.values(PROFILE), ...Object.values(SEARCH_PARAMETER)]) expect(urls, url).toContain(url);
  });

  it('has exactly the codes the domain and the status map use', () => {
    expect(codesOf(CODE_SYSTEM.consultationForm)).toEqual([...REQUESTED_FORMS].sort());
    expect(codesOf(CODE_SYSTEM.declineReason)).toEqual([...DECLINE_REASONS].sort());
    expect(codesOf(CODE_SYSTEM.outcome)).toEqual([...OUTCOME_CODES].sort());
    expect(codesOf(CODE_SYSTEM.riskFlag)).toEqual([...RISK_FLAGS].sort());
    expect(codesOf(CODE_SYSTEM.subSpecialty)).toEqual([...SUB_SPECIALTIES].sort());
    expect(codesOf(CODE_SYSTEM.carePlanActivity)).toEqual([...RECOMMENDATION_KINDS, 'recommendation', 'plan-step', 'follow-up'].sort());
    const business = Object.values(STATUS_MAP).flatMap((row) => (row.business ? [row.business] : []));
    expect(codesOf(CODE_SYSTEM.businessStatus)).toEqual([...new Set(business)].sort());
  });

  it('shows every Task example in a status pair of the status map', () => {
    const pairs = Object.values(STATUS_MAP).map((row) => `${row.task}/${row.business ?? ''}`);
    const tasks = examples.filter((e) => e.resource.resourceType === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(Object.keys(STATUS_MAP).length);
    for (const { file, resource } of tasks) {
      const pair = `${resource.status}/${resource.businessStatus?.coding?.[0]?.code ?? ''}`;
      expect(pairs.includes(pair) || pair === 'rejected/declined', `${file}: ${pair}`).toBe(true);
    }
  });
});

describe('fhir/examples an EHR sends', () => {
  it.each(examples.filter((e) => e.file.startsWith('ServiceRequest-')))('$file is accepted as it is', async ({ resource }) => {
    const api = await testApi();
    const clinic = await api.clinic();
    // The examples name the demo GP by e-mail; this clinic's GP stands in for them.
    const body = { ...resource, requester: { reference: `Practitioner/${clinic.gp.id}` }, performer: [{ reference: `HealthcareService/${clinic.serviceId}` }] };
    const res = await api.call('POST', '/fhir/ServiceRequest', { token: clinic.ehr.token, body, headers: { 'Content-Type': 'application/fhir+json' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    assertValidFhir(res.body);
    expect(res.body.meta.profile).toEqual([PROFILE.serviceRequest]);
  });
});
