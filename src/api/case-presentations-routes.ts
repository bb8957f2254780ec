/** What members bring to a session and what stays in the group: own-case presentations, leaders' notes, reflections. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { SessionView } from './case-discussion-schemas.js';
import { KeptReflection, LeaderNote, LeaderNoteBody, PresentationBody, ReflectionBody, ShareBody } from './case-discussion-run-schemas.js';
import { presentSession } from './case-discussion-views.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { apiRouter } from './router.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const id = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
const onSession = z.object({ sessionId: id('sessionId') });
const onItem = z.object({ sessionId: id('sessionId'), itemId: id('itemId') });
const note = (n: { writtenAt: Date }) => ({ ...n, writtenAt: n.writtenAt.toISOString() });

export function casePresentationRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/sessions/{sessionId}/presentations',
      operationId: 'presentOwnCase',
      summary: 'Bring a case of your own to a session, in your own words (a title and a short question); no identifiers',
      security: [{ bearer: [] }],
      request: { params: onSession, body: { required: true, content: json(PresentationBody) } },
      responses: {
        200: { description: 'The session', content: json(SessionView) },
        ...problemsWithBody({
          404: 'Not your group, or a request you cannot see',
          409: 'The session is cancelled, or the linked request is already on an agenda of the group or withdrawn',
          422: 'The title or question carries an identifier (an e-mail address, a long run of digits, or a name, identifier or birth date of one of your patients), or the request is not yours',
        }),
      },
    }),
    async (c) => c.json(presentSession(c, await c.get('services').casePresentations.present(c.get('actor'), c.req.valid('param').sessionId, c.req.valid('json'))), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussions/sessions/{sessionId}/leader-notes',
      operationId: 'listLeaderNotes',
      summary: "The leaders' private notes on a session (leaders only; never part of a request)",
      security: [{ bearer: [] }],
      request: { params: onSession },
      responses: { 200: { description: 'Notes, oldest first', content: json(z.object({ items: z.array(LeaderNote) })) }, ...problems({ 403: 'Not a leader', 404: 'Not your group' }) },
    }),
    async (c) => c.json({ items: (await c.get('services').casePresentations.leaderNotes(c.get('actor'), c.req.valid('param').sessionId)).map(note) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/sessions/{sessionId}/leader-notes',
      operationId: 'writeLeaderNote',
      summary: 'Write a private note on a session (leaders only)',
      security: [{ bearer: [] }],
      request: { params: onSession, body: { required: true, content: json(LeaderNoteBody) } },
      responses: { 201: { description: 'The note', content: json(LeaderNote) }, ...problemsWithBody({ 403: 'Not a leader', 404: 'Not your group' }) },
    }),
    async (c) => c.json(note(await c.get('services').casePresentations.writeLeaderNote(c.get('actor'), c.req.valid('param').sessionId, c.req.valid('json').text)), 201),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/case-discussions/sessions/{sessionId}/agenda/{itemId}/reflection',
      operationId: 'recordReflection',
      summary: "Record the group's reflection on a case (leaders); it stays in the group unless the presenter takes it back",
      security: [{ bearer: [] }],
      request: { params: onItem, body: { required: true, content: json(ReflectionBody) } },
      responses: { 200: { description: 'The session', content: json(SessionView) }, ...problemsWithBody({ 403: 'Not a leader', 404: 'Not found', 409: 'Already taken back by the presenter' }) },
    }),
    async (c) => {
      const { sessionId, itemId } = c.req.valid('param');
      return c.json(presentSession(c, await c.get('services').casePresentations.reflect(c.get('actor'), sessionId, itemId, c.req.valid('json').text)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/sessions/{sessionId}/agenda/{itemId}/reflection/share',
      operationId: 'shareReflection',
      summary: "Take the group's reflection back (the presenter only): as a message on the linked request, or as a note for yourself alone",
      security: [{ bearer: [] }],
      request: { params: onItem, body: { required: true, content: json(ShareBody) } },
      responses: {
        200: { description: 'The session', content: json(SessionView) },
        ...problemsWithBody({ 403: 'Not the presenter', 404: 'Not found', 409: 'No reflection yet, already shared, or the request is closed', 422: 'The case links no request' }),
      },
    }),
    async (c) => {
      const { sessionId, itemId } = c.req.valid('param');
      return c.json(presentSession(c, await c.get('services').casePresentations.share(c.get('actor'), sessionId, itemId, c.req.valid('json').to)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/reflections',
      operationId: 'listMyReflections',
      summary: "The groups' reflections you kept for yourself alone",
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Reflections', content: json(z.object({ items: z.array(KeptReflection) })) }, ...problems({ 403: 'Not a person' }) },
    }),
    async (c) => {
      const kept = await c.get('services').casePresentations.keptReflections(c.get('actor'));
      return c.json({ items: kept.map((r) => ({ ...r, sessionStartsAt: r.sessionStartsAt.toISOString(), sharedAt: r.sharedAt.toISOString() })) }, 200);
    },
  );
  return app;
}
