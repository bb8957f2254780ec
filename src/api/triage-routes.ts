/** Triage: a service's queue, a psychiatrist's own cases, claiming and assigning with suggestions. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { disclosed } from '../http/access-log.js';
import type { AppEnv } from '../http/context.js';
import { PRIORITIES } from '../domain/request.js';
import { instant, uuid } from '../services/paging.js';
import type { RequestInSituation } from '../services/situation.js';
import type { TriageCursor, TriagePage, TriagePageQuery } from '../services/triage.js';
import { nextPageLink, openCursor, sealCursor } from './cursors.js';
import { etag, expectedVersion } from './versions.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { IdParam, PageLinks, PageQuery } from './schemas.js';
import { RequestViewSchema, presentRequest } from './views.js';
import { answerJson, requestViewWriter, writePage } from './view-json.js';
import { apiRouter } from './router.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const QueueEntry = z
  .object({ waitingMs: z.number().nullable().openapi({ description: 'Time since submission.' }), request: RequestViewSchema })
  .openapi('QueueEntry');
const Queue = z
  .object({ items: z.array(QueueEntry), ...PageLinks })
  .openapi('Queue', { description: 'A page of a triage list. Later pages keep the order of the first (taken at its moment), however the clock moves.' });
const Suggestion = z
  .object({
    userId: z.string(),
    name: z.string(),
    caseload: z.number().int(),
    weeklyCapacity: z.number().int().nullable(),
    overCapacity: z.boolean(),
    matchesSubSpecialty: z.boolean(),
    speaksLanguage: z.boolean(),
    reasons: z.array(z.string()),
  })
  .openapi('AssignmentSuggestion');
const AssignBody = z.strictObject({ assigneeId: z.uuid().openapi({ description: 'A psychiatrist of the service; your own id claims it.' }) });

export function triageRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  /** A page of a triage list (Queue) with the sealed cursor of the next one (bound to `list`), as JSON. */
  const triagePage = async (c: Context<AppEnv>, list: string, { limit, cursor }: z.infer<typeof PageQuery>, read: (query: TriagePageQuery) => Promise<TriagePage>) => {
    const page = await read({ limit, cursor: await openCursor(c, list, cursor, readTriageCursor) });
    const nextCursor = page.next ? await sealCursor(c, list, writeTriageCursor(page.next)) : null;
    disclosed(c, page.items.map((e) => e.request.id));
    const view = requestViewWriter(c.get('actor'));
    const entry = ({ request, situation }: RequestInSituation) => `{"waitingMs":${JSON.stringify(situation.waitingMs)},"request":${view(request, situation)}}`;
    return answerJson(c, writePage(page.items, entry, { nextCursor, next: nextPageLink(c.req.url, nextCursor) }));
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/services/{id}/queue',
      operationId: 'listTriageQueue',
      summary: "A consulting service's triage queue: risk first, then priority, then time left (overdue first)",
      security: [{ bearer: [] }],
      request: { params: IdParam, query: PageQuery },
      responses: { 200: { description: 'A page of the queue', content: json(Queue) }, ...problems({ 400: 'Invalid limit or cursor', 404: 'Not a service you work in' }) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return triagePage(c, `queue:${id}`, c.req.valid('query'), (page) => c.get('services').triage.queue(c.get('actor'), id, page));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/cases',
      operationId: 'listMyCases',
      summary: 'The open cases assigned to the caller, in triage order',
      security: [{ bearer: [] }],
      request: { query: PageQuery },
      responses: { 200: { description: 'A page of the cases', content: json(Queue) }, ...problems({ 400: 'Invalid limit or cursor' }) },
    }),
    async (c) => triagePage(c, `cases:${c.get('actor').id}`, c.req.valid('query'), (page) => c.get('services').triage.myCases(c.get('actor'), page)),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/requests/{id}/assignment-suggestions',
      operationId: 'suggestAssignees',
      summary: 'Who could take this request: room in their weekly capacity, sub-specialty, language, load',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: { description: 'Psychiatrists of the service, best first', content: json(z.object({ items: z.array(Suggestion) })) }, ...problems({ 403: 'Not the consulting side', 404: 'Not found' }) },
    }),
    async (c) => {
      const items = await c.get('services').triage.suggestions(c.get('actor'), c.req.valid('param').id);
      return c.json({ items: items.map(({ subSpecialties: _s, languages: _l, ...rest }) => rest) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/requests/{id}/assign',
      operationId: 'assignRequest',
      summary: 'Claim (your own id) or assign to a colleague; warns when their weekly capacity is exceeded',
      security: [{ bearer: [] }],
      request: { params: IdParam, body: { required: true, content: json(AssignBody) } },
      responses: {
        200: { description: 'The request and any warnings', content: json(z.object({ request: RequestViewSchema, warnings: z.array(z.string()) })) },
        ...problemsWithBody({ 403: 'Not the consulting side', 404: 'Not found', 409: 'The request is no longer open', 412: 'Stale If-Match', 422: 'Not a psychiatrist of the service' }),
      },
    }),
    async (c) => {
      const actor = c.get('actor');
      const { detail, warnings } = await c.get('services').triage.assign(actor, c.req.valid('param').id, c.req.valid('json').assigneeId, expectedVersion(c));
      c.header('ETag', etag(detail.request.version));
      return c.json({ request: presentRequest(actor, detail.request, detail.timeline), warnings }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/services/{id}/measures',
      operationId: 'readServiceMeasures',
      summary: "A service's measures over a period of submission, per priority: times to triage, first response and consultation (median, 90th percentile), share within the SLA, referrals avoided, recommendations implemented, open caseload per psychiatrist",
      security: [{ bearer: [] }],
      request: { params: IdParam, query: MeasuresQuery },
      responses: { 200: { description: 'The measures', content: json(z.record(z.string(), z.unknown())) }, ...problems({ 400: 'Invalid period', 404: 'Not a service you work in' }) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const day = (d: string | undefined) => (d ? new Date(`${d}T00:00:00Z`) : undefined);
      return c.json(await c.get('services').measures.forService(c.get('actor'), c.req.valid('param').id, { from: day(q.from), to: day(q.to) }), 200);
    },
  );
  return app;
}

const day = z.iso.date().refine((d) => d >= '1970-01-01' && d <= '9999-12-31', 'must be between 1970 and 9999');
const MeasuresQuery = z.strictObject({
  from: day.optional().openapi({ description: 'First day (UTC) of submission counted; default 90 days before `to`.' }),
  to: day.optional().openapi({ description: 'Day (UTC) after the last counted; default now.' }),
});

/** What a triage cursor holds (sealed): the list's moment and where the page ended in triage order. */
function writeTriageCursor(next: TriageCursor): unknown {
  const { atRisk, priority, runsOutAt, submittedAt, id } = next.after;
  return [next.asOf.toISOString(), atRisk, priority, runsOutAt?.toISOString() ?? null, submittedAt?.toISOString() ?? null, id];
}

function readTriageCursor(value: unknown): TriageCursor {
  const [asOf, atRisk, priority, runsOutAt, submittedAt, id] = value as unknown[];
  if (typeof atRisk !== 'boolean' || !PRIORITIES.includes(priority as never)) throw new Error('not a triage cursor');
  const optional = (v: unknown) => (v === null ? null : instant(v));
  return { asOf: instant(asOf), after: { atRisk, priority: priority as TriageCursor['after']['priority'], runsOutAt: optional(runsOutAt), submittedAt: optional(submittedAt), id: uuid(id) } };
}
