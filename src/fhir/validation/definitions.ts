/**
 * Build-time helpers (pure data in, data out; no I/O): which R4 StructureDefinitions the server needs,
 * how to slim them without changing what @medplum/core validates, and the table of codes of the
 * required-binding value sets. Used by generate.ts (slim, committed files) and by the test harness
 * (full official definitions). Never imported by the validator at run time.
 */
import type { Bundle, ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import type { RequiredValueSetTable } from './required-bindings.js';

/**
 * Resource types the server reads or writes, and so validates. Resource and DomainResource are their bases;
 * Organization and PractitionerRole are what EHRs put in `contained` for requesters and performers.
 * A resource of any other type, top-level or nested (contained, Bundle entries, Parameters), is refused.
 */
export const SERVER_RESOURCE_TYPES = [
  'Resource',
  'DomainResource',
  'ServiceRequest',
  'Task',
  'Communication',
  'Bundle',
  'OperationOutcome',
  'CapabilityStatement',
  'CodeSystem',
  'ValueSet',
  'StructureDefinition',
  'SearchParameter',
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Observation',
  'HealthcareService',
  'DocumentReference',
  'Appointment',
  'Parameters',
  // FHIR subscriptions (R4 Backport IG): what subscribers send, and notification bundles.
  'Subscription',
  // What EHRs commonly put inside a referral (contained), which Liaison keeps and returns.
  'Condition',
  'AllergyIntolerance',
  'Medication',
  'MedicationStatement',
  'MedicationRequest',
  'QuestionnaireResponse',
  'RelatedPerson',
  'Location',
  'Encounter',
  'Consent',
  'CarePlan',
  'Goal',
] as const;

/**
 * Constraint keys @medplum/core 4.5.2 never evaluates (validation.ts `skippedConstraintKeys`); it also
 * ignores every constraint whose severity is not 'error'. Dropping them changes nothing but the size.
 */
export const MEDPLUM_SKIPPED_CONSTRAINTS: ReadonlySet<string> = new Set(['ele-1', 'dom-3', 'org-1', 'sdf-19']);

const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';

/** The StructureDefinitions of a Bundle (profiles-types.json, profiles-resources.json). */
export function structureDefinitionsOf(bundle: Bundle): StructureDefinition[] {
  return (bundle.entry ?? []).map((e) => e.resource).filter((r): r is StructureDefinition => r?.resourceType === 'StructureDefinition');
}

/** Every data type (all of profiles-types) and the server's resource types, in a stable order. */
export function selectDefinitions(types: StructureDefinition[], resources: StructureDefinition[], resourceTypes: readonly string[] = SERVER_RESOURCE_TYPES): StructureDefinition[] {
  const wanted = new Set(resourceTypes);
  const picked = resources.filter((sd) => sd.kind === 'resource' && wanted.has(sd.type));
  const missing = resourceTypes.filter((t) => !picked.some((sd) => sd.type === t));
  if (missing.length) throw new Error(`No R4 StructureDefinition for ${missing.join(', ')}`);
  const byName = (a: StructureDefinition, b: StructureDefinition) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...types.filter((sd) => sd.snapshot).sort(byName), ...picked.sort(byName)];
}

/**
 * Keeps only what @medplum/core's StructureDefinitionParser and validator read, with a fixed key order.
 * generate.ts proves the result parses to the same schema as the original (see comparableSchema).
 */
export function slimStructureDefinition(sd: StructureDefinition): StructureDefinition {
  const elements = sd.snapshot?.element ?? [];
  const sliced = elements.some((e) => e.sliceName !== undefined);
  return {
    resourceType: 'StructureDefinition',
    url: sd.url,
    name: sd.name,
    type: sd.type,
    kind: sd.kind,
    ...(sd.abstract ? { abstract: true } : {}),
    snapshot: { element: elements.map((e) => slimElement(e, sliced)) },
  } as StructureDefinition;
}

