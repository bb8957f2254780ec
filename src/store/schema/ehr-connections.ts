/** Per organisation: its own FHIR server, to which Liaison pushes each request's Task (ehr/). */
import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { EhrAuth } from '../../services/ports/ehr-connections.js';
import { ts } from './columns.js';
import { organisations } from './directory.js';

export const ehrConnections = pgTable('ehr_connections', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id),
  baseUrl: text('base_url').notNull(),
  /** The bearer token or the SMART client's private key: never shown again by the API. */
  auth: jsonb('auth').$type<EhrAuth>().notNull(),
  updatedAt: ts('updated_at').notNull(),
});
