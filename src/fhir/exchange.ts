/** One FHIR exchange, framework-free: the request, the context a handler runs in, its result, and small helpers (Prefer, If-Match, ETag, Location). */
import { requireScope, type Operation } from '../auth/scopes.js';
import { DomainError } from '../domain/errors.js';
import type { Actor } from '../domain/actor.js';
import type { Services } from '../services/index.js';
import type { Renderings } from './renderings.js';
import type { Resource } from './types.js';
import { UUID } from '../domain/ids.js';

export interface FhirRequest {
  method: string;
  /** Path below /fhir, split: e.g. ['ServiceRequest', '123', '_history', '2']. */
  segments: string[];
  /** Query (or form-encoded _search) parameters, in order, repeated names kept. */
  params: [string, string][];
  headers: Headers;
  /** The parsed JSON body, when there is one. */
  body: unknown;
  /**
   * Set by a transaction Bundle whose ServiceRequest already existed (If-None-Exist matched): a
   * Communication based on it with the sender's same text is the one posted the first time.
   */
  replay?: boolean;
}
export interface FhirContext {
  actor: Actor;
  services: Services;
  /** Absolute base of the FHIR endpoint, without a trailing slash. */
  base: string;
  /** Seals paging tokens (see search/page-token.ts). */
  pageSecret: string;
  /** Checks a resource against the R4 definitions; throws invalid_input naming each element. */
  validate(resource: unknown, resourceType: string): void;
  /** Renderings of requests kept by their stamp, for searches (renderings.ts); none: every search renders. */
  renderings?: Renderings | undefined;
}

/** `Prefer: return=minimal | representation | OperationOutcome` (https://hl7.org/fhir/R4/http.html#ops). */
export function preferredReturn(headers: Headers): 'minimal' | 'representation' | 'OperationOutcome' {
  const match = /return=(minimal|representation|OperationOutcome)/.exec(headers.get('Prefer') ?? '');
  return (match?.[1] as 'minimal' | 'representation' | 'OperationOutcome' | undefined) ?? 'representation';
}

export function isStrict(headers: Headers): boolean {
  return /handling=strict/.test(headers.get('Prefer') ?? '');
}

/** Requires the body's resourceType and, for updates, the id in the URL. */
export function expectResource(body: unknown, resourceType: string, id?: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('invalid_input', `Send a ${resourceType} resource as JSON.`, { issues: [{ field: resourceType, message: 'A JSON object is required.', code: 'structure' }] });
  }
  const resource = body as Record<string, unknown>;
  if (resource.resourceType !== resourceType) {
    throw new DomainError('invalid_input', `Expected a ${resourceType}, got ${JSON.stringify(resource.resourceType ?? null)}.`, {
      issues: [{ field: 'resourceType', message: `Must be ${resourceType} at this endpoint.`, code: 'value' }],
    });
  }
  if (id !== undefined && resource.id !== id) {
    throw new DomainError('invalid_input', 'The id in the resource must match the id in the URL.', {
      issues: [{ field: `${resourceType}.id`, message: `Expected ${id}.`, code: 'value' }],
    });
  }
  return resource;
}

export interface FhirResult {
  status: number;
  resource?: Resource;
  headers?: Record<string, string>;
}

export const ok = (resource: Resource, status = 200, headers: Record<string, string> = {}): FhirResult => ({ status, resource, headers });

/** A created resource (or, with status 200, the one a conditional create matched), as `Prefer` asks. */
export function created(ctx: FhirContext, req: FhirRequest, resource: Resource, status = 201): FhirResult {
  // The version's own address where the type has versions; else the resource's (no dead `_history` link).
  const version = resource.meta?.versionId;
  const headers = { ...versionHeaders(resource), Location: `${ctx.base}/${resource.resourceType}/${resource.id}${version ? `/_history/${version}` : ''}` };
  if (preferredReturn(req.headers) === 'minimal') return { status, headers };
  return ok(resource, status, headers);
}

/**
 * A system client acts within its SMART scopes; people within their role and side. The router
 * checks each interaction's own scope; handlers call this for what else they read or change
 * (included types, the Task a message moves).
 */
export function authorise(ctx: FhirContext, type: string, operation: Operation): void {
  requireScope(ctx.actor, type, operation);
}

export function versionHeaders(resource: Resource): Record<string, string> {
  const version = resource.meta?.versionId;
  const headers: Record<string, string> = {};
  if (version) headers.ETag = `W/"${version}"`;
  if (resource.meta?.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  return headers;
}

/** `If-Match: W/"3"` → 3; absent → null. */
export function ifMatch(headers: Headers): number | null {
  const value = headers.get('If-Match');
  if (value === null) return null;
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(value);
  if (!match) {
    throw new DomainError('invalid_input', 'If-Match must be a version ETag such as W/"3".', {
      issues: [{ field: 'If-Match', message: 'Expected W/"<versionId>".', code: 'value' }],
    });
  }
  return Number(match[1]);
}

/** A resource id Liaison could have issued; anything else cannot exist here. */
export function resourceId(value: string | undefined, type: string): string {
  // Ids are issued in lower case and compared as sent: an upper-case spelling is another id.
  if (!value || !UUID.test(value) || value !== value.toLowerCase()) throw new DomainError('not_found', `${type}/${value ?? ''} is not known here.`);
  return value;
}
