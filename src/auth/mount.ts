/**
 * The token endpoint, mounted at /auth by app.ts: a small body limit, its own budget per network
 * address, the access log (attempts that get a token are attributable), then the SMART Backend
 * Services token exchange; errors other than OAuth's as problem details.
 */
import { Hono } from 'hono';
import { auditAccess } from '../http/access-log.js';
import { limitBody } from '../http/body-limit.js';
import type { AppEnv } from '../http/context.js';
import { errorHandler } from '../http/errors.js';
import type { InterfaceDeps } from '../http/interface-deps.js';
import { problemResponse } from '../http/problem.js';
import { smartTokenRoutes } from './smart-token.js';

/** A token request is a form with one signed assertion: far below the API's body limit. */
const MAX_TOKEN_REQUEST_BYTES = 64 * 1024;

export function tokenEndpoint(deps: InterfaceDeps): Hono<AppEnv> {
  const { publicUrl } = deps.config;
  const auth = new Hono<AppEnv>();
  auth.onError(errorHandler(problemResponse, deps.log));
  auth.use('*', limitBody(MAX_TOKEN_REQUEST_BYTES, 'The token request is too large.'));
  auth.use('*', deps.budgets.tokenPerAddress);
  auth.use('*', auditAccess(() => ({ interaction: 'POST /auth/token', requestId: null })));
  auth.route('/', smartTokenRoutes(deps.signer, publicUrl));
  return auth;
}
