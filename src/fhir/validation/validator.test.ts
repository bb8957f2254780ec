import { describe, expect, test } from 'vitest';
import definitionsFile from './generated/r4-definitions.json';
import { impossibleDate } from './required-bindings.js';
import {
  capabilityStatementSkeleton,
  deeplyNested,
  invalidCases,
  transactionWithBadEntry,
  validOperationOutcome,
  validServiceRequest,
  validTask,
} from './validator.cases.js';
import valueSetsFile from './generated/r4-required-valuesets.json';
import { createFhirValidator, validateFhir, type FhirIssue, type FhirValidationResult } from './validator.js';

const errorsOf = (r: FhirValidationResult): FhirIssue[] => (r.ok ? [] : r.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal'));

describe('validateFhir accepts', () => {
  test('a ServiceRequest with a contained Patient', () => {
    expect(validateFhir(validServiceRequest())).toEqual({ ok: true });
    expect(validateFhir(validServiceRequest(), { resourceType: 'ServiceRequest' })).toEqual({ ok: true });
  });

  test('a Task, an OperationOutcome and a CapabilityStatement skeleton', () => {
    expect(validateFhir(validTask())).toEqual({ ok: true });
    expect(validateFhir(validOperationOutcome())).toEqual({ ok: true });
    expect(validateFhir(capabilityStatementSkeleton())).toEqual({ ok: true });
  });

  test('a transaction Bundle with urn:uuid references, leap days and primitive extensions', () => {
    const bundle = transactionWithBadEntry();
    bundle.entry[1].resource.priority = 'routine';
    expect(validateFhir(bundle)).toEqual({ ok: true });
    expect(validateFhir({ resourceType: 'Patient', birthDate: '2024-02-29', _gender: { extension: [{ url: 'http://example.org/x', valueString: 'y' }] } })).toEqual({ ok: true });
    const absolute = { ...validServiceRequest(), requester: { reference: 'https://ehr.example.org/fhir/Practitioner/7' } };
    expect(validateFhir(absolute)).toEqual({ ok: true });
  });
});

describe('validateFhir refuses', () => {
  for (const { name, resource, expression, code } of invalidCases()) {
    test(`${name}, at ${expression}`, () => {
      const result = validateFhir(resource);
      expect(result.ok).toBe(false);
      const errors = errorsOf(result);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]!.expression).toContain(expression);
      if (code) expect(errors[0]!.code).toBe(code);
      expect(errors[0]!.diagnostics).toBeTruthy();
    });
  }

  test("priority 'whenever' with an OperationOutcome issue naming the value set", () => {
    expect(validateFhir({ ...validServiceRequest(), priority: 'whenever' })).toEqual({
      ok: false,
      issues: [
        {
          severity: 'error',
          code: 'code-invalid',
          diagnostics: 'Value "whenever" is not in the required value set http://hl7.org/fhir/ValueSet/request-priority',
          expression: ['ServiceRequest.priority'],
        },
      ],
    });
  });

  test('a transaction Bundle whose entry is bad, pointing into the entry', () => {
    const bundle = transactionWithBadEntry();
    delete bundle.entry[0].request.method;
    const errors = errorsOf(validateFhir(bundle));
    expect(errors.map((e) => e.expression)).toEqual([['Bundle.entry[0].request.method'], ['Bundle.entry[1].resource.priority']]);
  });

  test('10,000-deep nesting quickly, without a crash', () => {
    for (const kind of ['garbage', 'extensions'] as const) {
      const resource = deeplyNested(10_000, kind);
      const started = performance.now();
      const result = validateFhir(resource);
      expect(performance.now() - started).toBeLessThan(100);
      expect(result.ok).toBe(false);
      expect(errorsOf(result)).toEqual([expect.objectContaining({ code: 'too-costly', diagnostics: 'JSON nested deeper than 64 levels' })]);
    }
    expect(validateFhir(deeplyNested(20, 'extensions')).ok).toBe(true);
  });

  test('what overflows the stack without the depth guard, as an issue rather than a throw', () => {
    const unguarded = createFhirValidator({
      structureDefinitions: (definitionsFile as unknown as { structureDefinitions: never[] }).structureDefinitions,
      requiredValueSets: (valueSetsFile as unknown as { valueSets: Record<string, null> }).valueSets,
      maxDepth: Number.MAX_SAFE_INTEGER,
    });
    const result = unguarded.validate(deeplyNested(20_000));
    expect(result.ok).toBe(false);
    expect(errorsOf(result)).toContainEqual(expect.objectContaining({ severity: 'fatal', code: 'too-costly' }));
  });

  test('anything but a JSON object with a resourceType', () => {
    for (const input of [null, undefined, 'ServiceRequest', 42, [validServiceRequest()], {}, { resourceType: 7 }]) {
      const result = validateFhir(input);
      expect(result.ok).toBe(false);
      expect(errorsOf(result)).toHaveLength(1);
    }
  });

  test('another resourceType than the one expected', () => {
    expect(validateFhir(validTask(), { resourceType: 'ServiceRequest' })).toEqual({
      ok: false,
      issues: [{ severity: 'error', code: 'invalid', diagnostics: 'Expected a ServiceRequest, not a Task', expression: ['resourceType'] }],
    });
  });

  test('resource types outside the server definitions, top-level or contained', () => {
    expect(errorsOf(validateFhir({ resourceType: 'ResearchStudy', status: 'active' }))).toEqual([
      { severity: 'error', code: 'not-supported', diagnostics: 'Resource type "ResearchStudy" is not supported here', expression: ['ResearchStudy'] },
    ]);
    const sr = validServiceRequest();
    sr.contained.push({ resourceType: 'ResearchStudy', id: 'e1', status: 'active' });
    expect(errorsOf(validateFhir(sr))).toEqual([expect.objectContaining({ code: 'not-supported', expression: ['ServiceRequest.contained[1]'] })]);
    expect(errorsOf(validateFhir({ resourceType: 'Resource' }))[0]?.code).toBe('not-supported');
  });
});

