/**
 * Every page's frame: a skip link, the header with what this person's role works on, "Sign out"
 * (a form: signing out changes state, so it is a POST with the CSRF token), and the main region.
 */
import type { Child } from 'hono/jsx';
import type { Actor } from '../domain/actor.js';

interface NavItem {
  href: string;
  label: string;
}

/** Case-discussion (Balint) groups: GPs, psychiatrists and psychologists lead or join them. */
const GROUPS: NavItem = { href: '/groups', label: 'Groups' };

/** What each role works on. */
export function navFor(actor: Actor | undefined): NavItem[] {
  if (!actor) return [];
  if (actor.role === 'gp') return [{ href: '/requests', label: 'My requests' }, { href: '/requests/new', label: 'New request' }, GROUPS];
  if (actor.role === 'psychiatrist' || actor.role === 'group-leader') {
    return [
      { href: '/queue', label: 'Triage queue' },
      { href: '/cases', label: 'My cases' },
      { href: '/calendar', label: 'Calendar' },
      { href: '/availability', label: 'Availability' },
      { href: '/measures', label: 'Measures' },
      GROUPS,
    ];
  }
  if (actor.role === 'administrator') {
    return [
      { href: '/people', label: 'People' },
      { href: '/organisation', label: 'Organisation' },
      { href: '/services', label: 'Services' },
      { href: '/ehr-clients', label: 'EHR clients' },
      { href: '/dead-letters', label: 'Dead letters' },
      { href: '/access-log', label: 'Access log' },
    ];
  }
  return [];
}

export interface PageProps {
  title: string;
  actor?: Actor | undefined;
  csrf: string;
  /** The path of this page, to mark the current navigation item. */
  path: string;
  scripts?: string[];
  children?: Child;
}

export function Page({ title, actor, csrf, path, scripts = [], children }: PageProps) {
  const nav = navFor(actor);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Liaison`}</title>
        <link rel="stylesheet" href="/assets/liaison.css" />
        {scripts.map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            Liaison
          </a>
          {nav.length > 0 && (
            <nav aria-label="Main">
              <ul>
                {nav.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.href === path ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {actor && (
            <form method="post" action="/sign-out">
              <input type="hidden" name="_csrf" value={csrf} />
              <span class="who">
                {actor.display}{' '}
              </span>
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        <main id="main">
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}
