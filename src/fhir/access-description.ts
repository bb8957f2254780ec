/** The FHIR interface's line in the access log (src/http/access-log.ts): a fixed pattern, never the path as sent. */
import type { Context } from 'hono';
import { UUID } from '../domain/ids.js';
import { createdId, type AccessDescription } from '../http/access-log.js';
import { REGISTRY } from './registry.js';

/**
 * How a FHIR call appears in the access log: the path with ids replaced (nothing else of the
 * URL), and the request concerned when a ServiceRequest or Task is named (they share its id).
 */
export function describeFhirCall(c: Context): AccessDescription {
  const path = new URL(c.req.url).pathname.replace(/^.*?\/fhir/, '/fhir');
  const [, , type, id, ...rest] = path.split('/');
  const named = (type === 'ServiceRequest' || type === 'Task') && id && UUID.test(id) ? id.toLowerCase() : undefined;
  const made = path === '/fhir/ServiceRequest' ? createdId(c) : undefined;
  // A fixed pattern, never the path as sent: an id segment may be anything a client typed.
  const known = type !== undefined && (Object.hasOwn(REGISTRY, type) || type === 'metadata');
  const pattern = [
    '/fhir',
    ...(type === undefined ? [] : [known ? type : '*']),
    ...(id === undefined ? [] : [id === '_search' || id === '_history' ? id : ':id']),
    ...(rest.length ? [rest[0] === '_history' ? '_history' : '*', ...(rest.length > 1 ? [':vid'] : [])] : []),
  ].join('/');
  return { interaction: `${c.req.method} ${pattern}`, requestId: named ?? made ?? null };
}
