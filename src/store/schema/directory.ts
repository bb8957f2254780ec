/** Organisations, consulting services, people and system clients. */
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { SlaTargets } from '../../domain/sla.js';
import { ts } from './columns.js';

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').$type<'practice' | 'specialist'>().notNull(),
  /** Where a request without a named consulting service goes. */
  defaultServiceId: uuid('default_service_id'),
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
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('consulting_services_organisation_idx').on(t.organisationId)],
);

export const USER_ROLES = ['gp', 'psychiatrist', 'group-leader', 'administrator'] as const;
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
  jwks: jsonb('jwks'),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull(),
});

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
