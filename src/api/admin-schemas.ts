/**
 * The administration API's schemas (issue 12): what an administrator reads and sends for an
 * organisation, a consulting service, a person and a system client. The same zod schemas
 * validate input and describe /api/openapi.json; objects are strict.
 */
import { z } from '@hono/zod-openapi';
import { SYSTEM_SCOPE } from '../domain/administration.js';
import { LANGUAGE_TAG, SUB_SPECIALTIES } from '../domain/request.js';
import { isTimeZone } from '../domain/time-zone.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.uuid();
const TimeZone = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin').openapi({ example: 'Europe/Berlin' });
const Identifier = z.strictObject({ system: text(500), value: text(200) }).openapi('AdminIdentifier');
const Identifiers = z.array(Identifier).max(20);
const SubSpecialties = z.array(z.enum(SUB_SPECIALTIES)).max(SUB_SPECIALTIES.length);
const Languages = z.array(z.string().regex(LANGUAGE_TAG, 'must be a BCP 47 language tag, e.g. nl or tr')).max(20);
const WallClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const BusinessHours = z
  .array(z.strictObject({ weekday: z.number().int().min(1).max(7), start: WallClock, end: WallClock }).refine((h) => h.start < h.end, { message: 'start must be before end', path: ['end'] }))
  .max(21)
  .openapi({ description: 'Opening hours per ISO weekday (1 = Monday). The SLA clock counts the weekdays listed as business days.' });
const Holiday = z.iso.date().openapi({ description: 'A public holiday (YYYY-MM-DD) the SLA clock skips.' });
const SlaTargets = z.strictObject({ routine: z.number().int().min(0).max(100), urgent: z.number().int().min(0).max(100), asap: z.number().int().min(0).max(100), stat: z.number().int().min(0).max(100) }).openapi('SlaTargets', { description: 'Response targets in business days; 0 = immediate (within the hour).' });
const StaffRole = z.enum(['gp', 'psychiatrist', 'group-leader', 'administrator', 'privacy-officer']);
const Scope = z.string().regex(SYSTEM_SCOPE, 'must be a SMART system scope, e.g. system/ServiceRequest.rs');
const Jwks = z.strictObject({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(10) }).openapi('Jwks', { description: 'Public keys (RFC 7517); a key with a private part is refused.' });
const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const OrganisationIdParam = z.object({ id: id.openapi({ param: { name: 'id', in: 'path' } }) });
/** A system client's id is its SMART client_id: text, not a UUID. */
export const ClientIdParam = z.object({ id: z.string().min(1).max(200).regex(/^[A-Za-z0-9._~-]+$/, 'a client id').openapi({ param: { name: 'id', in: 'path' } }) });

export const OrganisationView = z
  .object({ id: z.string(), name: z.string(), kind: z.enum(['practice', 'specialist']), identifiers: z.array(Identifier), defaultServiceId: z.string().nullable(), timeZone: z.string().nullable(), version: z.number() })
  .openapi('Organisation', { description: '`specialist`: a mental-health provider that runs consulting services.' });
export const OrganisationPatch = z
  .strictObject({ name: text(200).optional(), identifiers: Identifiers.optional(), defaultServiceId: id.nullable().optional(), timeZone: TimeZone.nullable().optional() })
  .openapi('OrganisationPatch');

const ServiceFields = {
  name: text(200),
  specialty: text(100),
  subSpecialties: SubSpecialties,
  timeZone: TimeZone,
  businessHours: BusinessHours,
  publicHolidays: z.array(Holiday).max(400),
  slaTargets: SlaTargets,
  reconsultMonths: z.number().int().min(0).max(60),
  referringPractices: z.array(id).max(1000).nullable().openapi({ description: 'Intake: the practices that may refer; null = any practice.' }),
  team: z.array(id).max(500).openapi({ description: 'The triage team: active psychiatrists and group leaders of the organisation.' }),
};
export const ServiceView = z
  .object({ ...ServiceFields, id: z.string(), organisationId: z.string(), name: z.string(), specialty: z.string(), subSpecialties: z.array(z.string()), timeZone: z.string(), publicHolidays: z.array(z.string()), referringPractices: z.array(z.string()).nullable(), team: z.array(z.string()), active: z.boolean(), version: z.number() })
  .openapi('ServiceSettings');
