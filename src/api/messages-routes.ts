/**
 * /api/requests/{id}/messages: the conversation on a request. A psychiatrist's question to a
 * submitted request pauses the SLA clock; the GP's answer resumes it; other messages (the GP's
 * unprompted information, notes between colleagues) move nothing.
 */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { documentUrlProblem } from '../domain/document-link.js';
import { instant, uuid } from '../services/paging.js';
import type { Message } from '../domain/message.js';
import { nextPageLink, openCursor, sealCursor } from './cursors.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { IdParam, PageLinks, PageQuery } from './schemas.js';
import { apiRouter } from './router.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const Attachment = z.strictObject({
  url: z
    .string()
    .superRefine((url, ctx) => {
      const problem = documentUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .openapi({ format: 'uri', description: 'Where the document is kept (Liaison stores references, not files): an absolute http or https URL.' }),
  title: z.string().trim().min(1).max(300).optional(),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/).max(100).optional(),
});

const MessageView = z
  .object({
    id: z.string(),
    kind: z.enum(['question', 'answer', 'information', 'advice', 'outcome', 'decline']),
    text: z.string(),
    author: z.object({ kind: z.enum(['user', 'client']), id: z.string(), name: z.string() }),
    sentAt: z.string(),
    inResponseTo: z.string().nullable(),
    attachments: z.array(z.object({ url: z.string(), title: z.string().optional(), contentType: z.string().optional() })),
  })
  .openapi('Message');

const SendBody = z
  .strictObject({
    text: z.string().trim().min(1).max(16000),
    kind: z.enum(['question', 'answer', 'information']).optional().openapi({ description: 'Left out: a psychiatrist writing to a submitted request asks a question; a GP writing to a request awaiting information answers it; otherwise information.' }),
    inResponseTo: z.uuid().optional(),
    attachments: z.array(Attachment).max(20).optional(),
  })
  .openapi('SendMessage');

export function present(m: Message): z.infer<typeof MessageView> {
  return {
    id: m.id,
    kind: m.kind,
    text: m.text,
    author: { kind: m.authorKind, id: m.authorId, name: m.authorDisplay },
    sentAt: m.sentAt.toISOString(),
    inResponseTo: m.inResponseTo,
    attachments: m.attachments.map((a) => ({ url: a.url, ...(a.title ? { title: a.title } : {}), ...(a.contentType ? { contentType: a.contentType } : {}) })),
  };
}

export function messageRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/requests/{id}/messages',
      operationId: 'listMessages',
      summary: 'The conversation on a request, oldest first, a page at a time',
      security: [{ bearer: [] }],
      request: { params: IdParam, query: PageQuery },
      responses: {
        200: { description: 'A page of messages', content: json(z.object({ items: z.array(MessageView), ...PageLinks }).openapi('MessagePage')) },
        ...problems({ 400: 'Invalid limit or cursor', 404: 'Not found' }),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const request = await c.get('services').requests.find(c.get('actor'), id);
      const list = `messages:${request.id}`;
      const after = await openCursor(c, list, cursor, (v) => {
        const [at, messageId] = v as unknown[];
        return { at: instant(at), id: uuid(messageId) };
      });
      const page = await c.get('services').messages.forRequests([request], after, limit);
      const nextCursor = page.next ? await sealCursor(c, list, [page.next.at.toISOString(), page.next.id]) : null;
      return c.json({ items: page.items.map(present), nextCursor, next: nextPageLink(c.req.url, nextCursor) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/requests/{id}/messages',
      operationId: 'sendMessage',
      summary: 'Write on a request: a question, an answer, or information',
      security: [{ bearer: [] }],
      request: { params: IdParam, body: { required: true, content: json(SendBody) } },
      responses: {
        201: { description: 'The message as sent', content: json(MessageView) },
        ...problemsWithBody({
          403: 'Not a party to the request',
          404: 'Not found',
          409: 'The request is not open for this message (e.g. a question once accepted, or a closed case)',
        }),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const message = await c.get('services').messages.send(c.get('actor'), c.req.valid('param').id, body);
      return c.json(present(message), 201);
    },
  );
  return app;
}
