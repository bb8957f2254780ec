/**
 * Search parameters of the types that are not requests themselves — Appointment, CarePlan,
 * Communication, HealthcareService — in the same table form as ServiceRequest's and Task's (params.ts), so the
 * same parser handles OR, modifiers, chains and strictness for every type.
 */
import { REQUEST_STATES } from '../../domain/lifecycle.js';
import { carePlanStatus } from '../../domain/resource-versions.js';
import { SEARCH_PARAMETER } from '../canonical.js';
import type { ConsultingService } from '../../domain/directory.js';
import type { RequestFilters } from '../../services/queries.js';
import { COMMON_PARAMS, patientParam, type SearchParamDefinition } from './params.js';
import { SYSTEM, codeIn, dateRange, idsOf, orValues, token, within } from './values.js';

const spec = (name: string) => `http://hl7.org/fhir/SearchParameter/${name}`;

const basedOn = (resource: string): SearchParamDefinition => ({
  name: 'based-on',
  type: 'reference',
  definition: spec(`${resource}-based-on`),
  documentation: 'The request: ServiceRequest/{id} (comma-separated for several).',
  apply: (f, values, _m, base) => {
    for (const v of values) f.ids = within(f.ids, idsOf('based-on', v, ['ServiceRequest'], base));
  },
});

export const APPOINTMENT_PARAMS: SearchParamDefinition[] = [
  basedOn('Appointment'),
  {
    name: 'actor',
    type: 'reference',
    definition: spec('Appointment-actor'),
    documentation: 'A participating GP or psychiatrist: Practitioner/{id} (comma-separated for several).',
    apply: (f, values, _m, base) => {
      for (const v of values) f.participantIds = within(f.participantIds, idsOf('actor', v, ['Practitioner'], base));
    },
  },
  {
    name: 'date',
    type: 'date',
    definition: spec('Appointment-date'),
    documentation: 'When it starts (prefixes eq, gt, ge, lt, le).',
    apply: (f, values) => {
      f.appointment = dateRange('date', values, f.appointment);
    },
  },
];

export const CARE_PLAN_PARAMS: SearchParamDefinition[] = [
  ...COMMON_PARAMS,
  // R4's CarePlan-based-on names CarePlans only; Liaison's searches the request (R5 basedOn extension).
  { ...basedOn('CarePlan'), definition: SEARCH_PARAMETER.carePlanBasedOn },
  patientParam('subject', 'CarePlan'),
  patientParam('patient', 'CarePlan'),
  {
    name: 'status',
    type: 'token',
    definition: spec('CarePlan-status'),
    documentation: 'active | revoked (the request was cancelled or redirected) | entered-in-error.',
    apply: (f, values) => {
      for (const v of values) {
        const wanted = orValues(v).flatMap((one) => codeIn('status', one, SYSTEM.requestStatus));
        f.states = within(f.states, REQUEST_STATES.filter((s) => wanted.includes(carePlanStatus(s))));
      }
    },
  },
];

export const COMMUNICATION_PARAMS: SearchParamDefinition[] = [
  { ...basedOn('Communication'), documentation: 'The request: ServiceRequest/{id} (required; comma-separated for several). Oldest first, _count at a time.' },
];

/** HealthcareService searches filter the (few) services in memory. */
export type ServiceFilter = ((s: ConsultingService) => boolean)[];

const PSYCHIATRY = { system: 'http://snomed.info/sct', code: '394587001' };

export const HEALTHCARE_SERVICE_PARAMS: SearchParamDefinition<ServiceFilter>[] = [
  {
    name: 'organization',
    type: 'reference',
    definition: spec('HealthcareService-organization'),
    documentation: 'The providing organisation: Organization/{id} (comma-separated for several).',
    apply: (f, values, _m, base) => {
      for (const v of values) {
        const ids = idsOf('organization', v, ['Organization'], base);
        f.push((s) => ids.includes(s.organisationId));
      }
    },
  },
  {
    name: 'name',
    type: 'string',
    definition: spec('HealthcareService-name'),
    documentation: 'Name starts with (any case; comma-separated for several).',
    apply: (f, values) => {
      for (const v of values) {
        const starts = orValues(v).map((n) => n.toLowerCase());
        f.push((s) => starts.some((n) => s.name.toLowerCase().startsWith(n)));
      }
    },
  },
  {
    name: 'specialty',
    type: 'token',
    definition: spec('HealthcareService-specialty'),
    documentation: 'SNOMED CT 394587001 (Psychiatry).',
    apply: (f, values) => {
      for (const v of values) {
        const psychiatry = orValues(v).some((one) => {
          const t = token('specialty', one);
          return t.code === PSYCHIATRY.code && (t.system === undefined || t.system === PSYCHIATRY.system);
        });
        if (!psychiatry) f.push(() => false);
      }
    },
  },
  {
    name: '_id',
    type: 'token',
    definition: spec('Resource-id'),
    documentation: 'Logical id (comma-separated for several).',
    apply: (f, values) => {
      for (const v of values) {
        const ids = orValues(v);
        f.push((s) => ids.includes(s.id));
      }
    },
  },
];

/** Every Appointment search narrows to requests with an appointment. */
export const withAppointment = (): RequestFilters => ({ appointment: {} });

/** Every CarePlan search narrows to requests with advice or an outcome. */
export const withCarePlan = (): RequestFilters => ({ carePlan: true });