function slimElement(ed: ElementDefinition, sliced: boolean): ElementDefinition {
  const out: Record<string, unknown> = {};
  if (ed.id !== undefined && ed.id !== ed.path) out.id = ed.id;
  out.path = ed.path;
  if (ed.sliceName !== undefined) out.sliceName = ed.sliceName;
  if (ed.slicing && sliced) out.slicing = ed.slicing; // without slices (all base definitions) the parser ignores it
  if (ed.min || ed.contentReference) out.min = ed.min; // a contentReference falls back to its target's min
  out.max = ed.max;
  if (ed.contentReference) {
    out.contentReference = ed.contentReference;
    if (ed.base) out.base = { path: ed.base.path, min: ed.base.min, max: ed.base.max };
  } else if (ed.base && (ed.base.path !== ed.path || ed.base.max !== ed.max)) {
    out.base = { ...(ed.base.path !== ed.path ? { path: ed.base.path } : {}), ...(ed.base.max !== ed.max ? { max: ed.base.max } : {}) };
  }
  if (ed.type?.length) {
    out.type = ed.type.map((t) => {
      // The parser takes the code from this extension (System.String → string) unless the code is BackboneElement/Element.
      const fhirType = t.extension?.find((x) => x.url === FHIR_TYPE_EXTENSION)?.valueUrl;
      const backbone = t.code === 'BackboneElement' || t.code === 'Element';
      return {
        code: fhirType && !backbone ? fhirType : t.code,
        ...(t.profile ? { profile: t.profile } : {}),
        ...(t.targetProfile ? { targetProfile: t.targetProfile } : {}),
      };
    });
  }
  const constraints = (ed.constraint ?? []).filter(isCheckedConstraint).map((c) => ({ key: c.key, expression: c.expression, human: c.human }));
  if (constraints.length) out.constraint = constraints;
  if (ed.binding?.strength === 'required' && ed.binding.valueSet) out.binding = { strength: 'required', valueSet: ed.binding.valueSet };
  for (const key of Object.keys(ed).sort()) {
    if (key.startsWith('fixed') || key.startsWith('pattern')) out[key] = (ed as unknown as Record<string, unknown>)[key];
  }
  return out as unknown as ElementDefinition;
}

const isCheckedConstraint = (c: { key?: string; severity?: string }) => (c.severity ?? 'error') === 'error' && !MEDPLUM_SKIPPED_CONSTRAINTS.has(c.key ?? '');

/**
 * A parsed schema (@medplum/core parseStructureDefinition) reduced to what validation depends on,
 * as plain JSON: two definitions validate alike when these are deep-equal.
 */
export function comparableSchema(schema: unknown): unknown {
  const walk = (v: unknown): unknown => {
    if (v instanceof Set) return undefined; // summaryProperties/mandatoryProperties: derived, unused by validation
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (k === 'description' || k === 'title' || k === 'version' || x === undefined) continue;
      if (k === 'constraints' && Array.isArray(x)) out[k] = walk(x.filter(isCheckedConstraint).map((c) => ({ ...c, description: undefined })));
      else if (k === 'binding') {
        const b = x as { strength?: string; valueSet?: string } | undefined;
        if (b?.strength === 'required' && b.valueSet) out[k] = { strength: b.strength, valueSet: b.valueSet };
      } else out[k] = walk(x);
    }
    return out;
  };
  return walk(schema);
}

/** Every required-binding value set URL (without version) used by the definitions, sorted. */
export function requiredBindingUrls(sds: StructureDefinition[]): string[] {
  const urls = new Set<string>();
  for (const sd of sds) {
    for (const el of sd.snapshot?.element ?? []) {
      if (el.binding?.strength === 'required' && el.binding.valueSet) urls.add(stripVersion(el.binding.valueSet));
    }
  }
  return [...urls].sort();
}

const stripVersion = (url: string) => url.split('|')[0] ?? url;

