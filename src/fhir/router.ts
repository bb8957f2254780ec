/**
 * The FHIR REST router, framework-free: `handleFhir(request, context)` returns a status and
 * maybe a resource. https://hl7.org/fhir/R4/http.html
 */
import { requireScope, type Operation } from '../auth/scopes.js';
import { DomainError } from '../domain/errors.js';
import { capabilityStatement } from './capability.js';
import type { FhirContext, FhirRequest, FhirResult } from './http.js';
import { OPERATION, REGISTRY } from './registry.js';
import { processTransaction } from './transaction.js';

export async function handleFhir(req: FhirRequest, ctx: FhirContext): Promise<FhirResult> {
  const [type, second, third, fourth, ...rest] = req.segments;
  const method = req.method;
  if (type === undefined) {
    if (method === 'POST') return processTransaction(ctx, req);
    throw methodNotAllowed(method, 'the server base', ['POST']);
  }
  if (type === 'metadata' && second === undefined) {
    if (method !== 'GET') throw methodNotAllowed(method, 'metadata', READS);
    return { status: 200, resource: capabilityStatement(ctx.base) };
  }
  // Own keys only: `constructor` or `__proto__` are not resource types.
  const support = Object.hasOwn(REGISTRY, type) ? REGISTRY[type] : undefined;
  if (!support) throw new DomainError('not_found', `Liaison does not serve ${type} resources; see /fhir/metadata.`);
  if (rest.length) throw new DomainError('not_found', 'No such FHIR path.');

  const run = (interaction: keyof typeof OPERATION, handler: () => Promise<FhirResult>) => {
    authorise(ctx, type, OPERATION[interaction]);
    return handler();
  };
  if (second === undefined) {
    if (method === 'GET' && support.search) return run('search', () => support.search!(ctx, req));
    if (method === 'POST' && support.create) return run('create', () => support.create!(ctx, req));
    throw methodNotAllowed(method, type, [...(support.search ? READS : []), ...(support.create ? ['POST'] : [])]);
  }
  if (second === '_search' && third === undefined) {
    if (method === 'POST' && support.search) return run('search', () => support.search!(ctx, req));
    throw methodNotAllowed(method, `${type}/_search`, support.search ? ['POST'] : []);
  }
  if (second === '_history') throw methodNotAllowed(method, `${type}/_history (history is per resource)`, []);
  if (third === undefined) {
    if (method === 'GET' && support.read) return run('read', () => support.read!(ctx, second));
    if (method === 'PUT' && support.update) return run('update', () => updateExisting(support.update!(ctx, req, second), type));
    throw methodNotAllowed(method, `${type}/{id}`, [...(support.read ? READS : []), ...(support.update ? ['PUT'] : [])]);
  }
  if (third === '_history') {
    if (method !== 'GET') throw methodNotAllowed(method, `${type}/{id}/_history`, READS);
    if (fourth === undefined && support.history) return run('history', () => support.history!(ctx, req, second));
    if (fourth !== undefined && support.vread) return run('vread', () => support.vread!(ctx, second, fourth));
    throw methodNotAllowed(method, `${type}/{id}/_history`, []);
  }
  throw new DomainError('not_found', 'No such FHIR path.');
}

/** GET and HEAD go together: a HEAD is a GET without its body (Hono drops it). */
const READS = ['GET', 'HEAD'];

/**
 * Liaison does not create resources by update (CapabilityStatement `updateCreate: false`), so a
 * PUT naming a resource the caller cannot see — unknown, or another practice's — is 405, alike.
 */
async function updateExisting(update: Promise<FhirResult>, type: string): Promise<FhirResult> {
  try {
    return await update;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') {
      throw new DomainError('method_not_allowed', `No such ${type} to update: Liaison does not create resources with PUT; POST to /${type} instead.`, { details: { allow: READS } });
    }
    throw err;
  }
}

/** System clients act within their SMART scopes; people within their role and side. */
export function authorise(ctx: FhirContext, type: string, operation: Operation): void {
  requireScope(ctx.actor, type, operation);
}

/** A 405 that says, in `Allow`, which methods the path does take (RFC 9110 §15.5.6). */
function methodNotAllowed(method: string, what: string, allow: string[]): DomainError {
  return new DomainError('method_not_allowed', `${method} is not supported on ${what}; see /fhir/metadata.`, { details: { allow } });
}
