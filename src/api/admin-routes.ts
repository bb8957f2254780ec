/**
 * /api/admin: what an organisation's administrators manage (issue 12). Every route is for a
 * signed-in administrator of the organisation (route-access.ts: `person`; the use cases refuse
 * anyone else with 403, and another organisation's things are 404). Reads answer an ETag; every
 * change needs If-Match (428 without, 412 when stale), is one transaction and is logged.
 */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';
import { ClientIdParam, ClientPatch, ClientView, NewClient, NewService, NewStaffMember, OrganisationIdParam, OrganisationPatch, OrganisationView, ServicePatch, ServiceView, StaffPageQuery, StaffPatch, StaffView } from './admin-schemas.js';
import { openCursor, sealCursor } from './cursors.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { apiRouter } from './router.js';
import { etag, expectedVersion } from './versions.js';
import type { SentInvitation } from '../services/admin-invitations.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const security = [{ bearer: [] }];
const NOT_YOURS = 'No such thing in your organisation';
const readProblems = problems({ 403: 'Only an administrator of the organisation', 404: NOT_YOURS });
const createProblems = problemsWithBody({ 403: 'Only an administrator of the organisation', 404: NOT_YOURS, 409: 'Conflicts with an existing one (e.g. an e-mail address in use)', 422: 'Valid input that breaks a rule (named in errors)' });
const changeProblems = problemsWithBody({
  403: 'Only an administrator of the organisation',
  404: NOT_YOURS,
  409: 'Conflicts with an existing one (e.g. an e-mail address in use)',
  412: 'If-Match does not match the current version',
  422: 'Valid input that breaks a rule (named in errors)',
});
const IfMatch = z.object({ 'if-match': z.string().max(40).optional().openapi({ description: 'Required: the ETag you read (428 without it)' }) });

/** An entity with its ETag (and its Location when just created). */
function answer<T extends { id: string; version: number }>(c: Context<AppEnv>, entity: T, status: 200 | 201, location?: string) {
  c.header('ETag', etag(entity.version));
  if (location) c.header('Location', location);
  return c.json(entity, status);
}

type Kind = { path: string; name: string; schema: z.ZodType; patch: z.ZodType; params?: typeof OrganisationIdParam | typeof ClientIdParam };

/** GET /admin/{plural}/{id} and PATCH of the same, for each administered thing. */
function readAndChange(app: OpenAPIHono<AppEnv>, kind: Kind, read: (c: Context<AppEnv>, id: string) => Promise<{ id: string; version: number }>, change: (c: Context<AppEnv>, id: string, version: number | null, patch: never) => Promise<{ id: string; version: number }>) {
  const name = kind.name[0]!.toUpperCase() + kind.name.slice(1);
  app.openapi(
    createRoute({ method: 'get', path: `/admin/${kind.path}/{id}`, operationId: `readAdmin${name}`, summary: `Read a ${kind.name} of your organisation`, security, request: { params: kind.params ?? OrganisationIdParam }, responses: { 200: { description: `The ${kind.name}`, content: json(kind.schema) }, ...readProblems } }),
    async (c) => answer(c, await read(c, c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: `/admin/${kind.path}/{id}`,
      operationId: `changeAdmin${name}`,
      summary: `Change a ${kind.name} (only the fields sent)`,
      security,
      request: { params: kind.params ?? OrganisationIdParam, headers: IfMatch, body: { required: true, content: json(kind.patch) } },
      responses: { 200: { description: `The ${kind.name} as changed`, content: json(kind.schema) }, ...changeProblems },
    }),
    async (c) => answer(c, await change(c, c.req.valid('param').id, expectedVersion(c), c.req.valid('json') as never), 200),
  );
}

