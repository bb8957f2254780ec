/**
 * An organisation's own FHIR server, for its administrator (issue 11, "Push to the EHR"): where
 * Liaison keeps the EHR's copy of each request's Task current, and how it signs in there. The
 * token or private key is write-only: never shown again, and kept when a change leaves it out.
 * GET answers an ETag (when it was saved); PUT with If-Match is refused when someone saved since.
 */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DomainError } from '../domain/errors.js';
import type { AppEnv } from '../http/context.js';
import type { EhrConnectionView } from '../services/ehr-connections.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { apiRouter } from './router.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const https = z.url({ protocol: /^https?$/ }).max(2000);

const EhrConnectionInput = z
  .strictObject({
    baseUrl: https.openapi({ description: "The EHR's FHIR base URL, e.g. https://ehr.example.org/fhir." }),
    auth: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('bearer'), token: z.string().min(1).max(4000).optional().openapi({ description: 'A static bearer token (write-only; left out, the saved one is kept).' }) }),
      z.strictObject({
        kind: z.literal('smart-backend-services'),
        tokenUrl: https,
        clientId: z.string().min(1).max(200),
        scope: z.string().min(1).max(1000).default('system/Task.u system/DocumentReference.u'),
        privateJwk: z.record(z.string(), z.unknown()).refine((k) => k.kty === 'EC' || k.kty === 'RSA', 'an EC (ES384) or RSA (RS384) private JWK').optional().openapi({ description: 'The private key Liaison signs its client assertions with (write-only; left out, the saved one is kept).' }),
      }),
    ]),
  })
  .openapi('EhrConnectionInput');

const EhrConnectionView = z
  .object({
    baseUrl: z.string(),
    auth: z.object({ kind: z.enum(['bearer', 'smart-backend-services']), tokenUrl: z.string().optional(), clientId: z.string().optional(), scope: z.string().optional() }),
    updatedAt: z.string(),
  })
  .openapi('EhrConnection');

/** The connection's ETag is when it was last saved (it has no version of its own). */
function present(c: Context<AppEnv>, v: EhrConnectionView) {
  c.header('ETag', `W/"${v.updatedAt.getTime()}"`);
  return c.json({ ...v, updatedAt: v.updatedAt.toISOString() }, 200);
}

/** `If-Match` with the ETag read: the save is refused (412) when someone saved since; absent or `*`: no check. */
function readAt(c: Context<AppEnv>): Date | undefined {
  const header = c.req.header('If-Match');
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header);
  if (!match) throw new DomainError('invalid_input', 'If-Match must be the ETag you read.', { issues: [{ field: 'If-Match', message: 'Expected an entity tag such as W/"1764500000000".' }] });
  return new Date(Number(match[1]));
}

export function ehrConnectionRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  const path = '/admin/ehr-connection';
  app.openapi(
    createRoute({ method: 'get', path, operationId: 'getEhrConnection', summary: "Your organisation's EHR connection (without its secret)", security: [{ bearer: [] }], responses: { 200: { description: 'The connection', content: json(EhrConnectionView) }, ...problems({ 403: 'Not an administrator', 404: 'None configured' }) } }),
    async (c) => present(c, await c.get('services').ehrConnections.find(c.get('actor'))),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path,
      operationId: 'setEhrConnection',
      summary: "Set where Liaison pushes your requests' Tasks, and how it signs in there",
      security: [{ bearer: [] }],
      request: { headers: z.object({ 'if-match': z.string().max(40).optional().openapi({ description: 'The ETag you read: refused (412) when someone saved since' }) }), body: { required: true, content: json(EhrConnectionInput) } },
      responses: { 200: { description: 'The connection', content: json(EhrConnectionView) }, ...problemsWithBody({ 403: 'Not an administrator', 412: 'Someone saved the connection since you read it', 422: 'No secret given and none saved for this kind of sign-in, or a key that is not a private key' }) },
    }),
    async (c) => present(c, await c.get('services').ehrConnections.save(c.get('actor'), c.req.valid('json'), readAt(c))),
  );
  app.openapi(
    createRoute({ method: 'delete', path, operationId: 'removeEhrConnection', summary: 'Stop pushing to your EHR', security: [{ bearer: [] }], responses: { 204: { description: 'Removed' }, ...problems({ 403: 'Not an administrator', 404: 'None configured' }) } }),
    async (c) => {
      await c.get('services').ehrConnections.remove(c.get('actor'));
      return c.body(null, 204);
    },
  );
  return app;
}