export const NewService = z.strictObject({ ...ServiceFields, subSpecialties: ServiceFields.subSpecialties.optional(), businessHours: ServiceFields.businessHours.optional(), publicHolidays: ServiceFields.publicHolidays.optional(), slaTargets: ServiceFields.slaTargets.optional(), reconsultMonths: ServiceFields.reconsultMonths.optional(), referringPractices: ServiceFields.referringPractices.optional(), team: ServiceFields.team.optional() }).openapi('NewService');
export const ServicePatch = z.strictObject({ ...Object.fromEntries(Object.entries(ServiceFields).map(([k, v]) => [k, v.optional()])), active: z.boolean().optional() } as { [K in keyof typeof ServiceFields]: z.ZodOptional<(typeof ServiceFields)[K]> } & { active: z.ZodOptional<z.ZodBoolean> }).openapi('ServicePatch');

const StaffFields = { email: z.email().max(320), name: text(200), role: StaffRole, identifiers: Identifiers, languages: Languages, subSpecialties: SubSpecialties, weeklyCapacity: z.number().int().min(0).max(1000).nullable() };
export const StaffView = z.object({ ...StaffFields, id: z.string(), organisationId: z.string(), email: z.string(), name: z.string(), languages: z.array(z.string()), subSpecialties: z.array(z.string()), active: z.boolean(), version: z.number() }).openapi('StaffMember');
export const NewStaffMember = z.strictObject({ ...StaffFields, identifiers: Identifiers.default([]), languages: Languages.default([]), subSpecialties: SubSpecialties.default([]), weeklyCapacity: StaffFields.weeklyCapacity.default(null) }).openapi('NewStaffMember');
export const StaffPatch = z.strictObject({ ...Object.fromEntries(Object.entries(StaffFields).map(([k, v]) => [k, v.optional()])), active: z.boolean().optional() } as { [K in keyof typeof StaffFields]: z.ZodOptional<(typeof StaffFields)[K]> } & { active: z.ZodOptional<z.ZodBoolean> }).openapi('StaffPatch', { description: '`active: false` deactivates (their next call is refused); `true` reactivates. Nobody is ever deleted.' });
export const StaffPageQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(2000).optional() });

const ClientFields = { name: text(200), scopes: z.array(Scope).min(1).max(50), jwks: Jwks.nullable(), jwksUri: HttpUrl.nullable(), side: z.enum(['requesting', 'consulting']).nullable() };
export const ClientView = z
  .object({ id: z.string(), organisationId: z.string(), name: z.string(), scopes: z.array(z.string()), jwks: z.object({ keys: z.array(z.unknown()) }).nullable(), jwksUri: z.string().nullable(), jwksFetchedAt: z.string().nullable(), side: z.enum(['requesting', 'consulting']).nullable(), active: z.boolean(), version: z.number() })
  .openapi('SystemClient', { description: '`side` null: as the organisation implies (a practice requests, a mental-health provider consults).' });
export const NewClient = z.strictObject({ ...ClientFields, jwks: ClientFields.jwks.optional(), jwksUri: ClientFields.jwksUri.optional(), side: ClientFields.side.optional() }).openapi('NewSystemClient');
export const ClientPatch = z.strictObject({ name: ClientFields.name.optional(), scopes: ClientFields.scopes.optional(), jwks: ClientFields.jwks.optional(), jwksUri: ClientFields.jwksUri.optional(), side: ClientFields.side.optional(), active: z.boolean().optional() }).openapi('SystemClientPatch');
