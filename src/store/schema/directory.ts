/** Organisations, consulting services, people and system clients. */
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { BusinessHours, SlaTargets } from '../../domain/sla.js';
import { DEFAULT_BUSINESS_HOURS } from '../../domain/sla.js';
import { ts } from './columns.js';

/** Optimistic concurrency for what administrators change (ETag / If-Match): moves on every change. */
const version = () => integer('version').notNull().default(1);

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').$type<'practice' | 'specialist'>().notNull(),
  /** Where a request without a named consulting service goes. */
  defaultServiceId: uuid('default_service_id'),
  /** The organisation's own identifiers (e.g. a national practice code), system + value. */
  identifiers: jsonb('identifiers').$type<{ system: string; value: string }[]>().notNull().default([]),
  /** The organisation's time zone; its consulting services keep their own. */
  timeZone: text('time_zone'),
  version: version(),
  createdAt: ts('created_at').notNull(),
});

export const consultingServices = pgTable(
  'consulting_services',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    specialty: text('specialty').notNull(),
    timeZone: text('time_zone').notNull(),
    slaTargets: jsonb('sla_targets').$type<SlaTargets>().notNull(),
    /** How long after advice or an outcome a follow-up question re-opens the same request. */
    reconsultMonths: integer('reconsult_months').notNull().default(6),
    subSpecialties: text('sub_specialties').array().notNull().default([]),
    /** Weekly opening hours; the SLA clock counts the weekdays that have any as business days. */
    businessHours: jsonb('business_hours').$type<BusinessHours>().notNull().default(DEFAULT_BUSINESS_HOURS),
    /** Dates (YYYY-MM-DD, the service's calendar) the SLA clock skips like a weekend. */
    publicHolidays: text('public_holidays').array().notNull().default([]),
    /** Intake: the practices that may refer to the service; null means any practice. */
    referringPractices: uuid('referring_practices').array(),
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('consulting_services_organisation_idx').on(t.organisationId)],
);

export const USER_ROLES = ['gp', 'psychiatrist', 'group-leader', 'administrator', 'privacy-officer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role').$type<UserRole>().notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('users_organisation_idx').on(t.organisationId)],
);

/**
 * The professional identifiers of a person (a national provider number, an EHR's own staff id),
 * so a requesting system can name its GP the way it knows them. Not unique across organisations:
 * an EHR vendor's staff-id system may repeat in every practice it serves; matching on intake is
 * always within the requesting practice.
 */
export const userIdentifiers = pgTable(
  'user_identifiers',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    system: text('system').notNull(),
    value: text('value').notNull(),
  },
  (t) => [// Value first: a search by value alone (any system) is served too.
    primaryKey({ columns: [t.value, t.system, t.userId] }), index('user_identifiers_user_idx').on(t.userId)],
);

/** Clinicians who work a consulting service's requests (psychiatrists, group leaders). */
export const serviceMembers = pgTable(
  'service_members',
  {
    serviceId: uuid('service_id')
      .notNull()
      .references(() => consultingServices.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.userId] }), index('service_members_user_idx').on(t.userId)],
);

/** EHR systems and other machine clients. */
export const systemClients = pgTable('system_clients', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id),
  scopes: text('scopes').notNull(),
  /** The registered keys, or (with jwks_uri) the keys last fetched from there. */
  jwks: jsonb('jwks'),
  /** Where the client publishes its keys; fetched and cached (src/services/client-keys.ts). */
  jwksUri: text('jwks_uri'),
  jwksFetchedAt: ts('jwks_fetched_at'),
  /** Which side it works: null = as its organisation's kind implies (a practice requests, a provider consults). */
  side: text('side').$type<'requesting' | 'consulting'>(),
  active: boolean('active').notNull().default(true),
  version: version(),
  createdAt: ts('created_at').notNull(),
}, (t) => [index('system_clients_organisation_idx').on(t.organisationId)]);

/** What a clinician brings to assignment: how many open cases a week, which fields, which languages. */
export const clinicianProfiles = pgTable('clinician_profiles', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  weeklyCapacity: integer('weekly_capacity'),
  subSpecialties: text('sub_specialties').array().notNull().default([]),
  languages: text('languages').array().notNull().default([]),
});

/** When a clinician can meet: a weekly template of wall-clock windows, and times away. */
export const clinicianAvailability = pgTable('clinician_availability', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  weekly: jsonb('weekly').$type<{ weekday: number; start: string; end: string }[]>().notNull(),
  unavailable: jsonb('unavailable').$type<{ start: string; end: string }[]>().notNull(),
});
