/**
 * Turns FHIR search parameters into filters and result options. Unknown parameters are ignored
 * under `Prefer: handling=lenient` (the default; reported in the Bundle) and refused under
 * `handling=strict` (https://hl7.org/fhir/R4/search.html#errors) — except what would widen the
 * result: a chain, an unsupported modifier, or a parameter naming the patient is always a 400.
 */
import { DomainError } from '../../domain/errors.js';
import type { RequestFilters, RequestSort } from '../../services/queries.js';
import { elementsOf } from './elements.js';
import { SORTS, type SearchParamDefinition } from './params.js';
import { invalidParameter } from './values.js';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

export interface SearchOptions {
  strict: boolean;
  /** The resource type searched (for `_elements`). */
  type: string;
  /** The FHIR base: absolute references elsewhere name nothing here. */
  base: string;
  sorts?: string[];
  /** `_include` and `_revinclude` values this search can serve, e.g. `ServiceRequest:requester`. */
  includes?: string[];
  revincludes?: string[];
}

export interface ParsedSearch<F = RequestFilters> {
  filters: F;
  sort: RequestSort;
  count: number;
  /** The `_include` / `_revinclude` values asked for (each one this search serves). */
  includes: string[];
  revincludes: string[];
  /** `_total=accurate|estimate` (or `_summary=count`): Bundle.total is given. */
  total: boolean;
  /** `_summary=count`: the total only, no entries. */
  countOnly: boolean;
  /** `_elements`: only these elements (and the mandatory ones). */
  elements: string[] | undefined;
  /** Parameters ignored under lenient handling, to report back. */
  ignored: string[];
  /** The parameters that were applied, as applied (a capped `_count` at its cap), for the self link. */
  applied: [string, string][];
}

/** Result parameters every search takes besides its own; `_page` is the paging machinery's. */
const GENERAL = new Set(['_count', '_sort', '_include', '_revinclude', '_total', '_summary', '_elements', '_format', '_pretty']);

/** Parameters that name or narrow by the patient: ignoring one would disclose other patients' requests. */
const PATIENT_NAMES = new Set(['patient', 'subject', '_has', 'birthdate', 'family', 'given', 'gender']);

export function parseSearch<F = RequestFilters>(params: [string, string][], definitions: SearchParamDefinition<F>[], options: SearchOptions, filters: F = {} as F): ParsedSearch<F> {
  const parsed: ParsedSearch<F> = { filters, sort: 'updated-desc', count: DEFAULT_COUNT, includes: [], revincludes: [], total: false, countOnly: false, elements: undefined, ignored: [], applied: [] };
  const byName = new Map<string, { def: SearchParamDefinition<F>; modifier: string | undefined; values: string[] }>();
  for (const [rawName, value] of params) {
    const [name, modifier] = rawName.split(':') as [string, string | undefined];
    if (GENERAL.has(name)) {
      if (general(parsed, name, value, options)) parsed.applied.push([rawName, name === '_count' ? String(parsed.count) : value]);
      continue;
    }
    const def = definitions.find((d) => d.name === name);
    const chained = name.split('.')[0]!;
    if (!def || name.includes('.')) {
      // A chain or a patient filter Liaison does not serve would widen the result: refused, even when lenient.
      if (name.includes('.') || PATIENT_NAMES.has(chained)) {
        const known = definitions.some((d) => d.name === chained);
        throw invalidParameter(rawName, known ? `chained searches are not supported; use ${chained}:identifier=system|value (see the CapabilityStatement).` : 'Liaison cannot search this resource type by it (see the CapabilityStatement).');
      }
      unknown(rawName, options.strict, parsed.ignored);
      continue;
    }
    // A modifier changes a parameter's meaning: ignoring it would return wrong results, even when lenient.
    if (modifier !== undefined && !def.modifiers?.includes(modifier)) throw invalidParameter(rawName, `the modifier :${modifier} is not supported here.`);
    if (value === '') throw invalidParameter(rawName, 'an empty value matches nothing; leave the parameter out.');
    const entry = byName.get(rawName) ?? { def, modifier, values: [] };
    entry.values.push(value);
    byName.set(rawName, entry);
    parsed.applied.push([rawName, value]);
  }
  for (const { def, modifier, values } of byName.values()) def.apply(parsed.filters, values, modifier, options.base);
  return parsed;
}

/** One result parameter; false when it was not applied (ignored under lenient handling). */
function general(parsed: ParsedSearch<unknown>, name: string, value: string, options: SearchOptions): boolean {
  switch (name) {
    case '_count':
      parsed.count = countOf(value);
      return true;
    case '_sort':
      if (!options.sorts) return ignore(parsed, `_sort=${value}`, options);
      parsed.sort = sortOf(value, options.sorts);
      return true;
    case '_include':
    case '_revinclude': {
      const served = (name === '_include' ? options.includes : options.revincludes) ?? [];
      if (!served.includes(value)) return ignore(parsed, `${name}=${value}`, options);
      (name === '_include' ? parsed.includes : parsed.revincludes).push(value);
      return true;
    }
    case '_total':
      if (!['none', 'estimate', 'accurate'].includes(value)) throw invalidParameter('_total', 'none, estimate or accurate.');
      parsed.total = value !== 'none';
      return true;
    case '_summary':
      // `count` and `false` (the whole resources) are served; the narrative and summary views are not.
      if (value === 'count') parsed.countOnly = parsed.total = true;
      else if (value !== 'false') return ignore(parsed, `_summary=${value}`, options);
      return true;
    case '_elements':
      parsed.elements = [...(parsed.elements ?? []), ...elementsOf([value], options.type)];
      return true;
    default:
      // _format and _pretty shape the response (src/fhir/negotiation.ts).
      return name === '_pretty' ? /^(true|false)$/.test(value) || ignore(parsed, `_pretty=${value}`, options) : true;
  }
}

function ignore(parsed: ParsedSearch<unknown>, what: string, options: SearchOptions): false {
  unknown(what, options.strict, parsed.ignored);
  return false;
}

function unknown(name: string, strict: boolean, ignored: string[]): void {
  if (strict) {
    throw new DomainError('invalid_input', `Unsupported search parameter '${name}' (Prefer: handling=strict).`, {
      issues: [{ field: name, message: 'Not supported for this resource type; see the CapabilityStatement.', code: 'not-supported' }],
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
 * For reads with a fixed set of parameters (history): the unknown ones are reported (lenient) or
 * refused (strict); `_format` and `_pretty` are general and always accepted.
 */
export function screenParameters(params: [string, string][], known: string[], strict: boolean): string[] {
  const ignored: string[] = [];
  for (const [name] of params) if (!known.includes(name) && name !== '_format' && name !== '_pretty') unknown(name, strict, ignored);
  return ignored;
}
