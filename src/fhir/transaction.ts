/**
 * `transaction` Bundles (https://hl7.org/fhir/R4/http.html#transaction): all or nothing, in one
 * database transaction. Supported entries: POST ServiceRequest and POST Communication (each with
 * ifNoneExist; a Communication based on a ServiceRequest that matched is the one already posted
 * with it when the sender has the same text on it), and POST Patient / Observation / Consent as supporting resources of a ServiceRequest in
 * the same Bundle — Liaison keeps those inside the request (contained), so they need no id.
 * `urn:uuid:` references are resolved to the ids assigned. Each entry goes back through the router
 * (`dispatch`) as the create it is, inside the one database transaction.
 */
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { authorise, expectResource, type FhirContext, type FhirRequest, type FhirResult } from './exchange.js';
import { refuseUnknownModifiers } from './modifiers.js';
import { arr, isObject, type Json, type Resource } from './types.js';

interface Entry {
  index: number;
  fullUrl: string | undefined;
  method: string;
  type: string;
  resource: Json;
  ifNoneExist: string | undefined;
}

const SUPPORTING = ['Patient', 'Observation', 'Consent'];

/** How an entry is carried out: the router's own dispatch, with the context of the transaction. */
export type Dispatch = (req: FhirRequest, ctx: FhirContext) => Promise<FhirResult>;

export async function processTransaction(ctx: FhirContext, req: FhirRequest, dispatch: Dispatch): Promise<FhirResult> {
  const bundle = expectResource(req.body, 'Bundle');
  if (bundle.type !== 'transaction') {
    throw new DomainError('invalid_input', 'Liaison processes Bundles of type transaction at the base URL.', {
      issues: [{ field: 'Bundle.type', message: 'Only transaction is supported (batch is not).', code: 'not-supported' }],
    });
  }
  ctx.validate(bundle, 'Bundle');
  // Anywhere in the Bundle, entries included; each ServiceRequest and Communication is checked again for its own modifiers.
  refuseUnknownModifiers(bundle, 'Bundle');
  const entries = parseEntries(bundle);
  const supporting = new Map(entries.filter((e) => SUPPORTING.includes(e.type) && e.fullUrl).map((e) => [e.fullUrl!, e]));
  const used = new Set<string>();
  const requests = entries.filter((e) => e.type === 'ServiceRequest').map((e) => ({ entry: e, resource: inline(e, supporting, used) }));
  const unused = entries.filter((e) => SUPPORTING.includes(e.type) && !used.has(e.fullUrl ?? ''));
  if (unused.length) {
    throw entryError(unused[0]!, 'Supporting resources must be referenced by a ServiceRequest in the same Bundle.', 'processing');
  }
  // Refused before anything is written, whichever entry a scope is missing for.
  for (const e of entries) authorise(ctx, e.type === 'Communication' ? 'Communication' : 'ServiceRequest', 'c');

  const responses = new Map<number, Json>();
  const assigned = new Map<string, string>();
  // ServiceRequests that already existed (If-None-Exist matched): the Bundle is a replay.
  const matched = new Set<string>();
  await ctx.services.inTransaction(async (services) => {
    const tx: FhirContext = { ...ctx, services };
    for (const { entry, resource } of requests) {
      const result = await within(entry, () => dispatch(entryRequest('ServiceRequest', resource, entry.ifNoneExist), tx));
      if (entry.fullUrl && result.resource?.id) assigned.set(entry.fullUrl, `ServiceRequest/${result.resource.id}`);
      if (entry.fullUrl && result.status === 200) matched.add(entry.fullUrl);
      responses.set(entry.index, responseOf(result));
    }
    for (const entry of entries.filter((e) => e.type === 'Communication')) {
      const resource = rewriteReferences(entry.resource, assigned) as Json;
      // Its message was posted with the request the first time: a replay does not post it again.
      const replay = arr(entry.resource.basedOn).some((b) => matched.has(String(b.reference)));
      const result = await within(entry, () => dispatch({ ...entryRequest('Communication', resource, entry.ifNoneExist), replay }, tx));
      responses.set(entry.index, responseOf(result));
    }
  });
  for (const e of entries.filter((x) => SUPPORTING.includes(x.type))) {
    responses.set(e.index, { status: '200 OK', outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'Kept inside the ServiceRequest that references it (contained).' }] } });
  }
  return {
    status: 200,
    resource: {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: entries.map((e) => ({ response: responses.get(e.index)! })),
    },
  };
}

