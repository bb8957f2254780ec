/**
 * Mounts the FHIR router on Hono: content negotiation, body parsing with limits, bearer
 * authentication, the access log, and OperationOutcome for every error. The router itself
 * knows nothing of Hono.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { UUID } from '../domain/ids.js';
import { auditAccess, createdId, disclosed, type AccessDescription } from '../http/access-log.js';
import { authenticate } from '../auth/authenticate.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { AppEnv } from '../http/context.js';
import { DomainError } from '../domain/errors.js';
import { errorHandler, errorHeaders } from '../http/errors.js';
import { assertStorableJson, assertStorableText } from '../http/text-guard.js';
import { parseFhirJson, writeFhirJson } from './decimals.js';
import { requestsDisclosedBy } from './disclosure.js';
import { preferredReturn, type FhirRequest, type FhirResult } from './exchange.js';
import { information, outcomeOf } from './outcome.js';
import { REGISTRY } from './registry.js';
import { handleFhir } from './router.js';
import { smartConfiguration } from './smart-configuration.js';
import { validateInput } from './validate-input.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const JSON_TYPES = /^application\/(fhir\+)?json\s*(;|$)/i;
/** Any media range that includes FHIR JSON: application/fhir+json, application/json, application/*, *\/*. */
const ACCEPTABLE = /json|\*\/\*|application\/\*/i;
/** Asks for plain JSON, and not FHIR JSON. */
const PLAIN_JSON = /^\s*application\/json\s*(;|,|$)/i;
/** A `fhirVersion` media-type parameter names R4 (4.0 or 4.0.1), or is absent. */
const isR4 = (mediaType: string): boolean => [...mediaType.matchAll(/fhirVersion\s*=\s*"?([\d.]+)/gi)].every((m) => /^4\.0(\.\d+)?$/.test(m[1]!));
const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;

export interface FhirMountOptions {
  signer: TokenSigner;
  signingKey: string;
  maxBodyBytes: number;
  publicUrl: string | undefined;
  /** The same per-address budget (before authentication) and per-caller budget as the JSON API's. */
  addressLimiter: MiddlewareHandler<AppEnv>;
  limiter: MiddlewareHandler<AppEnv>;
  log?: ((line: string) => void) | undefined;
}

export function fhirRoutes(options: FhirMountOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(renderOutcome, options.log));
  app.notFound((c) => renderOutcome(c, new DomainError('not_found', 'No such FHIR path.')));
  app.use('*', options.addressLimiter);
  // Stops a large body while it streams in, declared length or not.
  app.use(
    '*',
    bodyLimit({
      maxSize: options.maxBodyBytes,
      onError: () => {
        throw new DomainError('payload_too_large', `The request body is larger than ${options.maxBodyBytes} bytes.`);
      },
    }),
  );
  app.get('/.well-known/smart-configuration', (c) => c.json(smartConfiguration(originOf(c, options.publicUrl))));
  app.get('/metadata', async (c) => respond(c, await handleFhir(await toFhirRequest(c, options), contextFor(c, options, true))));
  app.use('*', auditAccess(describeFhirCall));
  app.use('*', authenticate(options.signer));
  app.use('*', options.limiter);
  app.all('*', async (c) => {
    const req = await toFhirRequest(c, options);
    const result = await handleFhir(req, contextFor(c, options, false));
    disclosed(c, requestsDisclosedBy(result.resource));
    return respond(c, asPreferred(req, result));
  });
  return app;
}

function originOf(c: Context, publicUrl: string | undefined): string {
  return (publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
}

function contextFor(c: Context<AppEnv>, options: FhirMountOptions, anonymous: boolean) {
  const actor = anonymous ? { kind: 'client' as const, id: 'anonymous', display: 'anonymous', role: 'system' as const, organisationId: '', serviceIds: [], scopes: [] } : c.var.actor;
  return { actor, services: c.var.services, base: `${originOf(c, options.publicUrl)}/fhir`, pageSecret: options.signingKey, validate: validateInput };
}

async function toFhirRequest(c: Context<AppEnv>, options: FhirMountOptions): Promise<FhirRequest> {
  const url = new URL(c.req.url);
  const segments = url.pathname.replace(/^.*?\/fhir\/?/, '').split('/').filter(Boolean).map(decodeSegment);
  const params: [string, string][] = [...url.searchParams.entries()];
  assertStorableText(params.flat(), '(query)');
  const format = url.searchParams.get('_format');
  if (format && !/json/.test(format)) throw new DomainError('not_acceptable', 'Liaison speaks FHIR JSON only (_format=json).');
  const accept = c.req.header('Accept');
  if (accept && !ACCEPTABLE.test(accept)) throw new DomainError('not_acceptable', 'Liaison speaks FHIR JSON only: Accept application/fhir+json.');
  if (accept && !isR4(accept)) throw new DomainError('not_acceptable', 'Liaison speaks FHIR R4 only (fhirVersion=4.0).');
  let body: unknown;
  if (c.req.method === 'POST' || c.req.method === 'PUT') {
    const text = await readBody(c, options.maxBodyBytes);
    const type = c.req.header('Content-Type') ?? '';
    if (segments.at(-1) === '_search') {
      if (text && !FORM.test(type)) throw new DomainError('unsupported_media_type', 'POST _search takes application/x-www-form-urlencoded parameters.');
      const form = [...new URLSearchParams(text).entries()];
      assertStorableText(form.flat(), '(body)');
      params.push(...form);
    } else if (text) {
      if (!JSON_TYPES.test(type)) throw new DomainError('unsupported_media_type', 'Send application/fhir+json.');
      if (!isR4(type)) throw new DomainError('unsupported_media_type', 'Liaison takes FHIR R4 only (fhirVersion=4.0).');
      body = parseJson(text);
    }
  }
  // A HEAD is answered as a GET; Hono sends its headers without the body.
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  return { method, segments, params, headers: c.req.raw.headers, body };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DomainError('not_found', 'No such FHIR path.');
  }
}

async function readBody(c: Context, max: number): Promise<string> {
  const declared = Number(c.req.header('Content-Length') ?? '0');
  if (declared > max) throw new DomainError('payload_too_large', `The body is larger than ${max} bytes.`);
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > max) throw new DomainError('payload_too_large', `The body is larger than ${max} bytes.`);
  return new TextDecoder().decode(buffer);
}

