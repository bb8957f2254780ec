/**
 * FHIR R4 validation of a resource against the official R4 StructureDefinitions, on Node and Workers.
 *
 *  1. a non-recursive pre-scan: a JSON object, the expected resourceType, nesting at most `maxDepth`
 *     (the checks below recurse), no empty object or array, no resource of a type we do not know;
 *  2. @medplum/core `validateResource`: types, cardinality, unknown elements, primitive formats, FHIRPath
 *     invariants, recursively through contained resources and Bundle entries;
 *  3. RequiredBindingChecker: codes of required bindings, impossible calendar dates, 32-bit integers.
 *
 * Only 'error' and 'fatal' issues make a resource invalid. The definitions are indexed once per process
 * or isolate, on the first validation (Workers start-up stays cheap). @medplum/core keeps its index in
 * module-global state: every validator in a process shares it (see createFhirValidator).
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, parseStructureDefinition, validateResource, type InternalTypeSchema } from '@medplum/core';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import definitionsFile from './generated/r4-definitions.json';
import valueSetsFile from './generated/r4-required-valuesets.json';
import { RequiredBindingChecker, type RequiredValueSetTable } from './required-bindings.js';

/** An OperationOutcome.issue, as src/fhir/outcome.ts renders it. */
export interface FhirIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  /** https://hl7.org/fhir/R4/valueset-issue-type.html */
  code: string;
  diagnostics: string;
  /** FHIRPath-like location, e.g. `ServiceRequest.priority`, `Bundle.entry[1].resource.subject`. */
  expression?: string[];
}

/** Valid (possibly with warnings), or invalid with every issue, errors first. */
export type FhirValidationResult = { ok: true; warnings?: FhirIssue[] } | { ok: false; issues: FhirIssue[] };

export interface ValidateOptions {
  /** Refuse any other top-level resourceType (e.g. 'ServiceRequest' for POST /ServiceRequest). */
  resourceType?: string;
  /** A constraint profile WITH a snapshot, validated instead of the base definition of its type. */
  profile?: StructureDefinition;
}

export interface FhirValidatorInit {
  /** R4 StructureDefinitions with snapshots: every data type, Resource, DomainResource and the resource types to accept. A function is called on first use. */
  structureDefinitions: StructureDefinition[] | (() => StructureDefinition[]);
  /** Codes of the required-binding value sets (definitions.ts buildRequiredValueSetTable). A function is called on first use. */
  requiredValueSets: RequiredValueSetTable | (() => RequiredValueSetTable);
  /** Deeper JSON is refused before any recursive check. Default 64. */
  maxDepth?: number;
}

export interface FhirValidator {
  validate(resource: unknown, options?: ValidateOptions): FhirValidationResult;
}

export const DEFAULT_MAX_DEPTH = 64;
/** The pre-scan stops reporting after this many issues. */
const MAX_SCAN_ISSUES = 20;

interface Loaded {
  resourceTypes: ReadonlySet<string>;
  bindings: RequiredBindingChecker;
}

/**
 * A validator over the given definitions, indexed lazily on the first `validate`.
 *
 * @medplum/core indexes types in a process-wide registry, by type name: validators over different
 * definitions in one process overwrite each other's types (the slim and full R4 definitions are
 * equivalent, so the app's validator and the test harness's may share a process). Each validator
 * still refuses resource types outside its own definitions.
 */