interface Concept { code?: string; concept?: Concept[] }
interface CodeSystemLike { resourceType: 'CodeSystem'; url?: string; content?: string; concept?: Concept[] }
interface ValueSetLike {
  resourceType: 'ValueSet';
  url?: string;
  compose?: {
    include?: { system?: string; concept?: { code?: string }[]; filter?: unknown[]; valueSet?: string[] }[];
    exclude?: { system?: string; concept?: { code?: string }[]; filter?: unknown[]; valueSet?: string[] }[];
  };
}

/**
 * Expands the given value sets from the official R4 ValueSet/CodeSystem bundles (valuesets.json,
 * v3-codesystems.json) into { [valueSetUrl]: { [system]: codes[] } }, or null where the set cannot be
 * enumerated without a terminology server (filters, external systems such as BCP-47, UCUM, MIME types).
 * Sorted keys and codes: the output is deterministic.
 */
export function buildRequiredValueSetTable(bundles: Bundle[], urls: string[]): RequiredValueSetTable {
  const codeSystems = new Map<string, CodeSystemLike>();
  const valueSets = new Map<string, ValueSetLike>();
  for (const bundle of bundles) {
    for (const entry of bundle.entry ?? []) {
      const r = entry.resource as unknown as CodeSystemLike | ValueSetLike | undefined;
      if (!r?.url) continue;
      if (r.resourceType === 'CodeSystem' && !codeSystems.has(r.url)) codeSystems.set(r.url, r);
      if (r.resourceType === 'ValueSet' && !valueSets.has(r.url)) valueSets.set(r.url, r);
    }
  }
  const allCodes = (concepts: Concept[] | undefined, out: string[] = []): string[] => {
    for (const c of concepts ?? []) {
      if (c.code !== undefined) out.push(c.code);
      allCodes(c.concept, out);
    }
    return out;
  };
  const memo = new Map<string, Map<string, Set<string>> | null>();
  const expand = (rawUrl: string, seen: Set<string>): Map<string, Set<string>> | null => {
    const url = stripVersion(rawUrl);
    const cached = memo.get(url);
    if (cached !== undefined) return cached;
    if (seen.has(url)) return null;
    seen.add(url);
    const result = expandCompose(valueSets.get(url), (sub) => expand(sub, seen));
    seen.delete(url);
    memo.set(url, result);
    return result;
  };
  const expandCompose = (vs: ValueSetLike | undefined, sub: (url: string) => Map<string, Set<string>> | null): Map<string, Set<string>> | null => {
    if (!vs?.compose?.include?.length) return null;
    const result = new Map<string, Set<string>>();
    const add = (system: string, code: string) => {
      let codes = result.get(system);
      if (!codes) result.set(system, (codes = new Set()));
      codes.add(code);
    };
    for (const inc of vs.compose.include) {
      if (inc.filter?.length || (inc.system && inc.valueSet?.length)) return null; // filters; intersections
      for (const subUrl of inc.valueSet ?? []) {
        const s = sub(subUrl);
        if (!s) return null;
        for (const [system, codes] of s) for (const code of codes) add(system, code);
      }
      if (!inc.system) continue;
      if (inc.concept?.length) {
        for (const c of inc.concept) if (c.code !== undefined) add(inc.system, c.code);
      } else {
        const cs = codeSystems.get(inc.system);
        if (!cs || (cs.content && cs.content !== 'complete')) return null;
        for (const code of allCodes(cs.concept)) add(inc.system, code);
      }
    }
    for (const exc of vs.compose.exclude ?? []) {
      if (!exc.system || !exc.concept || exc.filter?.length || exc.valueSet?.length) return null;
      for (const c of exc.concept) if (c.code !== undefined) result.get(exc.system)?.delete(c.code);
    }
    return result;
  };
  const table: RequiredValueSetTable = {};
  for (const url of [...new Set(urls.map(stripVersion))].sort()) {
    const expanded = expand(url, new Set());
    table[url] = expanded
      ? Object.fromEntries([...expanded.keys()].sort().map((system) => [system, [...(expanded.get(system) ?? [])].sort()]))
      : null;
  }
  return table;
}
