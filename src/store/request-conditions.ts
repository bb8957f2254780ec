/**
 * The conditions on the requests table that lists, counts, letters and the directory share:
 * what an access scope sees (domain/access.ts canSee, as SQL) and what each filter asks for.
 */
import { and, eq, gt, gte, inArray, isNotNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AccessScope } from '../domain/access.js';
import { REQUEST_STATES, type RequestState } from '../domain/lifecycle.js';
import { inConstants } from './constants-in-sql.js';
import type { DateRange, RequestFilters, TriageList } from '../services/queries.js';
import { consultationRequests as requests, requestIdentifiers } from './schema.js';

/**
 * `state in ('submitted', …)`, the states written into the statement so that a generic plan still
 * uses the open lists' partial indexes (see constants-in-sql.ts). Only the lifecycle's states.
 */
export function stateIn(states: readonly RequestState[]): SQL {
  for (const state of states) if (!KNOWN_STATES.has(state)) throw new Error(`Not a request state: ${JSON.stringify(state)}`);
  return inConstants(requests.state, states);
}
const KNOWN_STATES = new Set<string>(REQUEST_STATES);

/** A triage list's requests: in those states, and the service's, or the assignee's within their scope. */
export function triageListConditions(list: TriageList, states: readonly RequestState[]): SQL[] {
  if ('serviceId' in list) return [stateIn(states), eq(requests.serviceId, list.serviceId)];
  return [stateIn(states), eq(requests.assigneeId, list.assigneeId), scopeCondition(list.scope)];
}

/** The filters as SQL conditions on the requests table (letters.ts narrows by them too). */
export function filterConditions(filters: RequestFilters): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [];
  if (filters.ids) conditions.push(filters.ids.length ? inArray(requests.id, filters.ids) : sql`false`);
  if (filters.closedKinds) {
    // States other than closed, or closed ended the way the search asks (after a decline or not).
    const declined = sql`${requests.outcome}->>'kind' = 'declined'`;
    const isClosed = stateIn(['closed']);
    const closed = filters.closedKinds.length === 2 ? isClosed : filters.closedKinds[0] === 'after-decline' ? and(isClosed, declined) : filters.closedKinds[0] === 'after-outcome' ? and(isClosed, sql`not coalesce(${declined}, false)`) : undefined;
    // Another filter may have ruled closed requests out altogether (states without 'closed').
    const closedWanted = filters.states === undefined || filters.states.includes('closed');
    const others = filters.states?.filter((s) => s !== 'closed') ?? [];
    const options = [...(others.length ? [stateIn(others)] : []), ...(closed && closedWanted ? [closed] : [])];
    conditions.push(options.length ? or(...options) : sql`false`);
  } else if (filters.states) conditions.push(stateIn(filters.states));
  if (filters.priorities?.length) conditions.push(inArray(requests.priority, filters.priorities));
  if (filters.subSpecialties) conditions.push(filters.subSpecialties.length ? inArray(requests.subSpecialty, filters.subSpecialties) : sql`false`);
  if (filters.requesterId) conditions.push(eq(requests.requesterId, filters.requesterId));
  if (filters.serviceId) conditions.push(eq(requests.serviceId, filters.serviceId));
  if (filters.assigneeId) conditions.push(eq(requests.assigneeId, filters.assigneeId));
  if (filters.patient) {
    conditions.push(eq(requests.patientIdentifierSystem, filters.patient.system));
    conditions.push(eq(requests.patientIdentifierValue, filters.patient.value));
  }
  if (filters.identifier) {
    const { system, value } = filters.identifier;
    const matching = and(eq(requestIdentifiers.value, value), system === undefined ? undefined : eq(requestIdentifiers.system, system));
    conditions.push(inArray(requests.id, sql`(select ${requestIdentifiers.requestId} from ${requestIdentifiers} where ${matching})`));
  }
  if (filters.updatedSince) conditions.push(gt(requests.updatedAt, filters.updatedSince));
  conditions.push(...rangeConditions(requests.updatedAt, filters.updated), ...rangeConditions(requests.authoredAt, filters.authored));
  if (filters.reference) conditions.push(eq(requests.reference, filters.reference));
  if (filters.participantId) conditions.push(or(eq(requests.requesterId, filters.participantId), eq(requests.assigneeId, filters.participantId)));
  conditions.push(...anyOfConditions(filters));
  if (filters.appointment) {
    // Appointment instants are stored in UTC ISO form, which compares as text.
    const start = sql`${requests.appointment}->>'start'`;
    const r = filters.appointment;
    const dated = Boolean(r.gt || r.ge || r.lt || r.le);
    // Proposed times are an Appointment without a start: any date range leaves them out, and they
    // hide a booking that was called off before them.
    conditions.push(dated ? sql`${requests.appointment} is not null and ${requests.proposedTimes} is null` : sql`(${requests.appointment} is not null or ${requests.proposedTimes} is not null)`);
    if (r.gt) conditions.push(sql`${start} > ${r.gt.toISOString()}`);
    if (r.ge) conditions.push(sql`${start} >= ${r.ge.toISOString()}`);
    if (r.lt) conditions.push(sql`${start} < ${r.lt.toISOString()}`);
    if (r.le) conditions.push(sql`${start} <= ${r.le.toISOString()}`);
  }
  if (filters.carePlan) conditions.push(sql`${requests.outcome}->>'kind' in ('advice', 'outcome')`);
  return conditions;
}