describe('validateFhir with a profile', () => {
  // A constraint profile with a snapshot: the base ServiceRequest, requester required.
  const base = (definitionsFile as unknown as { structureDefinitions: { name: string; snapshot: { element: { path: string; min?: number }[] } }[] }).structureDefinitions.find(
    (sd) => sd.name === 'ServiceRequest',
  )!;
  const profile = structuredClone(base) as any;
  Object.assign(profile, { url: 'https://liaison.example.org/fhir/StructureDefinition/liaison-servicerequest', name: 'LiaisonServiceRequest', derivation: 'constraint' });
  profile.snapshot.element.find((e: { path: string }) => e.path === 'ServiceRequest.requester').min = 1;

  test('applies the profile and the required bindings', () => {
    const r = validServiceRequest();
    delete r.requester;
    expect(validateFhir(r).ok).toBe(true);
    expect(errorsOf(validateFhir(r, { profile }))).toEqual([expect.objectContaining({ expression: ['ServiceRequest.requester'], code: 'structure' })]);
    expect(errorsOf(validateFhir({ ...validServiceRequest(), priority: 'whenever' }, { profile }))[0]?.expression).toEqual(['ServiceRequest.priority']);
  });
});

test('impossibleDate knows month lengths and leap years', () => {
  for (const d of ['2023-02-29', '2023-02-30', '2023-04-31', '1900-02-29', '2023-06-31T00:00:00Z']) expect(impossibleDate(d), d).toBe(true);
  for (const d of ['2024-02-29', '2000-02-29', '2023-01-31', '2023-12-31', '2023-02', '2023', '2023-04-30T23:59:59+02:00']) expect(impossibleDate(d), d).toBe(false);
});
