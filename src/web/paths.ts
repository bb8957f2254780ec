/** Route patterns the pages share. */

/**
 * An id in a page's path: a UUID (domain/ids.ts UUID_PATTERN, any case), nothing looser; anything
 * else is no page (404), never an id handed to a use case. Group, run and session ids alike:
 * `/groups/runs/…` is never a group. A literal, so that Hono types the route's parameters.
 */
export const UUID_PARAM = '{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}';
