/**
 * Signing in with an invitation's link (`/sign-in/invitation/{token}`, what the invitation mail
 * carries). Opening the link only shows a button: mail scanners open links too, and the link
 * works once. The button (a form with the CSRF token) has the invitations use case use it up and
 * signs the person in; a used, expired or replaced link is refused (410) in words.
 */
import { Hono, type Context } from 'hono';
import { DomainError } from '../domain/errors.js';
import { Banner, Csrf } from './components.js';
import type { WebEnv } from './env.js';
import { render } from './render.js';
import { signIn } from './sign-in.js';

const TOKEN = ':token{[A-Za-z0-9_-]{20,100}}';

function welcome(c: Context<WebEnv>, problem?: string) {
  // The address holds the link's token: no other site learns it from a Referer.
  c.header('Referrer-Policy', 'no-referrer');
  return render(
    c,
    'Welcome to Liaison',
    problem ? (
      <Banner kind="problem" title="Sign-in link not accepted">
        <p>{problem}</p>
      </Banner>
    ) : (
      <>
        <p>You were invited to Liaison. Sign in to start; the link then works no more.</p>
        <form method="post" action={c.req.path}>
          <Csrf token={c.get('session').csrf} />
          <button type="submit">Sign in to Liaison</button>
        </form>
      </>
    ),
    { status: problem ? 410 : 200 },
  );
}

export function invitationRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get(`/sign-in/invitation/${TOKEN}`, (c) => welcome(c));
  routes.post(`/sign-in/invitation/${TOKEN}`, async (c) => {
    try {
      signIn(c, await c.get('services').administration.invitations.accept(c.req.param('token')));
      return c.redirect('/', 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'gone') throw error;
      return welcome(c, error.message);
    }
  });
  return routes;
}
