/** Bearer authentication: who calls, read fresh from the directory on every request. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context.js';
import { DomainError } from '../domain/errors.js';
import { grantedScopes } from './scopes.js';
import type { TokenSigner } from './tokens.js';

export function authenticate(signer: TokenSigner): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    const match = header ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim()) : null;
    if (!match) throw new DomainError('unauthenticated', 'Send a bearer token in the Authorization header.');
    const subject = await signer.verify(match[1]!);
    if ('refused' in subject) throw new DomainError('unauthenticated', subject.refused);
    const directory = c.get('gate').callers;
    const actor = subject.kind === 'user' ? await directory.findUser(subject.id) : await directory.findClient(subject.id);
    if (!actor) throw new DomainError('unauthenticated', 'The account behind this token is not active.');
    // A SMART token carries the scopes granted at issue, still bounded by the client's registration.
    c.set('actor', subject.scope ? { ...actor, scopes: grantedScopes(subject.scope, actor.scopes) } : actor);
    await next();
  };
}
