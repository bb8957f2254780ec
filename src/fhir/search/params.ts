/**
 * Search parameter definitions: what each supported parameter means in Liaison's terms. The
 * same registry parses searches and describes them in the CapabilityStatement.
 */
import type { RequestFilters, RequestSort } from '../../services/ports.js';
import { matchBusinessStatus, matchServiceRequestStatus, matchTaskStatus, type StateMatch } from '../status-map.js';
import { PRIORITIES, type Priority } from '../../domain/request.js';
import { UUID } from '../../domain/ids.js';
import { REFERENCE_SYSTEM } from '../canonical.js';
import { dateRange, invalidParameter, orValues, reference, token } from './values.js';

export type SearchParamType = 'token' | 'reference' | 'date' | 'string' | 'number';

export interface SearchParamDefinition {
  name: string;
  type: SearchParamType;
  /** The R4 SearchParameter this implements, for the CapabilityStatement. */
  definition?: string;
  documentation: string;
  /** Modifiers accepted besides none, e.g. `identifier`. */
  modifiers?: string[];
  /** Applies the values (each an AND; commas inside are OR) to the filters. */
  apply(filters: RequestFilters, values: string[], modifier: string | undefined): void;
}

/** Liaison's ids are UUIDs: any other id names nothing here, so the search matches nothing. */
function idOrNothing(f: RequestFilters, id: string): string | undefined {
  if (UUID.test(id)) return id;
  f.ids = [];
  return undefined;
}
const onlyIds = (f: RequestFilters, ids: string[]) => {
  const valid = ids.filter((id) => UUID.test(id));
  f.ids = f.ids ? f.ids.filter((id) => valid.includes(id)) : valid;
};

/** Narrows the filters by one more status value set (repeated parameters AND, commas OR). */
function narrow(f: RequestFilters, matches: StateMatch[]): void {
  const closed = [...new Set(matches.flatMap((m) => m.closed))];
  const states = [...new Set([...matches.flatMap((m) => m.states), ...(closed.length ? (['closed'] as const) : [])])];
  f.states = f.states ? f.states.filter((s) => states.includes(s)) : states;
  f.closedKinds = f.closedKinds ? f.closedKinds.filter((k) => closed.includes(k)) : closed;
}
/** R4 defines some ServiceRequest parameters once for all clinical resources (clinical-patient, clinical-identifier). */
const SHARED: Record<string, string> = { 'ServiceRequest-patient': 'clinical-patient', 'ServiceRequest-identifier': 'clinical-identifier' };
const spec = (resource: string, name: string) => `http://hl7.org/fhir/SearchParameter/${SHARED[`${resource}-${name}`] ?? `${resource}-${name}`}`;

function onlyOne(name: string, values: string[]): string {
  if (values.length !== 1) throw invalidParameter(name, 'give it once (several values: separate them with commas).');
  return values[0]!;
}

/** `_id` and `_lastUpdated`: common to every request-backed resource type. */
const common: SearchParamDefinition[] = [
  {
    name: '_id',
    type: 'token',
    definition: 'http://hl7.org/fhir/SearchParameter/Resource-id',
    documentation: 'Logical id (comma-separated for several).',
    apply: (f, values) => {
      for (const v of values) onlyIds(f, orValues(v).map((id) => id.toLowerCase()));
    },
  },
  {
    name: '_lastUpdated',
    type: 'date',
    definition: 'http://hl7.org/fhir/SearchParameter/Resource-lastUpdated',
    documentation: 'When the request last changed (prefixes eq, gt, ge, lt, le). Poll with `_lastUpdated=gt<last seen>`.',
    apply: (f, values) => {
      f.updated = dateRange('_lastUpdated', values, f.updated);
    },
  },
];

const patientParam = (name: string, resource: string): SearchParamDefinition => ({
  name,
  type: 'reference',
  definition: spec(resource, name),
  modifiers: ['identifier'],
  documentation: `The patient, by identifier: \`${name}:identifier=system|value\` (Liaison keeps patients inside requests, not as Patient resources). Use POST _search to keep identifiers out of URLs.`,
  apply: (f, values, modifier) => {
    if (modifier !== 'identifier') throw invalidParameter(name, `search the patient by identifier: ${name}:identifier=system|value.`);
    const t = token(name, onlyOne(name, values));
    if (t.system === undefined) throw invalidParameter(name, 'give the identifier as system|value.');
    f.patient = { system: t.system, value: t.code };
  },
});

