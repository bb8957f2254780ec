/**
 * CarePlan interactions: read, vread and search (https://hl7.org/fhir/R4/careplan.html). The
 * CarePlan of a request exists once it has advice or an outcome and changes only through the
 * lifecycle and the GP's answers (JSON API); whoever may read the request may read it.
 */
import { DomainError } from '../../domain/errors.js';
import { ok, resourceId, versionHeaders, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { CARE_PLAN_PARAMS, withCarePlan } from '../search/more-params.js';
import { renderCarePlan } from './care-plan-out.js';
import { searchRequests } from './request-search.js';

export async function readCarePlan(ctx: FhirContext, id: string): Promise<FhirResult> {
  const request = await ctx.services.requests.find(ctx.actor, resourceId(id, 'CarePlan'));
  const resource = renderCarePlan(request);
  if (!resource) throw new DomainError('not_found', `CarePlan/${id} is not known here: the request has no advice or outcome yet.`);
  return ok(resource, 200, versionHeaders(resource));
}

export async function vreadCarePlan(ctx: FhirContext, id: string, version: string): Promise<FhirResult> {
  // Versions count from 1: anything else names no version (and the request is still checked first).
  const number = /^\d{1,9}$/.test(version) ? Number(version) : 0;
  const found = await ctx.services.requests.version(ctx.actor, resourceId(id, 'CarePlan'), number, 'carePlan');
  // A version from before the advice (or after a re-consult cleared it) had no CarePlan.
  const resource = found.version ? renderCarePlan({ ...found.current, ...found.version }) : null;
  if (!resource) throw new DomainError('not_found', `Version ${version} of this resource does not exist.`);
  return ok(resource, 200, versionHeaders(resource));
}

/** Search by `based-on`, the patient's identifier, `status`, `_id` and `_lastUpdated`, paged like every request search. */
export const searchCarePlans = (ctx: FhirContext, req: FhirRequest): Promise<FhirResult> =>
  searchRequests(ctx, req, { type: 'CarePlan', definitions: CARE_PLAN_PARAMS, render: renderCarePlan, filters: withCarePlan });
