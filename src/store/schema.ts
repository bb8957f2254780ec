/**
 * The relational schema (drizzle pg-core), one file per area under schema/. Migrations in
 * drizzle/ are generated from it by `npm run db:generate`; never edit them by hand.
 *
 * Every timestamp is written by the application clock (millisecond precision) so keyset
 * cursors round-trip exactly; nothing relies on the database's now().
 */
export * from './schema/directory.js';
export * from './schema/requests.js';
export * from './schema/audit.js';
export * from './schema/fhir.js';
export * from './schema/case-discussions.js';
export * from './schema/case-discussion-runs.js';
export * from './schema/call-counts.js';
export * from './schema/notifications.js';
export * from './schema/administration.js';
export * from './schema/subscriptions.js';
export * from './schema/ehr-connections.js';