export const SERVICE_REQUEST_PARAMS: SearchParamDefinition[] = [
  ...common,
  {
    name: 'status',
    type: 'token',
    definition: spec('ServiceRequest', 'status'),
    documentation: 'draft | active | revoked | completed | entered-in-error.',
    apply: (f, values) => {
      for (const v of values) narrow(f, orValues(v).map((code) => matchServiceRequestStatus(token('status', code).code)));
    },
  },
  {
    name: 'intent',
    type: 'token',
    definition: spec('ServiceRequest', 'intent'),
    documentation: "Always 'order' in Liaison.",
    apply: (f, values) => {
      for (const v of values) if (!orValues(v).some((code) => token('intent', code).code === 'order')) f.states = [];
    },
  },
  {
    name: 'priority',
    type: 'token',
    definition: spec('ServiceRequest', 'priority'),
    documentation: 'routine | urgent | asap | stat (after the risk rules were applied).',
    apply: (f, values) => {
      for (const v of values) {
        const codes = orValues(v).map((c) => token('priority', c).code);
        const bad = codes.find((c) => !PRIORITIES.includes(c as Priority));
        if (bad) throw invalidParameter('priority', `'${bad}' is not a request priority.`);
        f.priorities = f.priorities ? f.priorities.filter((p) => codes.includes(p)) : (codes as Priority[]);
        if (f.priorities.length === 0) f.states = [];
      }
    },
  },
  patientParam('subject', 'ServiceRequest'),
  patientParam('patient', 'ServiceRequest'),
  {
    name: 'requester',
    type: 'reference',
    definition: spec('ServiceRequest', 'requester'),
    documentation: 'The requesting GP: Practitioner/{id}.',
    apply: (f, values) => {
      f.requesterId = idOrNothing(f, reference('requester', onlyOne('requester', values), ['Practitioner']).id);
    },
  },
  {
    name: 'performer',
    type: 'reference',
    definition: spec('ServiceRequest', 'performer'),
    documentation: 'The consulting service: HealthcareService/{id}.',
    apply: (f, values) => {
      f.serviceId = idOrNothing(f, reference('performer', onlyOne('performer', values), ['HealthcareService']).id);
    },
  },
  {
    name: 'identifier',
    type: 'token',
    definition: spec('ServiceRequest', 'identifier'),
    documentation: "The requesting system's identifier (system|value), or Liaison's reference number.",
    apply: (f, values) => {
      const t = token('identifier', onlyOne('identifier', values));
      // Liaison's reference number is an identifier too (https://liaison.example.org/fhir/sid/request-reference|LSN-…).
      const ours = t.system === REFERENCE_SYSTEM || (t.system === undefined && /^LSN-\d+$/.test(t.code));
      if (ours) f.reference = t.code;
      else f.identifier = { system: t.system, value: t.code };
    },
  },
  {
    name: 'authored',
    type: 'date',
    definition: spec('ServiceRequest', 'authored'),
    documentation: 'When the request was written (prefixes eq, gt, ge, lt, le).',
    apply: (f, values) => {
      f.authored = dateRange('authored', values, f.authored);
    },
  },
];

export const TASK_PARAMS: SearchParamDefinition[] = [
  ...common,
  ...(['focus', 'based-on'] as const).map(
    (name): SearchParamDefinition => ({
      name,
      type: 'reference',
      definition: spec('Task', name === 'focus' ? 'focus' : 'based-on'),
      documentation: 'The consultation request: ServiceRequest/{id} (comma-separated for several).',
      apply: (f, values) => {
        for (const v of values) onlyIds(f, orValues(v).map((r) => reference(name, r, ['ServiceRequest']).id));
      },
    }),
  ),
  {
    name: 'status',
    type: 'token',
    definition: spec('Task', 'status'),
    documentation: 'draft | requested | on-hold | accepted | in-progress | completed | rejected | cancelled | entered-in-error.',
    apply: (f, values) => {
      for (const v of values) narrow(f, orValues(v).map((code) => matchTaskStatus(token('status', code).code)));
    },
  },
  {
    name: 'business-status',
    type: 'token',
    definition: spec('Task', 'business-status'),
    documentation: 'A code of the business-status CodeSystem, e.g. awaiting-information, visit-scheduled.',
    apply: (f, values) => {
      for (const v of values) narrow(f, orValues(v).map((code) => matchBusinessStatus(token('business-status', code).code)));
    },
  },
  {
    name: 'owner',
    type: 'reference',
    definition: spec('Task', 'owner'),
    documentation: 'The assigned psychiatrist (Practitioner/{id}) or, before assignment, the service (HealthcareService/{id}).',
    apply: (f, values) => {
      const ref = reference('owner', onlyOne('owner', values), ['Practitioner', 'HealthcareService']);
      if (ref.type === 'HealthcareService') f.serviceId = idOrNothing(f, ref.id);
      else f.assigneeId = idOrNothing(f, ref.id);
    },
  },
];

export const SORTS: Record<string, RequestSort> = {
  _lastUpdated: 'updated-asc',
  '-_lastUpdated': 'updated-desc',
  authored: 'authored-asc',
  '-authored': 'authored-desc',
};
