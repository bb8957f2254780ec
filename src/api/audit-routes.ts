/**
 * /api/admin/organisations/{id}/access-log: the privacy officer's answers (issue 12) — who saw or
 * changed a request (`requestId`, or its `reference`), what a user or system opened (`actorId`), what the
 * organisation's people did (neither), each within an optional period; paged as JSON, or whole (up
 * to 10,000 rows) as CSV. Also the counts of refused anonymous calls. Administrators and privacy
 * officers of the organisation only.
 */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { interfaceOf, type AuditEntry, type AuditQuery } from '../domain/access-record.js';
import { REQUEST_REFERENCE } from '../domain/request.js';
import type { AppEnv } from '../http/context.js';
import { MOST_EXPORTED } from '../services/audit.js';
import { OrganisationIdParam } from './admin-schemas.js';
import { openCursor, sealCursor } from './cursors.js';
import { problems } from './openapi-responses.js';
import { apiRouter } from './router.js';

const security = [{ bearer: [] }];
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const AuditFilter = z.object({
  requestId: z.uuid().optional().openapi({ description: 'Who saw or changed this request (refused attempts included)' }),
  reference: z.string().regex(REQUEST_REFERENCE, 'must be a request reference such as LSN-001234').optional().openapi({ description: 'The same, asked by the request’s reference (LSN-…) instead of its id' }),
  actorId: z.string().min(1).max(200).optional().openapi({ description: 'What this user or system client did' }),
  from: instant.optional().openapi({ description: 'From this instant (inclusive)' }),
  to: instant.optional().openapi({ description: 'Until this instant (exclusive)' }),
});
const PageQuery = AuditFilter.extend({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(2000).optional() });
const Entry = z
  .object({
    id: z.number(),
    at: z.string(),
    actorKind: z.enum(['user', 'client', 'anonymous']),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    interface: z.enum(['json-api', 'fhir', 'token', 'other']),
    interaction: z.string().openapi({ description: 'Method and route pattern, never the URL' }),
    requestId: z.string().nullable(),
    status: z.number(),
    disclosed: z.boolean().openapi({ description: 'With requestId: whether the response carried that request' }),
  })
  .openapi('AccessLogEntry');
const readProblems = problems({ 403: 'Only administrators and privacy officers', 404: 'No such organisation, request, user or client of yours' });

const view = (e: AuditEntry) => ({ ...e, at: e.at.toISOString(), interface: interfaceOf(e.interaction) });

async function queryOf(c: Context<AppEnv>, organisationId: string, f: z.infer<typeof AuditFilter>): Promise<AuditQuery> {
  const period = { from: f.from, to: f.to };
  if (f.requestId) return { kind: 'request', requestId: f.requestId, ...period };
  if (f.reference) return { kind: 'request', requestId: await c.get('services').audit.requestIdOf(c.get('actor'), organisationId, f.reference), ...period };
  if (f.actorId) return { kind: 'actor', actorId: f.actorId, ...period };
  return { kind: 'organisation', organisationId, ...period };
}

const CSV_COLUMNS = ['at', 'actorKind', 'actorId', 'actorName', 'interface', 'interaction', 'requestId', 'status', 'disclosed'] as const;

/** One CSV field (RFC 4180); text a spreadsheet would run as a formula is prefixed with an apostrophe. */
function field(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function auditRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  const entries = (c: Context<AppEnv>, organisationId: string, query: AuditQuery, after: number | null, limit: number) => c.get('services').audit.entries(c.get('actor'), organisationId, query, after, limit);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/organisations/{id}/access-log',
      operationId: 'readAccessLog',
      summary: 'Who saw or changed a request, what someone opened, or what happened in a period; oldest first, paged',
      security,
      request: { params: OrganisationIdParam, query: PageQuery },
      responses: { 200: { description: 'A page of the access log', content: { 'application/json': { schema: z.object({ items: z.array(Entry), nextCursor: z.string().nullable() }) } } }, ...readProblems },
    }),
    async (c) => {
      const organisationId = c.req.valid('param').id;
      const { limit, cursor, ...filter } = c.req.valid('query');
      const query = await queryOf(c, organisationId, filter);
      const list = `access-log:${JSON.stringify(query)}`;
      const after = await openCursor(c, list, cursor, (p) => Number(p));
      const rows = await entries(c, organisationId, query, after, limit + 1);
      const next = rows.length > limit ? await sealCursor(c, list, rows[limit - 1]!.id) : null;
      return c.json({ items: rows.slice(0, limit).map(view), nextCursor: next }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/organisations/{id}/access-log.csv',
      operationId: 'exportAccessLog',
      summary: `The same answer as CSV (at most ${MOST_EXPORTED} rows: narrow the period for more)`,
      security,
      request: { params: OrganisationIdParam, query: AuditFilter },
      responses: { 200: { description: 'CSV with a header row', content: { 'text/csv': { schema: z.string() } } }, ...readProblems },
    }),
    async (c) => {
      const organisationId = c.req.valid('param').id;
      const rows = await entries(c, organisationId, await queryOf(c, organisationId, c.req.valid('query')), null, MOST_EXPORTED);
      const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((k) => field(view(r)[k])).join(','))];
      c.header('Content-Disposition', 'attachment; filename="access-log.csv"');
      return c.body(`${lines.join('\r\n')}\r\n`, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/organisations/{id}/refused-calls',
      operationId: 'countRefusedCalls',
      summary: 'Calls refused before anyone was identified (401, an address over its budget), counted per minute and route',
      security,
      request: { params: OrganisationIdParam, query: z.object({ from: instant, to: instant }) },
      responses: { 200: { description: 'Counts', content: { 'application/json': { schema: z.object({ items: z.array(z.object({ windowStart: z.string(), interaction: z.string(), status: z.number(), calls: z.number() })) }) } } }, ...readProblems },
    }),
    async (c) => {
      const { from, to } = c.req.valid('query');
      const counts = await c.get('services').audit.refusals(c.get('actor'), c.req.valid('param').id, from, to);
      return c.json({ items: counts.map((r) => ({ ...r, windowStart: r.windowStart.toISOString() })) }, 200);
    },
  );
  return app;
}
