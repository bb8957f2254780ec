/** Who am I, and which consulting services exist (to name one when creating or redirecting). */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context.js';
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
      summary: 'The caller, as Liaison knows them',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'The caller', content: { 'application/json': { schema: Me } } } },
    }),
    (c) => {
      const a = c.var.actor;
      return c.json({ kind: a.kind, id: a.id, name: a.display, role: a.role, organisationId: a.organisationId, serviceIds: a.serviceIds }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/services',
      summary: 'Active consulting services',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Services', content: { 'application/json': { schema: z.object({ items: z.array(Service) }) } } } },
    }),
    async (c) => {
      const services = await c.var.services.directory.services();
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
