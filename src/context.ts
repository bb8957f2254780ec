import type { Actor } from './services/ports.js';
import type { Services } from './services/index.js';

/** What travels on the request context: built per request, never kept in globals. */
export interface AppEnv {
  Variables: {
    services: Services;
    actor: Actor;
    /** Requests whose data the response carries, for the access log (see auth/audit.ts). */
    disclosed: Set<string>;
    /** Seals the JSON API's page cursors (services/paging.ts). */
    pageSecret: string;
  };
}
