/** The administrator's pages (issue 14): people, services, dead letters, the access log. */
import { Hono } from 'hono';
import { accessLogRoutes } from './admin-access-log.js';
import { deadLetterRoutes } from './admin-dead-letters.js';
import { peopleRoutes } from './admin-people.js';
import { serviceRoutes } from './admin-services.js';
import type { WebEnv } from './env.js';

export function adminRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.route('/', peopleRoutes());
  routes.route('/', serviceRoutes());
  routes.route('/', deadLetterRoutes());
  routes.route('/', accessLogRoutes());
  return routes;
}