function parseEntries(bundle: Json): Entry[] {
  const raw = Array.isArray(bundle.entry) ? (bundle.entry as Json[]) : [];
  if (raw.length === 0) throw new DomainError('invalid_input', 'The transaction has no entries.', { issues: [{ field: 'Bundle.entry', message: 'Add at least one entry.', code: 'required' }] });
  return raw.map((e, index) => {
    const request = isObject(e.request) ? e.request : {};
    const resource = isObject(e.resource) ? e.resource : {};
    const entry: Entry = {
      index,
      fullUrl: typeof e.fullUrl === 'string' ? e.fullUrl : undefined,
      method: String(request.method ?? ''),
      type: String(resource.resourceType ?? ''),
      resource,
      ifNoneExist: typeof request.ifNoneExist === 'string' ? request.ifNoneExist : undefined,
    };
    const supported = entry.method === 'POST' && (entry.type === 'ServiceRequest' || entry.type === 'Communication' || SUPPORTING.includes(entry.type));
    if (!supported) throw entryError(entry, `${entry.method} ${entry.type} is not supported in a transaction (POST ServiceRequest, Communication, Patient, Observation, Consent).`, 'not-supported');
    if (request.url !== entry.type) throw entryError(entry, `request.url must be ${entry.type}.`, 'value');
    return entry;
  });
}

/** Puts the Patient and Observations a ServiceRequest references by urn:uuid inside it. */
function inline(entry: Entry, supporting: Map<string, Entry>, used: Set<string>): Json {
  const contained: Json[] = Array.isArray(entry.resource.contained) ? [...(entry.resource.contained as Json[])] : [];
  const local = new Map<string, string>();
  const localFor = (urn: string): string => {
    let id = local.get(urn);
    if (!id) {
      const target = supporting.get(urn);
      if (!target) throw entryError(entry, `The reference ${urn} names no Patient, Observation or Consent entry of this Bundle.`, 'not-found');
      id = `tx-${local.size + 1}`;
      local.set(urn, id);
      used.add(urn);
      const { id: _ignored, ...resource } = target.resource;
      contained.push({ ...(rewriteReferences(resource, new Map(), localFor) as Json), id });
    }
    return `#${id}`;
  };
  const rewritten = rewriteReferences(entry.resource, new Map(), localFor) as Json;
  return contained.length ? { ...rewritten, contained } : rewritten;
}

/** Rewrites every `reference` of the form urn:uuid:… through `assigned`, or `local` when given. */
function rewriteReferences(value: unknown, assigned: Map<string, string>, local?: (urn: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteReferences(v, assigned, local));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'reference' && typeof v === 'string' && v.startsWith('urn:uuid:')) out[key] = assigned.get(v) ?? (local ? local(v) : v);
    else out[key] = rewriteReferences(v, assigned, local);
  }
  return out;
}

/** The create an entry is, as the router takes it. */
function entryRequest(type: 'ServiceRequest' | 'Communication', resource: Json, ifNoneExist: string | undefined): FhirRequest {
  const headers = new Headers({ Prefer: 'return=representation' });
  if (ifNoneExist) headers.set('If-None-Exist', ifNoneExist);
  return { method: 'POST', segments: [type], params: [], headers, body: resource };
}

function responseOf(result: FhirResult): Json {
  const resource = result.resource as Resource | undefined;
  return {
    status: result.status === 201 ? '201 Created' : '200 OK',
    ...(result.headers?.Location ? { location: result.headers.Location } : {}),
    ...(result.headers?.ETag ? { etag: result.headers.ETag } : {}),
    ...(resource?.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}),
  };
}

/** Errors name the entry they come from, so an integrator sees which one failed. */
async function within<T>(entry: Entry, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const prefix = `Bundle.entry[${entry.index}].resource`;
    const issues: FieldIssue[] = err.issues.map((i) => ({ ...i, field: i.field.startsWith(`${entry.type}.`) ? `${prefix}${i.field.slice(entry.type.length)}` : `${prefix}.${i.field}` }));
    throw new DomainError(err.code, `Entry ${entry.index} (${entry.type}): ${err.message} Nothing in this transaction was saved.`, { issues, details: err.details });
  }
}

function entryError(entry: Entry, message: string, code: string): DomainError {
  return new DomainError('invalid_input', `Entry ${entry.index}: ${message} Nothing in this transaction was saved.`, {
    issues: [{ field: `Bundle.entry[${entry.index}]`, message, code }],
  });
}