/** FHIR search's OR lists; an empty list matches nothing. */
function anyOfConditions(filters: RequestFilters): SQL[] {
  const anyOf = (column: typeof requests.requesterId | typeof requests.serviceId, values: string[] | undefined) => (values === undefined ? [] : [values.length ? inArray(column, values) : sql`false`]);
  const conditions = [...anyOf(requests.requesterId, filters.requesterIds), ...anyOf(requests.serviceId, filters.serviceIds)];
  if (filters.participantIds) conditions.push(filters.participantIds.length ? or(inArray(requests.requesterId, filters.participantIds), inArray(requests.assigneeId, filters.participantIds))! : sql`false`);
  if (filters.owners) {
    const { assigneeIds, serviceIds } = filters.owners;
    const options = [...(assigneeIds.length ? [inArray(requests.assigneeId, assigneeIds)] : []), ...(serviceIds.length ? [inArray(requests.serviceId, serviceIds)] : [])];
    conditions.push(options.length ? or(...options)! : sql`false`);
  }
  if (filters.patients) {
    const options = filters.patients.map((p) => and(eq(requests.patientIdentifierSystem, p.system), eq(requests.patientIdentifierValue, p.value))!);
    conditions.push(options.length ? or(...options)! : sql`false`);
  }
  for (const set of filters.identifierSets ?? []) {
    const theirs = set.filter((i) => !i.ours).map((i) => and(eq(requestIdentifiers.value, i.value), i.system === undefined ? undefined : eq(requestIdentifiers.system, i.system))!);
    const ours = set.filter((i) => i.ours).map((i) => i.value);
    const options = [
      ...(theirs.length ? [inArray(requests.id, sql`(select ${requestIdentifiers.requestId} from ${requestIdentifiers} where ${or(...theirs)})`)] : []),
      ...(ours.length ? [inArray(requests.reference, ours)] : []),
    ];
    conditions.push(options.length ? or(...options)! : sql`false`);
  }
  return conditions;
}

function rangeConditions(column: typeof requests.updatedAt, range: DateRange | undefined): SQL[] {
  if (!range) return [];
  return [
    range.gt && gt(column, range.gt),
    range.ge && gte(column, range.ge),
    range.lt && lt(column, range.lt),
    range.le && lte(column, range.le),
  ].filter((c): c is SQL => c !== undefined);
}

/** The requests a scope sees (domain/access.ts canSee, as SQL); the directory reuses it. */
export function scopeCondition(scope: AccessScope): SQL {
  const own = eq(requests.organisationId, scope.organisationId);
  if (!scope.serviceIds.length) return own;
  // Until it is submitted a request belongs to the practice alone (see domain/access.ts canSee).
  return or(own, and(inArray(requests.serviceId, scope.serviceIds), isNotNull(requests.submittedAt))) as SQL;
}

/**
 * The scope as disjoint parts, each served by one index in a list's order: the organisation's own
 * requests, and each of its services' submitted requests from other organisations. Services a
 * filter rules out (`only`) are left out.
 */
export function scopeParts(scope: AccessScope, only: string[] | undefined): SQL[] {
  const own = eq(requests.organisationId, scope.organisationId);
  const services = scope.serviceIds.filter((id) => only === undefined || only.includes(id));
  return [own, ...services.map((id) => and(eq(requests.serviceId, id), isNotNull(requests.submittedAt), ne(requests.organisationId, scope.organisationId))!)];
}

/** The services a list's filters allow, if they name any. */
export function servicesOf(filters: RequestFilters): string[] | undefined {
  const named = [filters.serviceId ? [filters.serviceId] : undefined, filters.serviceIds].filter((ids): ids is string[] => ids !== undefined);
  return named.length ? named.reduce((a, b) => a.filter((id) => b.includes(id))) : undefined;
}