export function createFhirValidator(init: FhirValidatorInit): FhirValidator {
  const maxDepth = init.maxDepth ?? DEFAULT_MAX_DEPTH;
  let loaded: Loaded | undefined;
  const profileSchemas = new WeakMap<StructureDefinition, InternalTypeSchema>();

  const load = (): Loaded => {
    if (loaded) return loaded;
    const sds = typeof init.structureDefinitions === 'function' ? init.structureDefinitions() : init.structureDefinitions;
    const table = typeof init.requiredValueSets === 'function' ? init.requiredValueSets() : init.requiredValueSets;
    indexStructureDefinitionBundle(sds);
    const resourceTypes = new Set(sds.filter((sd) => sd.kind === 'resource' && !sd.abstract && sd.url === `http://hl7.org/fhir/StructureDefinition/${sd.type}`).map((sd) => sd.type));
    loaded = { resourceTypes, bindings: new RequiredBindingChecker(table) };
    return loaded;
  };

  const profileSchema = (profile: StructureDefinition): InternalTypeSchema => {
    let schema = profileSchemas.get(profile);
    if (!schema) profileSchemas.set(profile, (schema = parseStructureDefinition(profile)));
    return schema;
  };

  return {
    validate(resource, options = {}) {
      if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
        return result([{ severity: 'error', code: 'structure', diagnostics: 'A FHIR resource is a JSON object' }]);
      }
      const type = (resource as { resourceType?: unknown }).resourceType;
      if (typeof type !== 'string' || !type) {
        return result([{ severity: 'error', code: 'required', diagnostics: 'A FHIR resource needs a resourceType', expression: ['resourceType'] }]);
      }
      if (options.resourceType && type !== options.resourceType) {
        return result([{ severity: 'error', code: 'invalid', diagnostics: `Expected a ${options.resourceType}, not a ${type}`, expression: ['resourceType'] }]);
      }
      const { resourceTypes, bindings } = load();
      const scanned = preScan(resource, type, maxDepth, resourceTypes);
      if (scanned.length) return result(scanned);

      const issues: FhirIssue[] = [];
      try {
        issues.push(...fromMedplum(validateResource(resource as Resource, options.profile ? { profile: options.profile } : undefined)));
      } catch (e) {
        if (e instanceof OperationOutcomeError) issues.push(...fromMedplum(e.outcome.issue ?? []));
        else return result([...issues, crashed(e)]);
      }
      try {
        issues.push(...bindings.check(resource as Resource, options.profile ? profileSchema(options.profile) : undefined));
      } catch (e) {
        // An OperationOutcomeError here repeats what validateResource reported.
        if (!(e instanceof OperationOutcomeError) || !issues.some(isError)) issues.push(crashed(e));
      }
      return result(issues.map((i) => (i.expression ? { ...i, expression: i.expression.map((e) => withChoiceKeys(resource, e)) } : i)));
    },
  };
}

const isError = (i: FhirIssue) => i.severity === 'error' || i.severity === 'fatal';

function result(issues: FhirIssue[]): FhirValidationResult {
  const errors = issues.filter(isError);
  const others = issues.filter((i) => !isError(i));
  if (errors.length) return { ok: false, issues: [...errors, ...others] };
  return others.length ? { ok: true, warnings: others } : { ok: true };
}

function crashed(e: unknown): FhirIssue {
  if (e instanceof RangeError) return { severity: 'fatal', code: 'too-costly', diagnostics: 'The resource is too complex to validate' };
  return { severity: 'fatal', code: 'exception', diagnostics: `Validation failed: ${e instanceof Error ? e.message : String(e)}` };
}

const RESOURCE_TYPE_NAME = /^[A-Z][A-Za-z]+$/;

/**
 * @medplum/core's issues in our shape. Its lenient warnings: a relative reference to a resource type the
 * element does not allow (`subject: {reference: 'Organization/1'}`) is an error in R4; its reference
 * warnings for absolute URLs and urn:uuid: are false alarms (it reads the type before the first '/');
 * two types for one value[x] is reported, as an error with the full path, by RequiredBindingChecker.
 */
function fromMedplum(issues: OperationOutcomeIssue[]): FhirIssue[] {
  const out: FhirIssue[] = [];
  for (const i of issues) {
    const text = i.details?.text ?? i.diagnostics ?? 'Invalid';
    let severity = i.severity as FhirIssue['severity'];
    if (severity === 'warning') {
      const ref = /^Invalid reference: got "([^"]*)"/.exec(text)?.[1];
      if (ref !== undefined) {
        if (!RESOURCE_TYPE_NAME.test(ref)) continue;
        severity = 'error';
      } else if (text.startsWith('Conflicting choice of type properties') || text.startsWith('Type of primitive extension does not match')) {
        continue;
      }
    }
    out.push({ severity, code: i.code, diagnostics: text, ...(i.expression?.length ? { expression: i.expression } : {}) });
  }
  return out;
}

