/**
 * The web app for clinicians, mounted at the site's root by app.ts beside /api, /fhir and /auth.
 * Its middleware runs on its own paths only (PAGES): the body limit and the per-address budget,
 * the session (sealed cookie, session.ts) and who the person is (read fresh from the directory),
 * then for signed-in pages the sign-in redirect, the access log, the per-caller budget and the
 * CSRF check of every form. Pages reach data only through the use cases (services/).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { WebConfig } from '../config/app-config.js';
import { DomainError } from '../domain/errors.js';
import { auditAccess, type AccessDescription } from '../http/access-log.js';
import { limitBody } from '../http/body-limit.js';
import { HTTP_ERRORS, toDomainError } from '../http/errors.js';
import type { InterfaceDeps } from '../http/interface-deps.js';
import { UUID } from '../domain/ids.js';
import { REFRESH_SCRIPT, RISK_PREVIEW_SCRIPT, STYLESHEET } from './assets.js';
import type { WebEnv } from './env.js';
import { oidcRoutes } from './oidc.js';
import { render } from './render.js';
import { readSession, secureCookies, writeSession } from './session.js';
import { signInRoutes } from './sign-in.js';
import { invitationRoutes } from './invitation-sign-in.js';
import { pageRoutes } from './pages.js';

/** Every path the web app answers; anything else (the JSON API, FHIR) never meets its middleware. */
const PAGES = ['/', '/sign-in', '/sign-in/*', '/sign-out', '/requests', '/requests/*', '/queue', '/cases', '/calendar', '/availability', '/measures', '/groups', '/groups/*', '/people', '/people/*', '/organisation', '/ehr-clients', '/ehr-clients/*', '/ehr-connection', '/ehr-connection/*', '/services', '/services/*', '/dead-letters', '/dead-letters/*', '/access-log'];
/** Pages anyone may open; every other page asks the person to sign in first. */
const OPEN = /^\/sign-in(\/|$)/;

const DEFAULT_WEB: WebConfig = { production: true, sessionIdleMinutes: 30 };

export function webApp(deps: InterfaceDeps): Hono<WebEnv> {
  const web = deps.config.web ?? DEFAULT_WEB;
  const idleMs = web.sessionIdleMinutes * 60_000;
  const siteOf = (c: Context) => (deps.config.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
  const secure = (c: Context) => secureCookies(siteOf(c));
  const app = new Hono<WebEnv>();
  app.onError((err, c) => errorPage(c as Context<WebEnv>, toDomainError(err), deps));

  const asset = (body: string, type: string) => (c: Context) => c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
  app.get('/assets/liaison.css', asset(STYLESHEET, 'text/css; charset=utf-8'));
  app.get('/assets/refresh.js', asset(REFRESH_SCRIPT, 'text/javascript; charset=utf-8'));
  app.get('/assets/risk-preview.js', asset(RISK_PREVIEW_SCRIPT, 'text/javascript; charset=utf-8'));

  // The shared middleware is typed for the app's context; the web's adds the session to it.
  const pages = (handler: MiddlewareHandler<any>) => PAGES.forEach((path) => app.use(path, handler));
  pages(limitBody(deps.config.maxBodyBytes));
  pages(deps.budgets.perAddress);
  pages(async (c: Context<WebEnv>, next) => {
    // Pages are ours alone: no framing, scripts and styles from this site only.
    c.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
    c.header('Cache-Control', 'no-store');
    const now = Date.now();
    const session = await readSession(c, deps.config.signingKey, idleMs, now);
    const actor = session.userId ? await c.get('gate').callers.findUser(session.userId) : null;
    c.set('session', actor ? session : { ...session, userId: null });
    if (actor) c.set('actor', actor);
    if (c.req.method === 'POST') await checkCsrf(c);
    await next();
    // A page's own polling (assets.ts) is no sign of the person being there: it never extends the session.
    if (c.req.header('X-Liaison-Refresh') !== '1') await writeSession(c, deps.config.signingKey, { ...c.get('session'), seenAt: now }, { secure: secure(c), idleMs });
  });
  app.route('/', signInRoutes(web));
  app.route('/', invitationRoutes());
  app.route('/', oidcRoutes(web, siteOf, secure));
  pages(async (c: Context<WebEnv>, next) => {
    if (OPEN.test(c.req.path)) return next();
    if (!c.get('session').userId) {
      if (c.req.method !== 'GET') throw new DomainError('unauthenticated', 'Your session has ended. Sign in again.');
      const url = new URL(c.req.url);
      return c.redirect(`/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    await next();
  });
  pages(async (c: Context<WebEnv>, next) => {
    await next();
    // An address under a page's path that no page answers (a request id that is no UUID, a
    // mistyped link) is a page saying so, not the API's problem document.
    if (c.res.status === 404 && c.res.headers.get('Content-Type')?.startsWith('application/problem+json')) {
      c.res = undefined;
      c.res = await errorPage(c, new DomainError('not_found', 'There is no such page. Check the address, or start again from your list.'), deps);
    }
  });
  pages(auditAccess(describeWebCall));
  pages(deps.budgets.perCaller);
  app.route('/', pageRoutes());
  return app;
}

/**
 * Every form carries the session's token (synchronizer token); a request another site started
 * (Sec-Fetch-Site: cross-site) is refused before that. SameSite=Lax keeps the cookie off
 * cross-site posts as well.
 */
async function checkCsrf(c: Context<WebEnv>): Promise<void> {
  if (c.req.header('Sec-Fetch-Site') === 'cross-site') throw new DomainError('forbidden', 'This form was sent from another site.');
  const form = await c.req.parseBody({ all: true });
  if (typeof form._csrf !== 'string' || form._csrf !== c.get('session').csrf) {
    throw new DomainError('forbidden', 'This form has expired. Go back, reload the page and send it again.');
  }
}

/** How a page view appears in the access log: `WEB GET /requests/:id` and the request it shows. */
function describeWebCall(c: Context): AccessDescription {
  // A pattern's constraint (`:id{[0-9a-fA-F-]{36}}`) is no part of how the log names the route.
  const route = routePath(c, -1).replace(/(:\w+)\{[^/]*\}/g, '$1');
  const id = c.req.path.split('/')[route.split('/').indexOf(':id')];
  return { interaction: `WEB ${c.req.method} ${route}`, requestId: id && UUID.test(id) ? id : null };
}

function errorPage(c: Context<WebEnv>, error: DomainError, deps: InterfaceDeps) {
  if (error.code === 'internal') deps.log?.(`error ${c.req.method} ${routePath(c, -1)}: web page failed`);
  const { status, title } = HTTP_ERRORS[error.code];
  if (!c.get('session')) return c.text(`${title}: ${error.message}`, status as 400);
  if (error.code === 'unauthenticated') {
    return render(c, 'Signed out', <p>{error.message} <a href="/sign-in">Sign in</a></p>, { status });
  }
  return render(c, title, <><p>{error.message}</p><p><a href="/">Back to the start</a></p></>, { status });
}
