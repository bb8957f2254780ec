/**
 * System clients use the JSON API within the same SMART scopes as FHIR: a consultation request
 * is a ServiceRequest, so reading needs `r`/`s`, creating `c`, and edits and moves `u`.
 */
import type { MiddlewareHandler } from 'hono';
import { scopeAllows, type Operation } from '../auth/scopes.js';
import type { AppEnv } from '../context.js';
import { DomainError } from '../domain/errors.js';

export const requireRequestScopes: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.var.actor;
  if (actor.kind === 'client') {
    const path = c.req.path.replace(/^\/api/, '');
    const operation: Operation =
      c.req.method === 'GET' ? (path === '/requests' ? 's' : 'r') : path === '/requests/search' ? 's' : path === '/requests' ? 'c' : 'u';
    if (!scopeAllows(actor.scopes, 'ServiceRequest', operation)) {
      throw new DomainError('forbidden', `The token's scopes do not allow this: system/ServiceRequest.${operation} is needed.`);
    }
  }
  await next();
};
