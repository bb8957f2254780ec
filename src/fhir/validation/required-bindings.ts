/**
 * Checks @medplum/core 4.5.2 leaves to others, in one walk of the resource:
 *  - codes of elements with a `required` binding, against a table precomputed from the official R4
 *    value sets (generated/r4-required-valuesets.json);
 *  - calendar dates: date, dateTime and instant values whose day does not exist (2023-02-30);
 *  - the 32-bit range of integer, positiveInt and unsignedInt;
 *  - one type per choice element: not both valueString and valueBoolean (or _valueBoolean).
 * Runs on Workers: no I/O, the table is passed in.
 *
 * The walk visits the elements the resource holds (present-elements.ts), in the order of their
 * definition, as @medplum/core's crawler would have reached them; the crawler visits every element a
 * type defines, present or not, and cost a create a tenth of its CPU. Against a profile (whose
 * elements may name nested paths) the crawler itself still walks.
 */
import { crawlTypedValue, getDataType, isPrimitiveType, toTypedValue, type CrawlerVisitor, type InternalSchemaElement, type InternalTypeSchema, type TypedValueWithPath } from '@medplum/core';
import { capitalize, presentElements, typedValues } from './present-elements.js';
import type { Resource } from '@medplum/fhirtypes';
import type { FhirIssue } from './validator.js';

/** { [valueSetUrl]: { [system]: codes[] } }, or null for a value set that cannot be enumerated locally. */
export type RequiredValueSetTable = Record<string, Record<string, string[]> | null>;

interface CompiledValueSet {
  bySystem: Map<string, Set<string>>;
  anyCode: Set<string>;
}

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/;

export class RequiredBindingChecker {
  private readonly compiled = new Map<string, CompiledValueSet | null>();

  constructor(private readonly table: RequiredValueSetTable) {}

  /** Issues for the resource; `schema` is a parsed profile, else the resource type's definition. */
  check(resource: Resource, schema?: InternalTypeSchema): FhirIssue[] {
    const issues: FhirIssue[] = [];
    if (schema) {
      this.checkWithCrawler(resource, schema, issues);
    } else {
      const rootSchema = getDataType(resource.resourceType);
      this.walk({ type: resource.resourceType, value: resource, path: rootSchema.path }, rootSchema, issues);
    }
    return issues;
  }

  /** The elements present in `parent`, then into each value that is not a primitive. */
  private walk(parent: TypedValueWithPath, typeSchema: InternalTypeSchema, issues: FhirIssue[]): void {
    for (const found of presentElements(parent.value as Record<string, unknown>, typeSchema)) {
      if (found.choices) checkSingleChoice(parent, found.key.slice(0, -3), found.element.type, issues, found.choices);
      const values = typedValues(parent, found);
      this.visit(found.element, values, issues);
      for (const v of values) {
        if (!isPrimitiveType(v.type)) this.walk(v, getDataType(v.type), issues);
      }
    }
  }

  /** The crawler's walk: every element of every type, present or not. */
  private checkWithCrawler(resource: Resource, schema: InternalTypeSchema, issues: FhirIssue[]): void {
    const visitor: CrawlerVisitor = {
      visitProperty: (parent, key, _path, propertyValues, typeSchema) => {
        const element = typeSchema.elements[key];
        if (!element) return;
        if (key.endsWith('[x]')) checkSingleChoice(parent, key.slice(0, -3), element.type, issues);
        this.visit(element, propertyValues.flat() as TypedValueWithPath[], issues);
      },
    };
    crawlTypedValue(toTypedValue(resource), visitor, { schema, initialPath: schema.path });
  }

  /** Dates, integers and required codes of one element's values. */
  private visit(element: InternalSchemaElement, values: TypedValueWithPath[], issues: FhirIssue[]): void {
    const binding = element.binding?.strength === 'required' && element.binding.valueSet ? element.binding.valueSet : undefined;
    const valueSet = binding ? this.valueSet(binding) : null;
    for (const v of values) {
      if (v?.value === undefined || v.value === null) continue;
      checkPrimitive(v, issues);
      if (!valueSet || !binding) continue;
      const bad = invalidCode(v, valueSet);
      if (bad !== undefined) {
        issues.push({
          severity: 'error',
          code: 'code-invalid',
          diagnostics: `${bad} is not in the required value set ${stripVersion(binding)}`,
          expression: [v.path],
        });
      }
    }
  }

