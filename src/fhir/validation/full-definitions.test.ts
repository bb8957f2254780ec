// The test harness (test/harness/fhir-assert.ts) validates against the full official R4 definitions:
// it agrees with the server validator on the server's types, and knows every other resource type.
import { describe, expect, test } from 'vitest';
import { assertValidFhir, fhirErrors, fhirIssues } from '../../../test/harness/fhir-assert.js';
import { capabilityStatementSkeleton, deeplyNested, invalidCases, transactionWithBadEntry, validOperationOutcome, validServiceRequest, validTask } from './validator.cases.js';

describe('assertValidFhir (full R4 definitions)', () => {
  test('passes valid resources', { timeout: 60_000 }, () => {
    for (const r of [validServiceRequest(), validTask(), validOperationOutcome(), capabilityStatementSkeleton()]) assertValidFhir(r);
    const bundle = transactionWithBadEntry();
    bundle.entry[1].resource.priority = 'asap';
    assertValidFhir(bundle);
    assertValidFhir({ resourceType: 'Encounter', status: 'planned', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' } });
  });

  for (const { name, resource, expression } of invalidCases()) {
    test(`refuses ${name}`, () => {
      expect(() => assertValidFhir(resource)).toThrow(expression);
    });
  }

  test('throws an Error listing every issue', () => {
    const r = { ...validServiceRequest(), priority: 'whenever', foo: 1 };
    expect(() => assertValidFhir(r)).toThrow(
      'Invalid FHIR R4 ServiceRequest (2 issues):\n' +
        '  ServiceRequest.foo: Invalid additional property "foo" [structure]\n' +
        '  ServiceRequest.priority: Value "whenever" is not in the required value set http://hl7.org/fhir/ValueSet/request-priority [code-invalid]',
    );
  });

  test('checks required bindings of every resource type, and refuses deep nesting', () => {
    expect(fhirErrors({ resourceType: 'Encounter', status: 'someday', class: { code: 'AMB' } })).toEqual([
      'Encounter.status: Value "someday" is not in the required value set http://hl7.org/fhir/ValueSet/encounter-status [code-invalid]',
    ]);
    expect(fhirErrors(deeplyNested(10_000))[0]).toMatch(/nested deeper than 64/);
    expect(fhirIssues(validServiceRequest())).toEqual([]);
  });
});
