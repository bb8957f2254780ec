/** The request context every interface's middleware and handlers share (Hono's `Variables`). */
import type { Actor } from '../domain/actor.js';
import type { Gate, Services } from '../services/index.js';

/** What travels on the request context: built per request, never kept in globals. */
export interface AppEnv {
  Variables: {
    services: Services;
    /** What authentication, the access log and the token endpoint read and write (never the use cases). */
    gate: Gate;
    actor: Actor;
    /** Requests whose data the response carries, for the access log (see http/access-log.ts). */
    disclosed: Set<string>;
    /** Seals the JSON API's page cursors (services/paging.ts). */
    pageSecret: string;
  };
}