  private valueSet(url: string): CompiledValueSet | null {
    const key = stripVersion(url);
    let c = this.compiled.get(key);
    if (c === undefined) {
      const raw = this.table[key];
      c = raw ? { bySystem: new Map(Object.entries(raw).map(([s, codes]) => [s, new Set(codes)])), anyCode: new Set(Object.values(raw).flat()) } : null;
      this.compiled.set(key, c);
    }
    return c;
  }
}

const stripVersion = (url: string) => url.split('|')[0] ?? url;

/** A primitive's own value; a primitive with an extension (`_birthDate`) is a String/Number object. */
function primitive(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? (value as { valueOf(): unknown }).valueOf() : value;
}

function checkPrimitive(v: TypedValueWithPath, issues: FhirIssue[]): void {
  switch (v.type) {
    case 'date':
    case 'dateTime':
    case 'instant': {
      const s = primitive(v.value);
      if (typeof s === 'string' && impossibleDate(s)) {
        issues.push({ severity: 'error', code: 'value', diagnostics: `Invalid ${v.type} value: ${JSON.stringify(s)} is not a calendar date`, expression: [v.path] });
      }
      return;
    }
    case 'integer':
    case 'positiveInt':
    case 'unsignedInt': {
      const n = primitive(v.value);
      if (typeof n === 'number' && Number.isInteger(n) && (n < INT_MIN || n > INT_MAX)) {
        issues.push({ severity: 'error', code: 'value', diagnostics: `Invalid ${v.type} value: ${n} is outside the 32-bit range`, expression: [v.path] });
      }
      return;
    }
    default:
      return;
  }
}

/**
 * `value[x]` takes one type: valueString, or valueBoolean, not both (a `_valueX` counts as its type).
 * `present`: the JSON names already found for it (present-elements.ts), else read from the object.
 */
function checkSingleChoice(parent: TypedValueWithPath, base: string, types: { code: string }[], issues: FhirIssue[], present?: string[]): void {
  if (!present) {
    const object = parent.value as Record<string, unknown> | null;
    if (!object || typeof object !== 'object' || Array.isArray(object)) return;
    const suffixes = new Set(types.map((t) => capitalize(t.code)));
    present = [];
    for (const key of Object.keys(object)) {
      const name = key.startsWith('_') ? key.slice(1) : key;
      const suffix = name.startsWith(base) ? name.slice(base.length) : '';
      if (suffixes.has(suffix) && !present.includes(name)) present.push(name);
    }
  }
  if (present.length > 1) {
    issues.push({
      severity: 'error',
      code: 'structure',
      diagnostics: `${base}[x] takes a single type: ${present.join(' or ')}, not both`,
      expression: present.map((name) => `${parent.path}.${name}`),
    });
  }
}

/** True when YYYY-MM-DD names a day its month does not have (month 13 and day 32 fail the format check). */
export function impossibleDate(s: string): boolean {
  const m = DATE_PREFIX.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day > days;
}

/** A description of the value when it is not in the value set, else undefined. */
function invalidCode(v: TypedValueWithPath, vs: CompiledValueSet): string | undefined {
  const value = v.value as Record<string, unknown>;
  const inSystem = (system: unknown, code: unknown) =>
    typeof code === 'string' && (typeof system === 'string' ? !!vs.bySystem.get(system)?.has(code) : vs.anyCode.has(code));
  const shown = (system: unknown, code: unknown) => JSON.stringify(`${typeof system === 'string' ? system : ''}|${String(code ?? '')}`);
  switch (v.type) {
    case 'code':
    case 'string':
    case 'uri': {
      const s = primitive(v.value);
      return typeof s !== 'string' || vs.anyCode.has(s) ? undefined : `Value ${JSON.stringify(s)}`;
    }
    case 'Coding':
    case 'Quantity':
      return value.code === undefined || inSystem(value.system, value.code) ? undefined : `Code ${shown(value.system, value.code)}`;
    case 'CodeableConcept': {
      const codings = (Array.isArray(value.coding) ? value.coding : []) as Record<string, unknown>[];
      if (codings.some((c) => typeof c?.system === 'string' && inSystem(c.system, c.code))) return undefined;
      return codings.length ? `No coding of ${codings.map((c) => shown(c?.system, c?.code)).join(', ')}` : 'A CodeableConcept without a coding';
    }
    default:
      return undefined;
  }
}
