/**
 * `_elements` (https://hl7.org/fhir/R4/search.html#elements): a search returns only the elements
 * asked for, plus the mandatory ones, marked SUBSETTED. Element names come from the R4 definitions.
 */
import definitionsFile from '../validation/generated/r4-definitions.json';
import type { Resource } from '../types.js';
import { invalidParameter } from './values.js';

interface SlimDefinition {
  type: string;
  kind?: string;
  snapshot?: { element: { path: string; min?: number }[] };
}

/** Each resource type's top-level elements, and which of them are mandatory (min ≥ 1). */
const TOP_LEVEL = new Map<string, { names: string[]; mandatory: string[] }>();
for (const sd of (definitionsFile as unknown as { structureDefinitions: SlimDefinition[] }).structureDefinitions) {
  if (sd.kind !== 'resource') continue;
  const elements = (sd.snapshot?.element ?? []).filter((e) => e.path.split('.').length === 2).map((e) => ({ name: e.path.split('.')[1]!.replace('[x]', ''), min: e.min ?? 0 }));
  TOP_LEVEL.set(sd.type, { names: elements.map((e) => e.name), mandatory: elements.filter((e) => e.min > 0).map((e) => e.name) });
}

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'subsetted' };

/** The element names of `_elements` (commas; repeated parameters add up); a name the type does not have is a 400. */
export function elementsOf(values: string[], resourceType: string): string[] {
  const known = TOP_LEVEL.get(resourceType)?.names ?? [];
  const names = values.flatMap((v) => v.split(',').map((n) => n.trim()).filter(Boolean));
  const unknown = names.find((n) => !known.includes(n.replace(/^[^.]*\./, '')));
  if (unknown !== undefined) throw invalidParameter('_elements', `${resourceType} has no element '${unknown}'.`);
  return names.map((n) => n.replace(/^[^.]*\./, ''));
}

/** The resource with only these elements (a choice element `value` keeps `valueString` …), its id, meta and mandatory elements. */
export function subset(resource: Resource, elements: string[]): Resource {
  const keep = new Set([...elements, ...(TOP_LEVEL.get(resource.resourceType)?.mandatory ?? [])]);
  const chosen = (key: string) => keep.has(key) || [...keep].some((name) => key.startsWith(name) && /^[A-Z]/.test(key.slice(name.length)));
  const kept = Object.fromEntries(Object.entries(resource).filter(([key]) => key === 'resourceType' || key === 'id' || (key !== 'meta' && chosen(key))));
  const tags = ((resource.meta as Record<string, unknown> | undefined)?.tag as unknown[] | undefined) ?? [];
  const meta = { ...(resource.meta ?? {}), tag: [...tags, SUBSETTED] };
  return { ...kept, resourceType: resource.resourceType, meta } as Resource;
}
