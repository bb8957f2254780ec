/**
 * The directory as FHIR: consulting services as HealthcareService (so an EHR can name one as
 * a request's performer) and Liaison's clinicians as Practitioner (so references resolve).
 */
import { DomainError } from '../../domain/errors.js';
import type { ListedService } from '../../services/directory.js';
import type { Person } from '../../domain/directory.js';
import { searchsetBundle } from '../bundle.js';
import { isStrict, ok, resourceId, versionHeaders, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { USER_EMAIL_SYSTEM } from '../../domain/request.js';
import { subset } from '../search/elements.js';
import { HEALTHCARE_SERVICE_PARAMS, type ServiceFilter } from '../search/more-params.js';
import { pagingOf } from '../search/page-token.js';
import { parseSearch, screenParameters } from '../search/parse.js';
import { invalidParameter, orValues, token } from '../search/values.js';
import { identifierOf } from './service-request-out.js';
import type { Resource } from '../types.js';

const PSYCHIATRY = { system: 'http://snomed.info/sct', code: '394587001', display: 'Psychiatry' };

export function toHealthcareService(s: ListedService): Resource {
  return {
    resourceType: 'HealthcareService',
    id: s.id,
    active: s.active,
    providedBy: { reference: `Organization/${s.organisationId}`, display: s.organisationName },
    name: s.name,
    specialty: [{ coding: [PSYCHIATRY] }],
    comment: `Response targets in business days (${s.timeZone}): routine ${s.slaTargets.routine}, urgent ${s.slaTargets.urgent}, asap ${s.slaTargets.asap}, stat ${s.slaTargets.stat} (within the hour).`,
    // Opening hours and public holidays as its administrators set them: the SLA clock's business days.
    ...(s.businessHours.length ? { availableTime: s.businessHours.map((h) => ({ daysOfWeek: [WEEKDAYS[h.weekday - 1]!], availableStartTime: `${h.start}:00`, availableEndTime: `${h.end}:00` })) } : {}),
    ...(s.publicHolidays.length ? { notAvailable: s.publicHolidays.map((day) => ({ description: 'Public holiday (not a business day)', during: { start: day, end: day } })) } : {}),
  };
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export async function readHealthcareService(ctx: FhirContext, id: string): Promise<FhirResult> {
  const wanted = resourceId(id, 'HealthcareService');
  const service = await ctx.services.directory.service(wanted);
  if (!service) throw new DomainError('not_found', `HealthcareService/${id} is not known here.`);
  return ok(toHealthcareService(service));
}

/**
 * Search by `organization`, `name` (starts with, any case), `specialty` and `_id`, in id order,
 * paged like every search: `_count` per page and a sealed `_page` next link bound to the caller.
 */
export async function searchHealthcareServices(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const { page, params, link } = await pagingOf(ctx, req, 'HealthcareService');
  const search = parseSearch<ServiceFilter>(params, HEALTHCARE_SERVICE_PARAMS, { strict: isStrict(req.headers), type: 'HealthcareService', base: ctx.base }, []);
  const after = page?.cursor?.id;
  const services = (await ctx.services.directory.services()).filter((s) => search.filters.every((keep) => keep(s))).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rest = after === undefined ? services : services.filter((s) => s.id > after);
  const shown = search.countOnly ? [] : rest.slice(0, search.count);
  const entries = shown.map((s) => {
    const resource = toHealthcareService(s);
    return { resource: search.elements ? subset(resource, search.elements) : resource, mode: 'match' as const };
  });
  // Services are ordered by id alone: the cursor's time is not used.
  const seal = (id: string | undefined) => link(search.applied, id === undefined ? null : { at: '', id });
  const last = shown.at(-1);
  const next = last && rest.length > shown.length ? await seal(last.id) : undefined;
  const self = page ? await seal(after) : `${ctx.base}/HealthcareService${search.applied.length ? `?${new URLSearchParams(search.applied).toString()}` : ''}`;
  return ok(searchsetBundle(ctx.base, { self, next }, entries, search.ignored, search.total ? services.length : undefined));
}

export async function readPractitioner(ctx: FhirContext, id: string): Promise<FhirResult> {
  // Only the people related to the caller's requests or services; anyone else does not exist here.
  const person = await ctx.services.directory.personSeenBy(ctx.actor, resourceId(id, 'Practitioner'));
  if (!person) throw new DomainError('not_found', `Practitioner/${id} is not known here.`);
  const resource = toPractitioner(person);
  return ok(resource, 200, versionHeaders(resource));
}

/**
 * `Practitioner?identifier=system|value` (or a value in any system; commas OR, repeats AND): a
 * professional identifier registered for the person, or their e-mail address under the
 * user-email system — among the people the caller may see, as for read.
 */
export async function searchPractitioners(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const ignored = screenParameters(req.params, ['identifier'], isStrict(req.headers));
  const wanted = req.params.filter(([name]) => name === 'identifier');
  if (!wanted.length) throw invalidParameter('identifier', 'search Practitioner by identifier (system|value).');
  let found: Person[] | null = null;
  for (const [name, value] of wanted) {
    const identifiers = orValues(value).map((v) => token(name, v)).map((t) => ({ system: t.system, value: t.code }));
    const people = await ctx.services.directory.peopleByIdentifier(ctx.actor, identifiers);
    found = found === null ? people : found.filter((p) => people.some((q) => q.id === p.id));
  }
  const entries = (found ?? []).map((p) => ({ resource: toPractitioner(p), mode: 'match' as const }));
  return ok(searchsetBundle(ctx.base, { self: `${ctx.base}/Practitioner` }, entries, ignored));
}

export function toPractitioner(person: Person): Resource {
  return {
    resourceType: 'Practitioner',
    id: person.id,
    identifier: [...person.identifiers.map(identifierOf), { system: USER_EMAIL_SYSTEM, value: person.email }],
    active: person.active,
    name: [{ text: person.name }],
    telecom: [{ system: 'email', value: person.email, use: 'work' }],
  };
}
