/** A page answered as HTML inside the common frame, for the person signed in (if anyone). */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { WebEnv } from './env.js';
import { Page } from './layout.js';

export interface RenderOptions {
  status?: number;
  scripts?: string[];
}

export function render(c: Context<WebEnv>, title: string, body: Child, options: RenderOptions = {}): Response | Promise<Response> {
  const actor = c.get('actor') as WebEnv['Variables']['actor'] | undefined;
  return c.html(
    <>
      {raw('<!DOCTYPE html>')}
      <Page title={title} actor={actor} csrf={c.get('session').csrf} path={c.req.path} scripts={options.scripts ?? []}>
        {body}
      </Page>
    </>,
    (options.status ?? 200) as 200,
  );
}

/** Where to go after signing in: a path of this site only (never another host). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