export function adminRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  const admin = (c: Context<AppEnv>) => c.get('services').administration;

  readAndChange(app, { path: 'organisations', name: 'organisation', schema: OrganisationView, patch: OrganisationPatch }, (c, id) => admin(c).organisations.organisation(c.get('actor'), id), (c, id, v, patch) => admin(c).organisations.change(c.get('actor'), id, v, patch));
  readAndChange(app, { path: 'services', name: 'service', schema: ServiceView, patch: ServicePatch }, (c, id) => admin(c).organisations.service(c.get('actor'), id), (c, id, v, patch) => admin(c).organisations.changeService({ kind: 'user', actor: c.get('actor') }, id, v, patch));
  readAndChange(app, { path: 'users', name: 'user', schema: StaffView, patch: StaffPatch }, (c, id) => admin(c).staff.member(c.get('actor'), id), (c, id, v, patch) => admin(c).staff.change(c.get('actor'), id, v, patch));
  readAndChange(app, { path: 'clients', name: 'client', schema: ClientView, patch: ClientPatch, params: ClientIdParam }, (c, id) => admin(c).clients.client(c.get('actor'), id).then(clientView), (c, id, v, patch) => admin(c).clients.change(c.get('actor'), id, v, patch).then(clientView));

  const list = (path: string, operationId: string, summary: string, schema: z.ZodType, query?: typeof StaffPageQuery) =>
    createRoute({ method: 'get', path: `/admin/organisations/{id}/${path}`, operationId, summary, security, request: { params: OrganisationIdParam, ...(query ? { query } : {}) }, responses: { 200: { description: summary, content: json(schema) }, ...readProblems } });
  const create = (path: string, operationId: string, summary: string, body: z.ZodType, schema: z.ZodType) =>
    createRoute({ method: 'post', path: `/admin/organisations/{id}/${path}`, operationId, summary, security, request: { params: OrganisationIdParam, body: { required: true, content: json(body) } }, responses: { 201: { description: 'Created', content: json(schema) }, ...createProblems } });

  app.openapi(list('services', 'listAdminServices', 'The consulting services of the organisation', z.object({ items: z.array(ServiceView) })), async (c) => c.json({ items: await admin(c).organisations.services(c.get('actor'), c.req.valid('param').id) }, 200));
  app.openapi(create('services', 'createAdminService', 'Add a consulting service (mental-health providers only)', NewService, ServiceView), async (c) => {
    const created = await admin(c).organisations.createService(c.get('actor'), c.req.valid('param').id, c.req.valid('json') as never);
    return answer(c, created, 201, `/api/admin/services/${created.id}`);
  });

  app.openapi(list('users', 'listAdminUsers', 'The people of the organisation, by name; paged', z.object({ items: z.array(StaffView), nextCursor: z.string().nullable() }), StaffPageQuery), async (c) => {
    const organisationId = c.req.valid('param').id;
    // The route declares StaffPageQuery; the shared builder above loses its type.
    const { limit, cursor } = (c.req.valid as unknown as (target: 'query') => z.infer<typeof StaffPageQuery>)('query');
    const list = `staff:${organisationId}`;
    const after = await openCursor(c, list, cursor, (p) => p as { name: string; id: string });
    const rows = await admin(c).staff.list(c.get('actor'), organisationId, after, limit + 1);
    const last = rows.length > limit ? rows[limit - 1]! : null;
    return c.json({ items: rows.slice(0, limit), nextCursor: last ? await sealCursor(c, list, { name: last.name, id: last.id }) : null }, 200);
  });
  app.openapi(create('users', 'createAdminUser', 'Add a person (no password: they sign in with a token issued for their address)', NewStaffMember, StaffView), async (c) => {
    const created = await admin(c).staff.create({ kind: 'user', actor: c.get('actor') }, c.req.valid('param').id, c.req.valid('json') as never);
    return answer(c, created, 201, `/api/admin/users/${created.id}`);
  });

  const Invited = z.object({ person: StaffView, expiresAt: z.string().openapi({ description: 'Until when the sign-in link works (once)' }) }).openapi('Invitation');
  const invited = (c: Context<AppEnv>, sent: SentInvitation) => {
    c.header('Location', `/api/admin/users/${sent.member.id}`);
    c.header('ETag', etag(sent.member.version));
    return c.json({ person: sent.member, expiresAt: sent.expiresAt.toISOString() }, 201);
  };
  app.openapi(create('invitations', 'inviteAdminUser', 'Add a person and mail them a single-use sign-in link (7 days; no patient data)', NewStaffMember, Invited), async (c) => invited(c, await admin(c).invitations.invite(c.get('actor'), c.req.valid('param').id, c.req.valid('json') as never)));
  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/users/{id}/invitations',
      operationId: 'reinviteAdminUser',
      summary: 'Mail a person a new sign-in link; their earlier links stop working',
      security,
      request: { params: OrganisationIdParam },
      responses: { 201: { description: 'Sent', content: json(Invited) }, ...problems({ 403: 'Only an administrator of the organisation', 404: NOT_YOURS, 422: 'The person is deactivated' }) },
    }),
    async (c) => invited(c, await admin(c).invitations.resend(c.get('actor'), c.req.valid('param').id)),
  );

  app.openapi(list('clients', 'listAdminClients', 'The system clients (EHRs) of the organisation', z.object({ items: z.array(ClientView) })), async (c) => c.json({ items: (await admin(c).clients.list(c.get('actor'), c.req.valid('param').id)).map(clientView) }, 200));
  app.openapi(create('clients', 'createAdminClient', 'Register a system client with its scopes and a JWKS or jwks_uri', NewClient, ClientView), async (c) => {
    const created = clientView(await admin(c).clients.create(c.get('actor'), c.req.valid('param').id, c.req.valid('json') as never));
    return answer(c, created, 201, `/api/admin/clients/${created.id}`);
  });
  return app;
}

const clientView = <T extends { jwksFetchedAt: Date | null }>(client: T) => ({ ...client, jwksFetchedAt: client.jwksFetchedAt?.toISOString() ?? null });
