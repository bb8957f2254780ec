/** The GP answers each recommendation of an advice or outcome: accepted, or declined with a reason. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { etag, expectedVersion } from './versions.js';
import { problemsWithBody } from './openapi-responses.js';
import { RequestViewSchema, presentRequest } from './views.js';
import { apiRouter } from './router.js';

const Params = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  recommendationId: z.uuid().openapi({ param: { name: 'recommendationId', in: 'path' } }),
});
const Answer = z
  .strictObject({ accepted: z.boolean(), reason: z.string().trim().min(1).max(2000).optional().openapi({ description: 'Required when not accepted.' }) })
  .openapi('RecommendationAnswer');

export function recommendationRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/requests/{id}/recommendations/{recommendationId}/answer',
      operationId: 'answerRecommendation',
      summary: "The GP's answer to one recommendation (the implementation rate in the measures comes from these)",
      security: [{ bearer: [] }],
      request: { params: Params, body: { required: true, content: { 'application/json': { schema: Answer } } } },
      responses: {
        200: { description: 'The request with the answer recorded', content: { 'application/json': { schema: RequestViewSchema } } },
        ...problemsWithBody({
          400: 'Invalid input, or a decline without a reason',
          403: 'Only the requesting GP answers',
          404: 'No such request or recommendation',
          412: 'Stale If-Match',
        }),
      },
    }),
    async (c) => {
      const { id, recommendationId } = c.req.valid('param');
      const actor = c.get('actor');
      const { request, timeline } = await c.get('services').recommendations.respond(actor, id, recommendationId, c.req.valid('json'), expectedVersion(c));
      c.header('ETag', etag(request.version));
      return c.json(presentRequest(actor, request, timeline), 200);
    },
  );
  return app;
}
