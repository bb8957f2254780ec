/**
 * Search parameter definitions: what each supported parameter means in Liaison's terms. The
 * same registry parses searches and describes them in the CapabilityStatement.
 */
import type { IdentifierMatch, RequestFilters, RequestSort } from '../../services/queries.js';
import { matchBusinessStatus, matchServiceRequestStatus, matchTaskStatus, type StateMatch } from '../status-map.js';
import { PRIORITIES, SUB_SPECIALTIES, type Priority, type SubSpecialty } from '../../domain/request.js';
import { isIssuedId } from '../../domain/ids.js';
import { CODE_SYSTEM, REFERENCE_SYSTEM } from '../canonical.js';
import { SYSTEM, codeIn, dateRange, idsOf, invalidParameter, orValues, token, within } from './values.js';

export type SearchParamType = 'token' | 'reference' | 'date' | 'string' | 'number';

export interface SearchParamDefinition<F = RequestFilters> {
  name: string;
  type: SearchParamType;
  /** The R4 SearchParameter this implements, for the CapabilityStatement. */
  definition?: string;
  documentation: string;
  /** Modifiers accepted besides none, e.g. `identifier`. */
  modifiers?: string[];
  /** Applies the values (each an AND; commas inside are OR) to the filters; `base` tells local absolute references from foreign ones. */
  apply(filters: F, values: string[], modifier: string | undefined, base: string): void;
}

