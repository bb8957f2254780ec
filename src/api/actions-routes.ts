/** POST /api/requests/{id}/{action}: every lifecycle move, each with its own body schema. */
import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { REQUEST_ACTIONS, TRANSITIONS, type RequestAction } from '../domain/lifecycle.js';
import type { ActionInput } from '../services/inputs.js';
import { ACTION_BODIES } from './action-schemas.js';
import { etag, expectedVersion } from './versions.js';
import { validationError } from './invalid-fields.js';
import { problemsWithBody } from './openapi-responses.js';
import { IdParam } from './schemas.js';
import { RequestViewSchema, presentRequest } from './views.js';
import { apiRouter } from './router.js';

/** How a client generated from the OpenAPI document names each move. */
const OPERATION_IDS: Record<RequestAction, string> = {
  submit: 'submitRequest',
  cancel: 'cancelRequest',
  accept: 'acceptRequest',
  decline: 'declineRequest',
  redirect: 'redirectRequest',
  'request-information': 'requestInformation',
  'provide-information': 'provideInformation',
  'give-advice': 'giveAdvice',
  'convert-to-joint': 'convertToJointConsultation',
  schedule: 'scheduleAppointment',
  complete: 'completeConsultation',
  close: 'closeRequest',
  'enter-in-error': 'markEnteredInError',
  reconsult: 'reconsultRequest',
  'cancel-visit': 'cancelVisit',
  'propose-times': 'proposeTimes',
  'choose-time': 'chooseProposedTime',
  'decline-times': 'declineProposedTimes',
};

export function actionRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  for (const action of REQUEST_ACTIONS) {
    const move = TRANSITIONS[action];
    const schema = ACTION_BODIES[action];
    app.openapi(
      createRoute({
        method: 'post',
        path: `/requests/{id}/${action}`,
        operationId: OPERATION_IDS[action],
        summary: `${action} (${move.from.join(', ')} → ${move.to}; by the ${move.by.join(' or ')} side)`,
        security: [{ bearer: [] }],
        request: {
          params: IdParam,
          body: { required: false, content: { 'application/json': { schema } } },
        },
        responses: {
          200: { description: 'The request after the move', content: { 'application/json': { schema: RequestViewSchema } } },
          ...problemsWithBody({
            403: 'Your side may not make this move',
            404: 'Not found (or not yours to see)',
            409: 'The move is not allowed in the current state; the body names the state and the allowed moves',
            412: 'If-Match does not match the current version',
            422: 'Valid input that breaks a clinical rule',
          }),
        },
      }),
      async (c) => {
        // An empty body reaches here unvalidated; parse once more so defaults and required fields apply.
        const parsed = schema.safeParse(c.req.valid('json'));
        if (!parsed.success) throw validationError(parsed.error, 'json');
        const input = { action, ...(parsed.data as object) } as ActionInput;
        const actor = c.get('actor');
        const { id } = c.req.valid('param');
        const { request, timeline } = await c.get('services').requests.act(actor, id, input, expectedVersion(c));
        c.header('ETag', etag(request.version));
        return c.json(presentRequest(actor, request, timeline), 200);
      },
    );
  }
  return app;
}
