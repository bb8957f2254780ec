/** Who am I, and which consulting services exist (to name one when creating or redirecting). */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { problems } from './openapi-responses.js';
import { Priority } from './schemas.js';

const Me = z
  .object({
    kind: z.enum(['user', 'client']),
    id: z.string(),
    name: z.string(),
    role: z.string(),
    organisationId: z.string(),
    serviceIds: z.array(z.string()),
  })
  .openapi('Me');

const Service = z
  .object({
    id: z.string(),
    name: z.string(),
    organisation: z.object({ id: z.string(), name: z.string() }),
    timeZone: z.string(),
    slaTargets: z.record(Priority, z.number()).openapi({ description: 'Response targets in business days.' }),
  })
  .openapi('ConsultingService');

export function directoryRoutes(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      operationId: 'whoAmI',
      summary: 'The caller, as Liaison knows them',
      security: [{ bearer: [] }],
      // Any caller with a valid token may ask who they are: no scope, so no 403.
      responses: { 200: { description: 'The caller', content: { 'application/json': { schema: Me } } }, ...problems({ 403: null }) },
    }),
    (c) => {
      const a = c.get('actor');
      return c.json({ kind: a.kind, id: a.id, name: a.display, role: a.role, organisationId: a.organisationId, serviceIds: a.serviceIds }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/services',
      operationId: 'listConsultingServices',
      summary: 'Active consulting services',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Services', content: { 'application/json': { schema: z.object({ items: z.array(Service) }) } } }, ...problems() },
    }),
    async (c) => {
      const services = await c.get('services').directory.services();
      const items = services.map((s) => ({
        id: s.id,
        name: s.name,
        organisation: { id: s.organisationId, name: s.organisationName },
        timeZone: s.timeZone,
        slaTargets: s.slaTargets,
      }));
      return c.json({ items }, 200);
    },
  );
  return app;
}
