/** Notifications: an administrator's dead letters and replay; each person's delivery preference. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { DELIVERY_PREFERENCES, NOTIFICATION_TOPICS } from '../domain/notifications.js';
import type { AppEnv } from '../http/context.js';
import { instant, uuid } from '../services/paging.js';
import type { Notification } from '../services/ports/notifications.js';
import { nextPageLink, openCursor, sealCursor } from './cursors.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { PageLinks, PageQuery } from './schemas.js';
import { apiRouter } from './router.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const STATES = ['pending', 'sent', 'dead'] as const;
// Not `{id}`: the access log reads `:id` as a consultation request's id.
const NotificationParam = z.object({ notificationId: z.uuid().openapi({ param: { name: 'notificationId', in: 'path' } }) });

const NotificationView = z
  .object({
    id: z.uuid(),
    channel: z.enum(['email', 'rest-hook', 'ehr-push']).openapi({ description: "email: a person; rest-hook: a FHIR subscription (recipient is its endpoint); ehr-push: the organisation's own FHIR server (recipient is its base URL)." }),
    topic: z.enum([...(Object.keys(NOTIFICATION_TOPICS) as [keyof typeof NOTIFICATION_TOPICS]), 'handshake', 'heartbeat', 'event-notification', 'task-update', 'invitation']).openapi({ description: 'What it is about; `invitation`: a person’s sign-in link (the link is never shown).' }),
    requestId: z.uuid().nullable(),
    reference: z.string().nullable().openapi({ description: "The request's reference number (never a patient identifier); null for a subscription's notification." }),
    subscriptionId: z.uuid().nullable().openapi({ description: 'The FHIR Subscription a rest-hook notification belongs to.' }),
    recipientUserId: z.uuid().nullable(),
    state: z.enum(STATES),
    attempts: z.number().int(),
    lastError: z.string().nullable().openapi({ description: 'Why the last attempt failed, e.g. `SMTP 550`.' }),
    createdAt: z.string(),
    nextAttemptAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('Notification');
const ListQuery = PageQuery.extend({ state: z.enum(STATES).default('dead').openapi({ description: 'Which notifications: dead-lettered (default), pending or sent.' }) });
const Preference = z.strictObject({ routine: z.enum(DELIVERY_PREFERENCES).openapi({ description: 'Routine news at once (immediate, the default) or once a day; urgent, asap and stat news is always immediate.' }) }).openapi('NotificationPreference');

const present = (n: Notification) => ({
  id: n.id,
  channel: n.channel,
  topic: 'topic' in n.payload ? n.payload.topic : n.payload.kind,
  requestId: n.requestId,
  reference: 'reference' in n.payload ? n.payload.reference : null,
  subscriptionId: 'subscriptionId' in n.payload ? n.payload.subscriptionId : null,
  recipientUserId: n.recipientUserId,
  state: n.state,
  attempts: n.attempts,
  lastError: n.lastError,
  createdAt: n.createdAt.toISOString(),
  nextAttemptAt: n.nextAttemptAt.toISOString(),
  sentAt: n.sentAt?.toISOString() ?? null,
});

export function notificationRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/notifications',
      operationId: 'listNotifications',
      summary: "Your organisation's notifications in one state, newest first (dead letters by default)",
      security: [{ bearer: [] }],
      request: { query: ListQuery },
      responses: {
        200: { description: 'A page of notifications', content: json(z.object({ items: z.array(NotificationView), ...PageLinks }).openapi('NotificationPage')) },
        ...problems({ 400: 'Invalid state, limit or cursor', 403: 'Not an administrator' }),
      },
    }),
    async (c) => {
      const { state, limit, cursor } = c.req.valid('query');
      const list = `notifications:${c.get('actor').organisationId}:${state}`;
      const after = await openCursor(c, list, cursor, (v) => {
        const [at, id] = v as unknown[];
        return { at: instant(at), id: uuid(id) };
      });
      const page = await c.get('services').notifications.list(c.get('actor'), state, after, limit);
      const nextCursor = page.next ? await sealCursor(c, list, [page.next.at.toISOString(), page.next.id]) : null;
      return c.json({ items: page.items.map(present), nextCursor, next: nextPageLink(c.req.url, nextCursor) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/notifications/{notificationId}/replay',
      operationId: 'replayNotification',
      summary: 'Send a dead-lettered notification again (its attempts start from zero)',
      security: [{ bearer: [] }],
      request: { params: NotificationParam },
      responses: { 204: { description: 'Pending again, due now' }, ...problems({ 403: 'Not an administrator', 404: 'No dead-lettered notification of your organisation has this id' }) },
    }),
    async (c) => {
      await c.get('services').notifications.replay(c.get('actor'), c.req.valid('param').notificationId);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/notification-preferences',
      operationId: 'getNotificationPreference',
      summary: 'How you get routine news by e-mail',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Your preference', content: json(Preference) }, ...problems({}) },
    }),
    async (c) => c.json({ routine: await c.get('services').notifications.preference(c.get('actor')) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/me/notification-preferences',
      operationId: 'setNotificationPreference',
      summary: 'Routine news at once or in a daily digest (urgent, asap and stat news always at once)',
      security: [{ bearer: [] }],
      request: { body: { required: true, content: json(Preference) } },
      responses: { 200: { description: 'Your preference', content: json(Preference) }, ...problemsWithBody({}) },
    }),
    async (c) => {
      const { routine } = c.req.valid('json');
      await c.get('services').notifications.setPreference(c.get('actor'), routine);
      return c.json({ routine }, 200);
    },
  );
  return app;
}
