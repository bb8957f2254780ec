/**
 * ServiceRequest interactions: read, vread, history, search, create (conditional with
 * If-None-Exist) and update (If-Match required). https://hl7.org/fhir/R4/http.html
 */
import { DomainError } from '../../domain/errors.js';
import type { VersionedResource } from '../../domain/resource-versions.js';
import type { SituatedRequest } from '../../services/situation.js';
import type { CreateInput } from '../../services/inputs.js';
import { authorise, created, expectResource, ifMatch, ok, preferredReturn, resourceId, versionHeaders, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { SERVICE_REQUEST_PARAMS } from '../search/params.js';
import { identifierCondition } from './conditional-create.js';
import { renderServiceRequest, searchRequests } from './request-search.js';
import { fromServiceRequest, type ServiceRequestInput } from './service-request-in.js';
import { requesterIntent } from './service-request-update.js';
import { serviceRequestPathOf } from './service-request-paths.js';

export const SERVICE_REQUEST_SORTS = ['_lastUpdated', '-_lastUpdated', 'authored', '-authored'];
export const SERVICE_REQUEST_INCLUDES = ['ServiceRequest:requester', 'ServiceRequest:performer'];
export const SERVICE_REQUEST_REVINCLUDES = ['Task:focus', 'Communication:based-on', 'CarePlan:based-on', 'DocumentReference:related'];

export async function readServiceRequest(ctx: FhirContext, id: string): Promise<FhirResult> {
  const request = await ctx.services.requests.find(ctx.actor, resourceId(id, 'ServiceRequest'));
  const resource = renderServiceRequest(request);
  return ok(resource, 200, versionHeaders(resource));
}

export async function vreadServiceRequest(ctx: FhirContext, id: string, version: string, render = renderServiceRequest, of: VersionedResource = 'serviceRequest'): Promise<FhirResult> {
  // Versions count from 1: anything else names no version (and the request is still checked first).
  const number = /^\d{1,9}$/.test(version) ? Number(version) : 0;
  const found = await ctx.services.requests.version(ctx.actor, resourceId(id, 'ServiceRequest'), number, of);
  if (!found.version) throw new DomainError('not_found', `Version ${version} of this resource does not exist.`);
  const resource = render({ ...found.current, ...found.version });
  return ok(resource, 200, versionHeaders(resource));
}

export const searchServiceRequests = (ctx: FhirContext, req: FhirRequest) =>
  searchRequests(ctx, req, { type: 'ServiceRequest', definitions: SERVICE_REQUEST_PARAMS, sorts: SERVICE_REQUEST_SORTS, includes: SERVICE_REQUEST_INCLUDES, revincludes: SERVICE_REQUEST_REVINCLUDES });

export async function createServiceRequest(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const body = expectResource(req.body, 'ServiceRequest');
  ctx.validate(body, 'ServiceRequest');
  const parsed = fromServiceRequest(body, 'create');
  const input = { ...parsed.input, ...requesterOf(parsed) };

  const condition = req.headers.get('If-None-Exist');
  if (condition !== null) {
    const existing = await findByCondition(ctx, condition);
    if (existing.length > 1) throw new DomainError('precondition_failed', 'If-None-Exist matches several requests; make it more specific.');
    if (existing.length === 1) return readExisting(ctx, req, existing[0]!);
  }
  let request: SituatedRequest;
  try {
    request = await ctx.services.requests.createRequest(ctx.actor, input, { submit: parsed.status === 'active' });
  } catch (err) {
    // The use case names the JSON API's fields; here they are elements of the ServiceRequest.
    if (err instanceof DomainError && err.issues.length) {
      throw new DomainError(err.code, err.message, { issues: err.issues.map((i) => ({ ...i, field: serviceRequestPathOf(i.field) })), details: err.details });
    }
    // Two retries racing: the identifier index let one through; the other returns what it made.
    if (condition !== null && err instanceof DomainError && err.code === 'conflict') {
      const existing = await findByCondition(ctx, condition);
      if (existing.length === 1) return readExisting(ctx, req, existing[0]!);
    }
    throw err;
  }
  return created(ctx, req, renderServiceRequest(request));
}

async function readExisting(ctx: FhirContext, req: FhirRequest, id: string): Promise<FhirResult> {
  // Returning what exists is a read: a system needs the scope for it.
  authorise(ctx, 'ServiceRequest', 'r');
  const request = await ctx.services.requests.find(ctx.actor, id);
  return created(ctx, req, renderServiceRequest(request), 200);
}

/** Conditional create supports `identifier=system|value` (https://hl7.org/fhir/R4/http.html#ccreate). */
async function findByCondition(ctx: FhirContext, condition: string): Promise<string[]> {
  const identifier = identifierCondition(condition);
  const page = await ctx.services.requests.list(ctx.actor, { identifier }, { after: null, limit: 2 });
  return page.items.map((r) => r.id);
}

/** Who the request is for: the GP an EHR names, literally or by identifiers (the use case matches and checks them). */
function requesterOf(parsed: ServiceRequestInput): Pick<CreateInput, 'requesterId' | 'requesterNamed'> {
  const r = parsed.requester;
  return { requesterId: r && 'id' in r ? r.id : undefined, requesterNamed: r && 'named' in r ? r.named : undefined };
}

export async function updateServiceRequest(ctx: FhirContext, req: FhirRequest, id: string): Promise<FhirResult> {
  const requestId = resourceId(id, 'ServiceRequest');
  const body = expectResource(req.body, 'ServiceRequest', id);
  ctx.validate(body, 'ServiceRequest');
  const version = ifMatch(req.headers);
  if (version === null) throw new DomainError('precondition_required', 'Updates need If-Match with the version you read (W/"n").');
  // Read under the row lock after the side and If-Match checks (preconditions before rules, RFC
  // 9110 §13.2.2: a stale version is 412 whatever else is wrong with the update).
  const detail = await ctx.services.requests.changeAsRequester(ctx.actor, requestId, { resource: 'serviceRequest', version }, (current) => {
    const parsed = fromServiceRequest(body, 'update');
    return requesterIntent(current, parsed.input, parsed.status);
  });
  const resource = renderServiceRequest(detail.request);
  if (preferredReturn(req.headers) === 'minimal') return { status: 200, headers: versionHeaders(resource) };
  return ok(resource, 200, versionHeaders(resource));
}
