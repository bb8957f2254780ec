/**
 * The token endpoint of SMART Backend Services
 * (https://hl7.org/fhir/uv/bulkdata/authorization/index.html): client_credentials with a
 * private_key_jwt assertion signed by a key in the client's registered JWKS. The assertion's
 * `exp` is at most five minutes ahead, its `aud` is this endpoint, and its `jti` is never
 * accepted twice. Errors follow OAuth 2.0 (RFC 6749 §5.2).
 */
import { Hono, type Context } from 'hono';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import type { AppEnv } from '../http/context.js';
import { grantedScopes } from './scopes.js';
import type { TokenSigner } from './tokens.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ALGORITHMS = ['RS384', 'ES384'];
export const ACCESS_TOKEN_MINUTES = 5;
const MAX_ASSERTION_LIFETIME_S = 300;
const CLOCK_SKEW_S = 60;

class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type',
    readonly description: string,
  ) {
    super(description);
  }
}

export function smartTokenRoutes(signer: TokenSigner, publicUrl: string | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/token', async (c) => {
    const origin = new URL(c.req.url);
    // The assertion's aud must name this server. Without PUBLIC_URL the request's own Host would
    // decide, which a replayed assertion can choose: allowed only for names that cannot be on the
    // Internet (loopback, and the reserved .test domain), for development and tests.
    if (!publicUrl && !/^(localhost|127\.0\.0\.1|\[::1\]|.+\.test)$/.test(origin.hostname)) {
      c.header('Cache-Control', 'no-store');
      return c.json({ error: 'temporarily_unavailable', error_description: 'The token endpoint needs PUBLIC_URL set on this server.' }, 503);
    }
    try {
      return await issue(c, signer, `${(publicUrl ?? origin.origin).replace(/\/$/, '')}/auth/token`);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      c.header('Cache-Control', 'no-store');
      return c.json({ error: err.error, error_description: err.description }, err.error === 'invalid_client' ? 401 : 400);
    }
  });
  return app;
}

async function issue(c: Context<AppEnv>, signer: TokenSigner, tokenUrl: string): Promise<Response> {
  if (!/^application\/x-www-form-urlencoded/i.test(c.req.header('Content-Type') ?? '')) {
    throw new OAuthError('invalid_request', 'Send the token request as application/x-www-form-urlencoded.');
  }
  const text = await c.req.text();
  if (/%00/i.test(text)) throw new OAuthError('invalid_request', 'NUL characters are not allowed.');
  const form = new URLSearchParams(text);
  if (form.get('grant_type') !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only client_credentials is supported.');
  if (form.get('client_assertion_type') !== ASSERTION_TYPE) throw new OAuthError('invalid_request', `client_assertion_type must be ${ASSERTION_TYPE}.`);
  const assertion = form.get('client_assertion');
  if (!assertion) throw new OAuthError('invalid_request', 'client_assertion is required.');

  let clientId: string;
  let audience: unknown;
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(assertion);
    kid = typeof header.kid === 'string' ? header.kid : undefined;
    if (!ALGORITHMS.includes(String(header.alg))) throw new OAuthError('invalid_client', 'The assertion must be signed with RS384 or ES384.');
    const claims = decodeJwt(assertion);
    clientId = String(claims.iss ?? '');
    audience = claims.aud;
  } catch (err) {
    if (err instanceof OAuthError) throw err;
    throw new OAuthError('invalid_client', 'The client assertion is not a JWT.');
  }
  const { callers, clientKeys, assertions, clock } = c.get('gate');
  const [client, jwks] = await Promise.all([callers.findClient(clientId), clientKeys.keysFor(clientId, kid)]);
  if (!client || !jwks) throw new OAuthError('invalid_client', 'Unknown client, or no keys registered for it.');

  const now = clock.now();
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(jwks as JSONWebKeySet), {
      algorithms: ALGORITHMS,
      issuer: clientId,
      subject: clientId,
      audience: tokenUrl,
      currentDate: now,
      clockTolerance: CLOCK_SKEW_S,
      requiredClaims: ['exp', 'jti'],
    }));
  } catch {
    const audiences = Array.isArray(audience) ? audience : [audience];
    if (!audiences.includes(tokenUrl)) throw new OAuthError('invalid_client', `The assertion's aud must be this token endpoint: ${tokenUrl}.`);
    throw new OAuthError('invalid_client', 'The client assertion could not be verified (signature and kid, iss = sub = client id, exp).');
  }
  const nowS = Math.floor(now.getTime() / 1000);
  if (payload.exp! - nowS > MAX_ASSERTION_LIFETIME_S + CLOCK_SKEW_S) throw new OAuthError('invalid_client', 'The assertion expires more than five minutes ahead.');
  await assertions.forgetExpired(new Date(now.getTime() - CLOCK_SKEW_S * 1000));
  if (!(await assertions.remember(clientId, String(payload.jti), new Date(payload.exp! * 1000)))) {
    throw new OAuthError('invalid_client', 'This assertion (jti) was already used.');
  }

  const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const scope = grantedScopes(requested, client.scopes);
  if (scope.length === 0) throw new OAuthError('invalid_scope', `None of the requested scopes is granted to this client (granted: ${client.scopes.join(' ')}).`);
  const token = await signer.issue({ kind: 'client', id: clientId }, ACCESS_TOKEN_MINUTES, { scope: scope.join(' ') });
  c.header('Cache-Control', 'no-store');
  return c.json({ access_token: token, token_type: 'bearer', expires_in: ACCESS_TOKEN_MINUTES * 60, scope: scope.join(' ') });
}