function parseJson(text: string): unknown {
  assertStorableJson(text);
  try {
    // Numbers as written: `2.50` stays `2.50` (decimals.ts).
    return parseFhirJson(text);
  } catch {
    throw new DomainError('invalid_input', 'The body is not valid JSON.', { issues: [{ field: '(body)', message: 'Malformed JSON.', code: 'structure' }] });
  }
}

/** An error as an OperationOutcome, with the status and headers of src/http/errors.ts. */
function renderOutcome(c: Context, error: DomainError): Response {
  const { status, outcome } = outcomeOf(error);
  return respond(c, { status, resource: outcome, headers: errorHeaders(error) });
}

/** `Prefer: return=OperationOutcome` on a create or update: an outcome saying what happened, instead of the resource. */
function asPreferred(req: FhirRequest, result: FhirResult): FhirResult {
  const write = req.method === 'PUT' || (req.method === 'POST' && req.segments.length === 1);
  if (!write || !result.resource || result.status >= 300 || preferredReturn(req.headers) !== 'OperationOutcome') return result;
  const { resourceType, id } = result.resource;
  return { ...result, resource: information(`${resourceType}/${id} ${result.status === 201 ? 'created' : 'stored'}.`) };
}

function respond(c: Context, result: FhirResult): Response {
  const headers = new Headers(result.headers);
  // What the client asked for: plain JSON is echoed (it is the same document), else FHIR JSON.
  if (result.resource) headers.set('Content-Type', PLAIN_JSON.test(c.req.header('Accept') ?? '') ? 'application/json; charset=utf-8' : FHIR_JSON);
  const pretty = new URL(c.req.url).searchParams.get('_pretty') === 'true';
  return new Response(result.resource ? writeFhirJson(result.resource, pretty) : null, { status: result.status, headers });
}

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
