/**
 * Signing in and out. The demo sign-in lists the seeded demo people, each a button named by their
 * e-mail address, clearly marked as demo; it exists only in development with demo data (never in
 * production mode). OIDC sign-in (oidc.ts) is offered when configured.
 */
import { Hono, type Context } from 'hono';
import type { WebConfig } from '../config/app-config.js';
import { Banner, Csrf } from './components.js';
import type { WebEnv } from './env.js';
import { render, safeNext } from './render.js';
import { anonymousSession, newCsrfToken } from './session.js';

export const demoSignInOffered = (web: WebConfig): boolean => !web.production && (web.demoUsers?.length ?? 0) > 0;

/** Starts a session for this person: a new CSRF token too, so one learnt before sign-in is worthless. */
export function signIn(c: Context<WebEnv>, userId: string): void {
  c.set('session', { userId, csrf: newCsrfToken(), seenAt: Date.now() });
}

export function signInPage(c: Context<WebEnv>, web: WebConfig, problem?: string, status = 200) {
  const next = safeNext(c.req.query('next'));
  const demo = demoSignInOffered(web);
  return render(
    c,
    'Sign in',
    <>
      {problem && <Banner kind="problem" title="Sign-in failed">{<p>{problem}</p>}</Banner>}
      {web.oidc && (
        <section class="card" aria-labelledby="oidc-heading">
          <h2 id="oidc-heading">With your organisation’s account</h2>
          <a class="button" href={`/sign-in/oidc?next=${encodeURIComponent(next)}`}>
            Sign in with your organisation
          </a>
        </section>
      )}
      {demo && (
        <section class="card demo" aria-labelledby="demo-heading">
          <h2 id="demo-heading">Demo sign-in</h2>
          <p>This is a demonstration: the people and patients are fictional. Choose whom to sign in as.</p>
          <form method="post" action="/sign-in/demo">
            <Csrf token={c.get('session').csrf} />
            <input type="hidden" name="next" value={next} />
            {web.demoUsers!.map((email) => (
              <button type="submit" name="email" value={email} class="secondary">
                {email}
              </button>
            ))}
          </form>
        </section>
      )}
      {!demo && !web.oidc && <p>No way to sign in is configured: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.</p>}
    </>,
    { status },
  );
}

export function signInRoutes(web: WebConfig): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/sign-in', (c) => (c.get('session').userId ? c.redirect(safeNext(c.req.query('next')), 303) : signInPage(c, web)));
  routes.post('/sign-in/demo', async (c) => {
    if (!demoSignInOffered(web)) return signInPage(c, web, 'Demo sign-in is not available here.', 404);
    const form = await c.req.parseBody({ all: true });
    const email = typeof form.email === 'string' ? form.email : '';
    const user = web.demoUsers!.includes(email) ? await c.get('gate').callers.findUserByEmail(email) : null;
    if (!user || !(await c.get('gate').callers.findUser(user.id))) return signInPage(c, web, 'That demo account is not active.', 403);
    signIn(c, user.id);
    return c.redirect(safeNext(form.next), 303);
  });
  routes.post('/sign-out', (c) => {
    c.set('session', anonymousSession(Date.now()));
    return c.redirect('/sign-in', 303);
  });
  return routes;
}