const PATH_SEGMENT = /^([^[]+(?:\[x\])?)((?:\[\d+\])*)$/;

/**
 * Names a choice element by its JSON key, following the resource: `ServiceRequest.occurrence[x].repeat.count`
 * becomes `ServiceRequest.occurrenceTiming.repeat.count`. Left as it is where the resource does not say.
 */
function withChoiceKeys(resource: object, path: string): string {
  if (!path.includes('[x]')) return path;
  const segments = path.split('.');
  let current: unknown = resource;
  for (let s = 1; s < segments.length; s++) {
    const m = PATH_SEGMENT.exec(segments[s]!);
    if (!m || current === null || typeof current !== 'object') break;
    let name = m[1]!;
    if (name.endsWith('[x]')) {
      const base = name.slice(0, -3);
      const key = Object.keys(current).find((k) => k.length > base.length && k.startsWith(base) && /[A-Z]/.test(k.charAt(base.length)));
      if (!key) break;
      segments[s] = key + m[2];
      name = key;
    }
    current = (current as Record<string, unknown>)[name];
    for (const index of m[2]!.match(/\d+/g) ?? []) current = Array.isArray(current) ? current[Number(index)] : undefined;
  }
  return segments.join('.');
}

/**
 * Iterative (it cannot overflow the stack): nesting deeper than maxDepth, empty objects and arrays
 * (R4 JSON has none; @medplum/core lets some through), and resources of a type not in the definitions.
 */
function preScan(root: object, rootType: string, maxDepth: number, resourceTypes: ReadonlySet<string>): FhirIssue[] {
  const issues: FhirIssue[] = [];
  const stack: [value: object, depth: number, path: string][] = [[root, 0, rootType]];
  while (stack.length && issues.length < MAX_SCAN_ISSUES) {
    const [value, depth, path] = stack.pop()!;
    if (depth > maxDepth) {
      return [{ severity: 'error', code: 'too-costly', diagnostics: `JSON nested deeper than ${maxDepth} levels`, expression: [path] }];
    }
    if (Array.isArray(value)) {
      if (value.length === 0) issues.push({ severity: 'error', code: 'structure', diagnostics: 'An array must not be empty', expression: [path] });
      for (let i = value.length - 1; i >= 0; i--) {
        const child: unknown = value[i];
        if (child !== null && typeof child === 'object') stack.push([child, depth + 1, `${path}[${i}]`]);
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) issues.push({ severity: 'error', code: 'structure', diagnostics: 'An object must not be empty', expression: [path] });
    const type = (value as { resourceType?: unknown }).resourceType;
    if (typeof type === 'string' && !resourceTypes.has(type)) {
      issues.push({ severity: 'error', code: 'not-supported', diagnostics: `Resource type ${JSON.stringify(type)} is not supported here`, expression: [path] });
      continue;
    }
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      const child: unknown = (value as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1, `${path}.${key}`]);
    }
  }
  return issues;
}

/** Liaison's validator: the slim R4 definitions generated by `npm run fhir:definitions`. */
let serverValidator: FhirValidator | undefined;

/**
 * Validates a resource against the R4 definitions of the types the server handles (see
 * definitions.ts SERVER_RESOURCE_TYPES) plus required bindings. Indexes on the first call.
 *
 * ```ts
 * const checked = validateFhir(body, { resourceType: 'ServiceRequest' });
 * if (!checked.ok) return c.json(operationOutcome(checked.issues), 400);
 * ```
 */
export function validateFhir(resource: unknown, options?: ValidateOptions): FhirValidationResult {
  serverValidator ??= createFhirValidator({
    structureDefinitions: () => (definitionsFile as unknown as { structureDefinitions: StructureDefinition[] }).structureDefinitions,
    requiredValueSets: () => (valueSetsFile as unknown as { valueSets: RequiredValueSetTable }).valueSets,
  });
  return serverValidator.validate(resource, options);
}