/** Ids as sent: one Liaison did not issue (an upper-case spelling too) matches nothing. */
const onlyIds = (f: RequestFilters, ids: string[]) => {
  const valid = ids.filter(isIssuedId);
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
const SHARED: Record<string, string> = { 'ServiceRequest-patient': 'clinical-patient', 'ServiceRequest-identifier': 'clinical-identifier', 'CarePlan-patient': 'clinical-patient' };
const spec = (resource: string, name: string) => `http://hl7.org/fhir/SearchParameter/${SHARED[`${resource}-${name}`] ?? `${resource}-${name}`}`;

/** `_id` and `_lastUpdated`: common to every request-backed resource type. */
export const COMMON_PARAMS: SearchParamDefinition[] = [
  {
    name: '_id',
    type: 'token',
    definition: 'http://hl7.org/fhir/SearchParameter/Resource-id',
    documentation: 'Logical id (comma-separated for several).',
    apply: (f, values) => {
      for (const v of values) onlyIds(f, orValues(v));
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

export const patientParam = (name: string, resource: string): SearchParamDefinition => ({
  name,
  type: 'reference',
  definition: spec(resource, name),
  modifiers: ['identifier'],
  documentation: `The patient, by identifier: \`${name}:identifier=system|value\` (comma-separated for several; Liaison keeps patients inside requests, not as Patient resources). Use POST _search to keep identifiers out of URLs.`,
  apply: (f, values, modifier) => {
    if (modifier !== 'identifier') throw invalidParameter(name, `search the patient by identifier: ${name}:identifier=system|value.`);
    for (const v of values) {
      const patients = orValues(v).map((one) => {
        const t = token(name, one);
        if (!t.system) throw invalidParameter(name, 'give the identifier as system|value.');
        return { system: t.system, value: t.code };
      });
      f.patients = within(f.patients, patients, (a, b) => a.system === b.system && a.value === b.value);
    }
  },
});

/** Status-like tokens: a code of the element's own system, or with no system; any other system matches nothing. */
const codes = (name: string, value: string, system: string): string[] => orValues(value).flatMap((one) => codeIn(name, one, system));

export const SERVICE_REQUEST_PARAMS: SearchParamDefinition[] = [
  ...COMMON_PARAMS,
  {
    name: 'status',
    type: 'token',
    definition: spec('ServiceRequest', 'status'),
    documentation: 'draft | active | revoked | completed | entered-in-error.',
    apply: (f, values) => {
      for (const v of values) narrow(f, codes('status', v, SYSTEM.requestStatus).map(matchServiceRequestStatus));
    },
  },
  {
    name: 'intent',
    type: 'token',
    definition: spec('ServiceRequest', 'intent'),
    documentation: "Always 'order' in Liaison.",
    apply: (f, values) => {
      for (const v of values) if (!codes('intent', v, SYSTEM.requestIntent).includes('order')) f.states = [];
    },
  },
  {
    name: 'priority',
    type: 'token',
    definition: spec('ServiceRequest', 'priority'),
    documentation: 'routine | urgent | asap | stat (after the risk rules were applied).',
    apply: (f, values) => {
      for (const v of values) {
        const wanted = codes('priority', v, SYSTEM.requestPriority);
        const bad = wanted.find((c) => !PRIORITIES.includes(c as Priority));
        if (bad) throw invalidParameter('priority', `'${bad}' is not a request priority.`);
        f.priorities = within(f.priorities, wanted as Priority[]);
        if (f.priorities.length === 0) f.states = [];
      }
    },
  },
  {
    name: 'performer-type',
    type: 'token',
    definition: spec('ServiceRequest', 'performer-type'),
    documentation: 'The sub-specialty the request calls for: a code of the sub-specialty CodeSystem, e.g. perinatal (comma-separated for several).',
    apply: (f, values) => {
      for (const v of values) {
        const wanted = codes('performer-type', v, CODE_SYSTEM.subSpecialty);
        const bad = wanted.find((c) => !SUB_SPECIALTIES.includes(c as SubSpecialty));
        if (bad) throw invalidParameter('performer-type', `'${bad}' is not a Liaison sub-specialty (${SUB_SPECIALTIES.join(', ')}).`);
        f.subSpecialties = within(f.subSpecialties, wanted as SubSpecialty[]);
      }
    },
  },
  patientParam('subject', 'ServiceRequest'),
  patientParam('patient', 'ServiceRequest'),
  {
    name: 'requester',
    type: 'reference',
    definition: spec('ServiceRequest', 'requester'),
    documentation: 'The requesting GP: Practitioner/{id} (comma-separated for several).',
    apply: (f, values, _m, base) => {
      for (const v of values) f.requesterIds = within(f.requesterIds, idsOf('requester', v, ['Practitioner'], base));
    },
  },
  {
    name: 'performer',
    type: 'reference',
    definition: spec('ServiceRequest', 'performer'),
    documentation: 'The consulting service: HealthcareService/{id} (comma-separated for several).',
    apply: (f, values, _m, base) => {
      for (const v of values) f.serviceIds = within(f.serviceIds, idsOf('performer', v, ['HealthcareService'], base));
    },
  },
  {
    name: 'identifier',
    type: 'token',
    definition: spec('ServiceRequest', 'identifier'),
    documentation: "The requesting system's identifier (system|value), or Liaison's reference number; comma-separated for several.",
    apply: (f, values) => {
      // Liaison's reference number is an identifier too (https://liaison.example.org/fhir/sid/request-reference|LSN-…).
      const set = (v: string): IdentifierMatch[] =>
        orValues(v).map((one) => {
          const t = token('identifier', one);
          const ours = t.system === REFERENCE_SYSTEM || (t.system === undefined && /^LSN-\d+$/.test(t.code));
          return ours ? { value: t.code, ours: true } : { system: t.system, value: t.code };
        });
      f.identifierSets = [...(f.identifierSets ?? []), ...values.map(set)];
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
  ...COMMON_PARAMS,
  ...(['focus', 'based-on'] as const).map(
    (name): SearchParamDefinition => ({
      name,
      type: 'reference',
      definition: spec('Task', name === 'focus' ? 'focus' : 'based-on'),
      documentation: 'The consultation request: ServiceRequest/{id} (comma-separated for several).',
      apply: (f, values, _m, base) => {
        for (const v of values) onlyIds(f, idsOf(name, v, ['ServiceRequest'], base));
      },
    }),
  ),
  {
    name: 'status',
    type: 'token',
    definition: spec('Task', 'status'),
    documentation: 'draft | requested | on-hold | accepted | in-progress | completed | rejected | cancelled | entered-in-error.',
    apply: (f, values) => {
      for (const v of values) narrow(f, codes('status', v, SYSTEM.taskStatus).map(matchTaskStatus));
    },
  },
  {
    name: 'business-status',
    type: 'token',
    definition: spec('Task', 'business-status'),
    documentation: 'A code of the business-status CodeSystem, e.g. awaiting-information, visit-scheduled.',
    apply: (f, values) => {
      for (const v of values) narrow(f, codes('business-status', v, CODE_SYSTEM.businessStatus).map(matchBusinessStatus));
    },
  },
  {
    name: 'owner',
    type: 'reference',
    definition: spec('Task', 'owner'),
    documentation: 'The assigned psychiatrist (Practitioner/{id}) or, before assignment, the service (HealthcareService/{id}); comma-separated for several.',
    apply: (f, values, _m, base) => {
      for (const v of values) {
        const types = ['Practitioner', 'HealthcareService'];
        const owners = { assigneeIds: idsOf('owner', v, types, base, 'Practitioner'), serviceIds: idsOf('owner', v, types, base, 'HealthcareService') };
        // Repeated owner parameters: each must hold (rare; narrowed to what both allow).
        f.owners = f.owners ? { assigneeIds: within(f.owners.assigneeIds, owners.assigneeIds), serviceIds: within(f.owners.serviceIds, owners.serviceIds) } : owners;
      }
    },
  },
];

export const SORTS: Record<string, RequestSort> = {
  _lastUpdated: 'updated-asc',
  '-_lastUpdated': 'updated-desc',
  authored: 'authored-asc',
  '-authored': 'authored-desc',
};
