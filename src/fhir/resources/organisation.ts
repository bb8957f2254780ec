/**
 * The directory's organisations and people's roles as FHIR: Organization (practices and
 * mental-health providers, which HealthcareService.providedBy names) and PractitionerRole (a
 * person's role in their organisation: specialty, triage teams, languages). Organisations are
 * known to every caller; a PractitionerRole exactly to those who may see the Practitioner
 * (domain/access.ts), with the person's id as its own.
 * https://hl7.org/fhir/R4/organization.html, https://hl7.org/fhir/R4/practitionerrole.html
 */
import type { Organisation, StaffMember } from '../../domain/administration.js';
import { DomainError } from '../../domain/errors.js';
import { searchsetBundle } from '../bundle.js';
import { isStrict, ok, resourceId, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { screenParameters } from '../search/parse.js';
import { invalidParameter, orValues, token } from '../search/values.js';
import type { Resource } from '../types.js';

const ORGANISATION_TYPE = { practice: { code: 'prov', display: 'Healthcare Provider' }, specialist: { code: 'prov', display: 'Healthcare Provider' } };
const ROLE_CODES: Record<string, { system: string; code: string; display: string }> = {
  gp: { system: 'http://snomed.info/sct', code: '62247001', display: 'General practitioner' },
  psychiatrist: { system: 'http://snomed.info/sct', code: '80584001', display: 'Psychiatrist' },
  'group-leader': { system: 'https://liaison.example.org/fhir/CodeSystem/staff-role', code: 'group-leader', display: 'Group leader' },
  administrator: { system: 'https://liaison.example.org/fhir/CodeSystem/staff-role', code: 'administrator', display: 'Administrator' },
  'privacy-officer': { system: 'https://liaison.example.org/fhir/CodeSystem/staff-role', code: 'privacy-officer', display: 'Privacy officer' },
};

export function toOrganization(o: Organisation): Resource {
  return {
    resourceType: 'Organization',
    id: o.id,
    ...(o.identifiers.length ? { identifier: o.identifiers } : {}),
    active: true,
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', ...ORGANISATION_TYPE[o.kind] }], text: o.kind === 'practice' ? 'General practice' : 'Mental-health provider' }],
    name: o.name,
  };
}

export async function readOrganization(ctx: FhirContext, id: string): Promise<FhirResult> {
  const wanted = resourceId(id, 'Organization');
  const found = (await ctx.services.directory.organisations()).find((o) => o.id === wanted);
  if (!found) throw new DomainError('not_found', `Organization/${id} is not known here.`);
  return ok(toOrganization(found));
}

/** By `_id`, `name` (starts with, any case) or `identifier` (system|value); by id, at most 100. */
export async function searchOrganizations(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const ignored = screenParameters(req.params, ['_id', 'name', 'identifier'], isStrict(req.headers));
  let found = await ctx.services.directory.organisations();
  for (const [name, value] of req.params) {
    const values = orValues(value);
    if (name === '_id') found = found.filter((o) => values.includes(o.id));
    if (name === 'name') found = found.filter((o) => values.some((v) => o.name.toLowerCase().startsWith(v.toLowerCase())));
    if (name === 'identifier') {
      const tokens = values.map((v) => token(name, v));
      found = found.filter((o) => o.identifiers.some((i) => tokens.some((t) => t.code === i.value && (t.system === undefined || t.system === i.system))));
    }
  }
  const entries = found.slice(0, 100).map((o) => ({ resource: toOrganization(o), mode: 'match' as const }));
  return ok(searchsetBundle(ctx.base, { self: `${ctx.base}/Organization` }, entries, ignored));
}

export function toPractitionerRole(m: StaffMember & { serviceIds: string[] }): Resource {
  return {
    resourceType: 'PractitionerRole',
    id: m.id,
    active: m.active,
    practitioner: { reference: `Practitioner/${m.id}`, display: m.name },
    organization: { reference: `Organization/${m.organisationId}` },
    code: [{ coding: [ROLE_CODES[m.role]!] }],
    ...(m.subSpecialties.length ? { specialty: [{ coding: m.subSpecialties.map((code) => ({ system: 'https://liaison.example.org/fhir/CodeSystem/sub-specialty', code })) }] } : {}),
    ...(m.serviceIds.length ? { healthcareService: m.serviceIds.map((id) => ({ reference: `HealthcareService/${id}` })) } : {}),
    ...(m.languages.length ? { extension: m.languages.map((code) => ({ url: 'https://liaison.example.org/fhir/StructureDefinition/practitioner-language', valueCode: code })) } : {}),
  };
}

export async function readPractitionerRole(ctx: FhirContext, id: string): Promise<FhirResult> {
  const role = await ctx.services.directory.roleSeenBy(ctx.actor, resourceId(id, 'PractitionerRole'));
  if (!role) throw new DomainError('not_found', `PractitionerRole/${id} is not known here.`);
  return ok(toPractitionerRole(role));
}

/** `practitioner=Practitioner/{id}` (required; commas OR): the roles of people the caller may see. */
export async function searchPractitionerRoles(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const ignored = screenParameters(req.params, ['practitioner'], isStrict(req.headers));
  const wanted = req.params.filter(([name]) => name === 'practitioner').flatMap(([, value]) => orValues(value));
  if (!wanted.length) throw invalidParameter('practitioner', 'search PractitionerRole by practitioner (Practitioner/{id}).');
  const ids = [...new Set(wanted.map((v) => v.replace(/^Practitioner\//, '')))].slice(0, 100);
  const roles = (await Promise.all(ids.map((id) => (/^[0-9a-f-]{36}$/.test(id) ? ctx.services.directory.roleSeenBy(ctx.actor, id) : null)))).filter((r) => r !== null);
  return ok(searchsetBundle(ctx.base, { self: `${ctx.base}/PractitionerRole` }, roles.map((r) => ({ resource: toPractitionerRole(r), mode: 'match' as const })), ignored));
}
