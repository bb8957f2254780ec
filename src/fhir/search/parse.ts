/**
 * Turns FHIR search parameters into request filters. Unknown parameters are ignored under
 * `Prefer: handling=lenient` (the default; reported in the Bundle) and refused under
 * `handling=strict` (https://hl7.org/fhir/R4/search.html#errors).
 */
import { DomainError } from '../../domain/errors.js';
import type { RequestFilters, RequestSort } from '../../services/ports.js';
import { SORTS, type SearchParamDefinition } from './params.js';
import { invalidParameter } from './values.js';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

export interface ParsedSearch {
  filters: RequestFilters;
  sort: RequestSort;
  count: number;
  revincludeTasks: boolean;
  /** Parameters ignored under lenient handling, to report back. */
  ignored: string[];
  /** The parameters that were applied, to build the self link. */
  applied: [string, string][];
}

/** Result parameters Liaison understands beyond the per-type ones. */
// Others (_summary, _elements, _total, …) are not supported: ignored and reported, or refused when strict.
const CONTROL = new Set(['_count', '_sort', '_revinclude', '_format']);

export function parseSearch(
  params: [string, string][],
  definitions: SearchParamDefinition[],
  options: { strict: boolean; sorts: string[]; revinclude?: string },
): ParsedSearch {
  const filters: RequestFilters = {};
  const ignored: string[] = [];
  const applied: [string, string][] = [];
  const byName = new Map<string, { def: SearchParamDefinition; modifier: string | undefined; values: string[] }>();
  let sort: RequestSort = 'updated-desc';
  let count = DEFAULT_COUNT;
  let revincludeTasks = false;

  for (const [rawName, value] of params) {
    const [name, modifier] = rawName.split(':') as [string, string | undefined];
    if (CONTROL.has(name)) {
      if (name === '_count') count = countOf(value);
      else if (name === '_sort') sort = sortOf(value, options.sorts);
      else if (name === '_revinclude') {
        if (value !== options.revinclude) unknown(`_revinclude=${value}`, options.strict, ignored);
        else revincludeTasks = true;
      }
      applied.push([rawName, value]);
      continue;
    }
    const def = definitions.find((d) => d.name === name);
    if (!def) {
      unknown(rawName, options.strict, ignored);
      continue;
    }
    // A modifier changes a parameter's meaning: ignoring it would return wrong results, even when lenient.
    if (modifier !== undefined && !def.modifiers?.includes(modifier)) throw invalidParameter(rawName, `the modifier :${modifier} is not supported here.`);
    if (value === '') throw invalidParameter(rawName, 'an empty value matches nothing; leave the parameter out.');
    const entry = byName.get(rawName) ?? { def, modifier, values: [] };
    entry.values.push(value);
    byName.set(rawName, entry);
    applied.push([rawName, value]);
  }
  for (const { def, modifier, values } of byName.values()) def.apply(filters, values, modifier);
  return { filters, sort, count, revincludeTasks, ignored, applied };
}

function unknown(name: string, strict: boolean, ignored: string[]): void {
  if (strict) {
    throw new DomainError('invalid_input', `Unknown search parameter '${name}' (Prefer: handling=strict).`, {
      issues: [{ field: name, message: 'Not a search parameter of this resource type; see the CapabilityStatement.', code: 'not-supported' }],
    });
  }
  ignored.push(name);
}

/** `_count`: absent is the default page, more than the cap is the cap. */
export function countOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_COUNT;
  if (!/^\d{1,6}$/.test(value)) throw invalidParameter('_count', 'a whole number is expected.');
  // _count=0 asks for no entries (https://hl7.org/fhir/R4/search.html#count).
  return Math.min(Number(value), MAX_COUNT);
}

function sortOf(value: string, allowed: string[]): RequestSort {
  if (!allowed.includes(value) || !SORTS[value]) throw invalidParameter('_sort', `supported: ${allowed.join(', ')}.`);
  return SORTS[value];
}

/**
 * For the small searches that take a fixed set of parameters (Communication, HealthcareService):
 * the unknown ones are reported (lenient) or refused (strict), as for ServiceRequest and Task.
 */
export function screenParameters(params: [string, string][], known: string[], strict: boolean): string[] {
  const ignored: string[] = [];
  for (const [name] of params) if (!known.includes(name) && name !== '_format') unknown(name, strict, ignored);
  return ignored;
}
