/** The administrator's pages (issue 14): people, the organisation, services, EHR clients, dead letters, the access log. */
import { Hono } from 'hono';
import { accessLogRoutes } from './admin-access-log.js';
import { clientRoutes } from './admin-clients.js';
import { deadLetterRoutes } from './admin-dead-letters.js';
import { organisationRoutes } from './admin-organisation.js';
import { peopleRoutes } from './admin-people.js';
import { personRoutes } from './admin-person.js';
import { serviceRoutes } from './admin-services.js';
import type { WebEnv } from './env.js';

export function adminRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.route('/', peopleRoutes());
  routes.route('/', personRoutes());
  routes.route('/', organisationRoutes());
  routes.route('/', serviceRoutes());
  routes.route('/', clientRoutes());
  routes.route('/', deadLetterRoutes());
  routes.route('/', accessLogRoutes());
  return routes;
}
