/** /api/requests: create, read, list and edit consultation requests. Actions live in actions-routes.ts. */
import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { disclosed } from '../http/access-log.js';
import type { AppEnv } from '../http/context.js';
import type { RequestFilters } from '../services/queries.js';
import { validationError } from './invalid-fields.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import { etag, expectedVersion } from './versions.js';
import { mergePatch, draftAsInput } from './merge-patch.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { CreateBody, DraftBody, DraftPatchBody, IdParam, ListQuery, MergedDraft, SearchBody } from './schemas.js';
import { RequestPageSchema, RequestViewSchema, presentRequest } from './views.js';
import { answerJson, requestViewWriter, writePage } from './view-json.js';
import { situatedFrom, type SituatedRequest } from '../services/situation.js';
import { apiRouter } from './router.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const notFound = 'Not found (or not yours to see)';
const writeProblems = problemsWithBody({
  403: 'Your role may not make this change',
  404: notFound,
  409: 'Not allowed in the current state',
  412: 'If-Match does not match the current version',
  422: 'Valid input that breaks a clinical rule',
});
const security = [{ bearer: [] }];

export function requestRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/requests',
      operationId: 'createRequest',
      summary: 'Create a consultation request (draft, or submitted at once)',
      security,
      request: { body: { required: true, content: json(CreateBody) } },
      responses: { 201: { description: 'Created', content: json(RequestViewSchema) }, ...writeProblems },
    }),
    async (c) => {
      const { submit, ...input } = c.req.valid('json');
      const actor = c.get('actor');
      const { request, timeline } = await c.get('services').requests.create(actor, input, { submit });
      c.header('ETag', etag(request.version));
      c.header('Location', `/api/requests/${request.id}`);
      return c.json(presentRequest(actor, request, timeline), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/requests/{id}',
      operationId: 'readRequest',
      summary: 'Read a request with its full timeline',
      security,
      request: { params: IdParam },
      responses: { 200: { description: 'The request', content: json(RequestViewSchema) }, ...problems({ 404: notFound }) },
    }),
    async (c) => {
      const actor = c.get('actor');
      const { request, timeline } = await c.get('services').requests.get(actor, c.req.valid('param').id);
      c.header('ETag', etag(request.version));
      return c.json(presentRequest(actor, request, timeline), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/requests',
      operationId: 'listRequests',
      summary: 'List requests you may see, newest change first (keyset pagination)',
      security,
      request: { query: ListQuery },
      responses: { 200: { description: 'A page of requests', content: json(RequestPageSchema) }, ...problems() },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const [system, value] = q.patientIdentifier?.split('|') ?? [];
      const filters: RequestFilters = {
        states: q.status,
        priorities: q.priority,
        requesterId: q.requesterId,
        serviceId: q.serviceId,
        assigneeId: q.assigneeId,
        patient: system && value ? { system, value } : undefined,
        updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined,
      };
      const page = await listPage(c, filters, q.cursor, q.limit);
      // A link Liaison makes never repeats a patient identifier: then only nextCursor is given.
      const next = page.nextCursor && !q.patientIdentifier ? nextLink(c.req.url, page.nextCursor) : null;
      return answerJson(c, writePage(page.items, page.item, { nextCursor: page.nextCursor, next }));
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/requests/search',
      operationId: 'searchRequests',
      summary: 'Search requests with the filters in the body (keeps patient identifiers out of URLs)',
      security,
      request: { body: { required: true, content: json(SearchBody) } },
      responses: { 200: { description: 'A page of requests', content: json(RequestPageSchema) }, ...problemsWithBody() },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const filters: RequestFilters = {
        states: b.status,
        priorities: b.priority,
        requesterId: b.requesterId,
        serviceId: b.serviceId,
        assigneeId: b.assigneeId,
        patient: b.patientIdentifier,
        updatedSince: b.updatedSince ? new Date(b.updatedSince) : undefined,
      };
      const page = await listPage(c, filters, b.cursor, b.limit);
      return answerJson(c, writePage(page.items, page.item, { nextCursor: page.nextCursor, next: null }));
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/requests/{id}',
      operationId: 'replaceDraft',
      summary: 'Replace the content of a draft',
      security,
      request: { params: IdParam, body: { required: true, content: json(DraftBody) } },
      responses: { 200: { description: 'The updated draft', content: json(RequestViewSchema) }, ...writeProblems },
    }),
    async (c) => {
      const actor = c.get('actor');
      const { id } = c.req.valid('param');
      const { request, timeline } = await c.get('services').requests.updateDraft(actor, id, c.req.valid('json'), expectedVersion(c));
      c.header('ETag', etag(request.version));
      return c.json(presentRequest(actor, request, timeline), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/requests/{id}',
      operationId: 'changeDraft',
      summary: 'Change part of a draft (JSON merge patch, RFC 7396)',
      security,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/merge-patch+json': { schema: DraftPatchBody }, ...json(DraftPatchBody) } },
      },
      responses: { 200: { description: 'The updated draft', content: json(RequestViewSchema) }, ...writeProblems },
    }),
    async (c) => {
      const actor = c.get('actor');
      const { id } = c.req.valid('param');
      const current = await c.get('services').requests.find(actor, id);
      const patch = c.req.valid('json');
      const merged = MergedDraft.safeParse(mergePatch(draftAsInput(current), patch));
      if (!merged.success) throw validationError(merged.error, 'json');
      // `identifiers: null` clears them (RFC 7396); left out, they stay.
      if (patch.identifiers === null) merged.data.identifiers = [];
      const version = expectedVersion(c) ?? current.version;
      const { request, timeline } = await c.get('services').requests.updateDraft(actor, id, merged.data, version);
      c.header('ETag', etag(request.version));
      return c.json(presentRequest(actor, request, timeline), 200);
    },
  );

  return app;
}

async function listPage(c: import('hono').Context<AppEnv>, filters: RequestFilters, cursor: string | undefined, limit: number) {
  const actor = c.get('actor');
  // The JSON view shows no element kept as the EHR sent it: the list reads requests without them.
  const page = await c.get('services').requests.search(actor, filters, { after: decodeCursor(cursor), limit, rows: 'without-kept-elements' });
  disclosed(c, page.items.map((r) => r.id));
  // Each item is written as JSON by view-json.ts (RequestPageSchema).
  const view = requestViewWriter(actor);
  return { items: page.items, item: (r: SituatedRequest) => view(situatedFrom(r) ?? r, r.situation), nextCursor: page.next ? encodeCursor(page.next) : null };
}

function nextLink(url: string, cursor: string): string {
  const next = new URL(url);
  next.searchParams.set('cursor', cursor);
  return `${next.pathname}${next.search}`;
}
