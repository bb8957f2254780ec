/** The signed-in pages: the start page by role, the GP's, a request's, the psychiatrist's, the measures, the case-discussion groups, the administrator's. */
import { Hono } from 'hono';
import { consultantRoutes } from './consultant-routes.js';
import type { WebEnv } from './env.js';
import { gpRoutes } from './gp-routes.js';
import { groupRoutes } from './group-routes.js';
import { groupSetupRoutes } from './group-setup.js';
import { adminRoutes } from './admin-routes.js';
import { measuresRoutes } from './measures.js';
import { render } from './render.js';
import { requestRoutes } from './request-routes.js';
import { runRoutes } from './run-routes.js';
import { sessionRoutes } from './session-routes.js';

export function pageRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/', (c) => {
    const role = c.get('actor').role;
    if (role === 'gp') return c.redirect('/requests', 303);
    if (role === 'psychiatrist' || role === 'group-leader') return c.redirect('/queue', 303);
    if (role === 'administrator') return c.redirect('/people', 303);
    return render(c, 'Liaison', <p>There are no pages for your role yet.</p>);
  });
  routes.route('/', gpRoutes());
  routes.route('/', requestRoutes());
  routes.route('/', consultantRoutes());
  routes.route('/', measuresRoutes());
  routes.route('/', groupSetupRoutes());
  routes.route('/', groupRoutes());
  routes.route('/', runRoutes());
  routes.route('/', sessionRoutes());
  routes.route('/', adminRoutes());
  return routes;
}
