/**
 * Sign-in with the organisation's OpenID Connect provider: authorization code with PKCE (S256),
 * state and nonce kept in a short-lived sealed cookie, the ID token checked by openid-client. The
 * person is the Liaison user whose e-mail address the provider vouches for, or whose professional
 * identifier (OIDC_IDENTIFIER_CLAIM, under OIDC_IDENTIFIER_SYSTEM) it names.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as client from 'openid-client';
import type { OidcConfig, WebConfig } from '../config/app-config.js';
import { openToken, sealToken } from '../services/paging.js';
import type { WebEnv } from './env.js';
import { safeNext } from './render.js';
import { signIn, signInPage } from './sign-in.js';

const FLOW_COOKIE = 'liaison_oidc';
const PURPOSE = 'web-oidc';
const discovered = new Map<string, Promise<client.Configuration>>();

/** The provider's configuration, discovered once per isolate (a failed discovery is tried again next time). */
function providerOf(oidc: OidcConfig): Promise<client.Configuration> {
  let found = discovered.get(oidc.issuer);
  if (!found) {
    const issuer = new URL(oidc.issuer);
    // Plain http only for a provider on this machine (tests, development).
    const local = issuer.protocol === 'http:' && /^(localhost|127(\.\d{1,3}){3})$/.test(issuer.hostname);
    found = client.discovery(issuer, oidc.clientId, oidc.clientSecret, undefined, local ? { execute: [client.allowInsecureRequests] } : undefined);
    found.catch(() => discovered.delete(oidc.issuer));
    discovered.set(oidc.issuer, found);
  }
  return found;
}

interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  next: string;
}

export function oidcRoutes(web: WebConfig, siteOf: (c: Context) => string, secure: (c: Context) => boolean): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  const oidc = web.oidc;
  if (!oidc) return routes;
  const callbackOf = (c: Context) => `${siteOf(c)}/sign-in/oidc/callback`;

  routes.get('/sign-in/oidc', async (c) => {
    const provider = await providerOf(oidc);
    const flow: Flow = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce(), next: safeNext(c.req.query('next')) };
    setCookie(c, FLOW_COOKIE, await sealToken(c.get('pageSecret'), PURPOSE, 'flow', flow), { httpOnly: true, secure: secure(c), sameSite: 'Lax', path: '/sign-in/oidc', maxAge: 600 });
    const url = client.buildAuthorizationUrl(provider, {
      redirect_uri: callbackOf(c),
      scope: oidc.identifierClaim ? 'openid email profile' : 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return c.redirect(url.href, 302);
  });

  routes.get('/sign-in/oidc/callback', async (c) => {
    const sealed = getCookie(c, FLOW_COOKIE);
    deleteCookie(c, FLOW_COOKIE, { path: '/sign-in/oidc', secure: secure(c), httpOnly: true, sameSite: 'Lax' });
    if (!sealed) return signInPage(c, web, 'The sign-in took too long or was started elsewhere. Please try again.', 400);
    let claims: Record<string, unknown> | undefined;
    let flow: Flow;
    try {
      flow = await openToken(c.get('pageSecret'), PURPOSE, 'flow', sealed, 'flow', '', (p) => p as Flow);
      const provider = await providerOf(oidc);
      const current = new URL(callbackOf(c) + new URL(c.req.url).search);
      const tokens = await client.authorizationCodeGrant(provider, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      claims = tokens.claims() as Record<string, unknown> | undefined;
    } catch {
      // The provider's or the library's message may quote what was sent: say nothing of it.
      return signInPage(c, web, 'Your organisation’s sign-in did not complete. Please try again.', 400);
    }
    const userId = claims ? await personNamedBy(c, oidc, claims) : null;
    if (!userId) return signInPage(c, web, 'Your organisation’s account does not match an active Liaison user. Ask your administrator.', 403);
    signIn(c, userId);
    return c.redirect(flow.next, 303);
  });
  return routes;
}

/** The active user the claims name: a verified e-mail address first, then the professional identifier. */
async function personNamedBy(c: Context<WebEnv>, oidc: OidcConfig, claims: Record<string, unknown>): Promise<string | null> {
  const callers = c.get('gate').callers;
  const email = typeof claims.email === 'string' && claims.email_verified !== false ? claims.email : null;
  const byEmail = email ? await callers.findUserByEmail(email) : null;
  const identifier = oidc.identifierClaim ? claims[oidc.identifierClaim] : undefined;
  const byIdentifier = !byEmail && typeof identifier === 'string' && oidc.identifierSystem ? await callers.findUserByIdentifier({ system: oidc.identifierSystem, value: identifier }) : null;
  const id = (byEmail ?? byIdentifier)?.id;
  // findUserByEmail finds inactive people too: only an active account signs in.
  return id && (await callers.findUser(id)) ? id : null;
}
