/**
 * The FHIR REST router, framework-free and a table (https://hl7.org/fhir/R4/http.html): each
 * route is a method and a path pattern naming one interaction; the registry says which types
 * support it. The router checks the interaction's scope once, then calls the type's handler.
 */
import { DomainError } from '../domain/errors.js';
import { capabilityStatement } from './capability.js';
import { authorise, type FhirContext, type FhirRequest, type FhirResult } from './exchange.js';
import { OPERATION, REGISTRY, type ResourceSupport } from './registry.js';
import { processTransaction } from './transaction.js';

type TypeInteraction = keyof typeof OPERATION;

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments below /fhir: `:type`, `:id` and `:vid` are placeholders, anything else literal. */
  path: string[];
  /** `history-type` (a whole type's history) is a route no type supports: it answers 405. */
  interaction: TypeInteraction | 'transaction' | 'capabilities' | 'history-type';
}

/** Every route, most specific first where two patterns could match the same path. */
const ROUTES: Route[] = [
  { method: 'POST', path: [], interaction: 'transaction' },
  { method: 'GET', path: ['metadata'], interaction: 'capabilities' },
  { method: 'GET', path: [':type'], interaction: 'search' },
  { method: 'POST', path: [':type'], interaction: 'create' },
  { method: 'POST', path: [':type', '_search'], interaction: 'search' },
  { method: 'GET', path: [':type', '_history'], interaction: 'history-type' },
  { method: 'GET', path: [':type', ':id'], interaction: 'read' },
  { method: 'PUT', path: [':type', ':id'], interaction: 'update' },
  { method: 'DELETE', path: [':type', ':id'], interaction: 'delete' },
  { method: 'GET', path: [':type', ':id', '$status'], interaction: 'status' },
  { method: 'GET', path: [':type', ':id', '$events'], interaction: 'events' },
  { method: 'POST', path: [':type', ':id', '$events'], interaction: 'events' },
  { method: 'GET', path: [':type', ':id', '_history'], interaction: 'history' },
  { method: 'GET', path: [':type', ':id', '_history', ':vid'], interaction: 'vread' },
];

/** What each interaction calls on a type that supports it. */
const HANDLE: Record<TypeInteraction, (support: ResourceSupport, ctx: FhirContext, req: FhirRequest, p: Params) => Promise<FhirResult> | undefined> = {
  search: (s, ctx, req) => s.search?.(ctx, req),
  create: (s, ctx, req) => s.create?.(ctx, req),
  read: (s, ctx, _req, p) => s.read?.(ctx, p.id!),
  update: (s, ctx, req, p) => (s.update ? updateExisting(s.update(ctx, req, p.id!), p.type!) : undefined),
  history: (s, ctx, req, p) => s.history?.(ctx, req, p.id!),
  vread: (s, ctx, _req, p) => s.vread?.(ctx, p.id!, p.vid!),
  delete: (s, ctx, _req, p) => s.delete?.(ctx, p.id!),
  status: (s, ctx, _req, p) => s.status?.(ctx, p.id!),
  events: (s, ctx, req, p) => s.events?.(ctx, req, p.id!),
};

interface Params {
  type?: string;
  id?: string;
  vid?: string;
}

/** GET and HEAD go together: a HEAD is a GET without its body (Hono drops it). */
const READS = ['GET', 'HEAD'];

export async function handleFhir(req: FhirRequest, ctx: FhirContext): Promise<FhirResult> {
  const [type] = req.segments;
  // Own keys only: `constructor` or `__proto__` are not resource types.
  const support = type !== undefined && type !== 'metadata' && Object.hasOwn(REGISTRY, type) ? REGISTRY[type] : undefined;
  const candidates = ROUTES.map((route) => ({ route, params: match(route.path, req.segments) })).filter((c) => c.params !== null && (!c.params.type || support));
  if (type !== undefined && type !== 'metadata' && !support) throw new DomainError('not_found', `Liaison does not serve ${type} resources; see /fhir/metadata.`);
  if (candidates.length === 0) throw new DomainError('not_found', 'No such FHIR path.');
  // Methods the path takes: the routes that match it and that the type supports.
  const served = candidates.filter((c) => supports(support, c.route.interaction));
  const chosen = served.find((c) => c.route.method === req.method);
  if (!chosen) throw methodNotAllowed(req.method, describe(candidates[0]!.route, type), served.flatMap((c) => (c.route.method === 'GET' ? READS : [c.route.method])));
  const { route, params } = chosen;
  if (route.interaction === 'transaction') return processTransaction(ctx, req, handleFhir);
  if (route.interaction === 'capabilities') return { status: 200, resource: capabilityStatement(ctx.base) };
  if (route.interaction === 'history-type') throw new DomainError('not_found', 'No such FHIR path.');
  authorise(ctx, type!, OPERATION[route.interaction]);
  return HANDLE[route.interaction](support!, ctx, req, params!)!;
}

function match(pattern: string[], segments: string[]): Params | null {
  if (pattern.length !== segments.length) return null;
  const params: Params = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i]!;
    if (part.startsWith(':')) {
      // An id is never one of the literal segments (`_search`, `_history`): those routes take it.
      if (part !== ':type' && segment.startsWith('_')) return null;
      params[part.slice(1) as keyof Params] = segment;
    } else if (part !== segment) return null;
  }
  return params;
}

function supports(support: ResourceSupport | undefined, interaction: Route['interaction']): boolean {
  if (interaction === 'transaction' || interaction === 'capabilities') return true;
  if (interaction === 'history-type') return false;
  return support?.[interaction] !== undefined;
}

function describe(route: Route, type: string | undefined): string {
  if (route.interaction === 'transaction') return 'the server base';
  if (route.interaction === 'capabilities') return 'metadata';
  if (route.interaction === 'history-type') return `${type}/_history (history is per resource)`;
  return ['', ...route.path].join('/').replace(':type', type ?? '').replace(/^\//, '').replace(':id', '{id}').replace(':vid', '{vid}');
}

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

/** A 405 that says, in `Allow`, which methods the path does take (RFC 9110 §15.5.6). */
function methodNotAllowed(method: string, what: string, allow: string[]): DomainError {
  return new DomainError('method_not_allowed', `${method} is not supported on ${what}; see /fhir/metadata.`, { details: { allow } });
}
