/**
 * The JSON API, mounted at /api by app.ts: its OpenAPI document, then in front of every route
 * the body limit, the per-address budget, the text guard, the access log, authentication, the
 * per-caller budget and the route's declared access (route-access.ts); errors as problem details.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { authenticate } from '../auth/authenticate.js';
import { auditAccess } from '../http/access-log.js';
import { limitBody } from '../http/body-limit.js';
import type { AppEnv } from '../http/context.js';
import { errorHandler } from '../http/errors.js';
import type { InterfaceDeps } from '../http/interface-deps.js';
import { problemResponse } from '../http/problem.js';
import { refuseUnstorableText } from '../http/text-guard.js';
import { describeApiCall } from './access-description.js';
import { actionRoutes } from './actions-routes.js';
import { adminRoutes } from './admin-routes.js';
import { auditRoutes } from './audit-routes.js';
import { caseDiscussionRunRoutes } from './case-discussion-runs-routes.js';
import { caseDiscussionRoutes } from './case-discussions-routes.js';
import { casePresentationRoutes } from './case-presentations-routes.js';
import { directoryRoutes } from './directory-routes.js';
import { messageRoutes } from './messages-routes.js';
import { notificationRoutes } from './notifications-routes.js';
import { ehrConnectionRoutes } from './ehr-connection-routes.js';
import { openApiDocument, registerSecurity } from './openapi-document.js';
import { recommendationRoutes } from './recommendations-routes.js';
import { requestRoutes } from './requests-routes.js';
import { requireRouteAccess } from './route-access.js';
import { schedulingRoutes } from './scheduling-routes.js';
import { triageRoutes } from './triage-routes.js';

export function jsonApi(deps: InterfaceDeps): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>();
  api.onError(errorHandler(problemResponse, deps.log));
  registerSecurity(api);
  api.get('/openapi.json', (c) => c.json(openApiDocument(api, deps.config.publicUrl)));
  api.use('*', limitBody(deps.config.maxBodyBytes));
  api.use('*', deps.budgets.perAddress);
  api.use('*', refuseUnstorableText);
  api.use('*', auditAccess(describeApiCall));
  api.use('*', authenticate(deps.signer));
  api.use('*', deps.budgets.perCaller);
  api.use('*', requireRouteAccess);
  const routes = [directoryRoutes, requestRoutes, actionRoutes, triageRoutes, messageRoutes, recommendationRoutes, schedulingRoutes, caseDiscussionRoutes, caseDiscussionRunRoutes, casePresentationRoutes, notificationRoutes, ehrConnectionRoutes, adminRoutes, auditRoutes];
  for (const group of routes) api.route('/', group());
  return api;
}
