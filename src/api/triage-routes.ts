/** Triage: a service's queue, a psychiatrist's own cases, claiming and assigning with suggestions. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { disclosed } from '../auth/audit.js';
import type { AppEnv } from '../context.js';
import { DomainError } from '../domain/errors.js';
import type { ListedRequest } from '../services/ports.js';
import { etag, expectedVersion } from './http.js';
import { IdParam, Problem } from './schemas.js';
import { RequestViewSchema, presentRequest } from './views.js';
import { apiRouter } from './router.js';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const json = <T>(schema: T) => ({ 'application/json': { schema } });

const QueueEntry = z
  .object({ waitingMs: z.number().nullable().openapi({ description: 'Time since submission.' }), request: RequestViewSchema })
  .openapi('QueueEntry');
const Queue = z.object({ items: z.array(QueueEntry) }).openapi('Queue');
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
  const entries = (c: Context<AppEnv>, requests: ListedRequest[]) => {
    const now = c.var.services.clock.now();
    disclosed(c, requests.map((r) => r.id));
    return requests.map((r) => ({
      waitingMs: r.submittedAt ? now.getTime() - new Date(r.submittedAt).getTime() : null,
      request: presentRequest(c.var.actor, r, now),
    }));
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/services/{id}/queue',
      summary: "A consulting service's triage queue: risk first, then priority, then time left (overdue first)",
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: { description: 'The queue', content: json(Queue) }, 401: problem('No or invalid token'), 404: problem('Not a service you work in') },
    }),
    async (c) => c.json({ items: entries(c, await c.var.services.triage.queue(c.var.actor, c.req.valid('param').id)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/cases',
      summary: 'The open cases assigned to the caller, in triage order',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'The cases', content: json(Queue) }, 401: problem('No or invalid token') },
    }),
    async (c) => c.json({ items: entries(c, await c.var.services.triage.myCases(c.var.actor)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/requests/{id}/assignment-suggestions',
      summary: 'Who could take this request: room in their weekly capacity, sub-specialty, language, load',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: { description: 'Psychiatrists of the service, best first', content: json(z.object({ items: z.array(Suggestion) })) }, 403: problem('Not the consulting side'), 404: problem('Not found') },
    }),
    async (c) => {
      const items = await c.var.services.triage.suggestions(c.var.actor, c.req.valid('param').id);
      return c.json({ items: items.map(({ subSpecialties: _s, languages: _l, ...rest }) => rest) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/requests/{id}/assign',
      summary: 'Claim (your own id) or assign to a colleague; warns when their weekly capacity is exceeded',
      security: [{ bearer: [] }],
      request: { params: IdParam, body: { required: true, content: json(AssignBody) } },
      responses: {
        200: { description: 'The request and any warnings', content: json(z.object({ request: RequestViewSchema, warnings: z.array(z.string()) })) },
        400: problem('Invalid input'),
        403: problem('Not the consulting side'),
        404: problem('Not found'),
        409: problem('The request is no longer open'),
        412: problem('Stale If-Match'),
        422: problem('Not a psychiatrist of the service'),
      },
    }),
    async (c) => {
      const actor = c.var.actor;
      const { detail, warnings } = await c.var.services.triage.assign(actor, c.req.valid('param').id, c.req.valid('json').assigneeId, expectedVersion(c));
      c.header('ETag', etag(detail.request.version));
      return c.json({ request: presentRequest(actor, detail.request, c.var.services.clock.now(), detail.timeline), warnings }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/services/{id}/measures',
      summary: "A service's measures over a period of submission, per priority: times to triage, first response and consultation (median, 90th percentile), share within the SLA, referrals avoided, recommendations implemented, open caseload per psychiatrist",
      security: [{ bearer: [] }],
      request: { params: IdParam, query: MeasuresQuery },
      responses: { 200: { description: 'The measures', content: json(z.record(z.string(), z.unknown())) }, 400: problem('Invalid period'), 404: problem('Not a service you work in') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const to = q.to ? new Date(`${q.to}T00:00:00Z`) : c.var.services.clock.now();
      const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - 90 * 86_400_000);
      if (from >= to || to.getTime() - from.getTime() > 366 * 86_400_000) {
        throw new DomainError('invalid_input', 'The period runs forward and spans at most 366 days.', { issues: [{ field: 'from', message: 'from must be before to, at most 366 days apart.' }] });
      }
      return c.json(await c.var.services.measures.forService(c.var.actor, c.req.valid('param').id, from, to), 200);
    },
  );
  return app;
}

const day = z.iso.date().refine((d) => d >= '1970-01-01' && d <= '9999-12-31', 'must be between 1970 and 9999');
const MeasuresQuery = z.strictObject({
  from: day.optional().openapi({ description: 'First day (UTC) of submission counted; default 90 days before `to`.' }),
  to: day.optional().openapi({ description: 'Day (UTC) after the last counted; default now.' }),
});
