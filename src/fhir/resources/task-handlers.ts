/** Task interactions: read, vread, history, search, and update by the consulting side. */
import { DomainError } from '../../domain/errors.js';
import { expectResource, ifMatch, ok, preferredReturn, resourceId, versionHeaders, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { refuseUnknownModifiers } from '../modifiers.js';
import { TASK_PARAMS } from '../search/params.js';
import { renderTask, searchRequests } from './request-search.js';
import { historyOfRequest } from './request-history.js';
import { vreadServiceRequest } from './service-request-handlers.js';
import { keptOfTask, taskFulfilmentChange, taskMove } from './task-update.js';

export const TASK_SORTS = ['_lastUpdated', '-_lastUpdated'];

export async function readTask(ctx: FhirContext, id: string): Promise<FhirResult> {
  const { request } = await ctx.services.requests.get(ctx.actor, resourceId(id, 'Task'));
  const resource = renderTask(request);
  return ok(resource, 200, versionHeaders(resource));
}

export const vreadTask = (ctx: FhirContext, id: string, version: string) => vreadServiceRequest(ctx, id, version, renderTask, 'task');
export const historyOfTask = (ctx: FhirContext, req: FhirRequest, id: string) => historyOfRequest(ctx, req, id, 'Task', renderTask);
export const searchTasks = (ctx: FhirContext, req: FhirRequest) => searchRequests(ctx, req, { type: 'Task', definitions: TASK_PARAMS, sorts: TASK_SORTS });

export async function updateTask(ctx: FhirContext, req: FhirRequest, id: string): Promise<FhirResult> {
  const requestId = resourceId(id, 'Task');
  const body = expectResource(req.body, 'Task', id);
  ctx.validate(body, 'Task');
  const version = ifMatch(req.headers);
  if (version === null) throw new DomainError('precondition_required', 'Updates need If-Match with the version you read (W/"n").');
  refuseUnknownModifiers(body, 'Task');
  const { request: current } = await ctx.services.requests.get(ctx.actor, requestId);
  if (!current.situation.sides.includes('consultant')) {
    throw new DomainError('forbidden', "Only the consulting service updates the Task; the requester changes its ServiceRequest.");
  }
  // Preconditions before rules (RFC 9110 §13.2.2): a stale version is 412 whatever else is wrong.
  const shown = current.resourceVersions.task.version;
  if (version !== shown) throw new DomainError('precondition_failed', `The Task has changed since you read it (now version ${shown}).`);
  const move = taskMove(current, body);
  // A move keeps what the Task adds as sent (notes…) in the same change. No move: the owner (an
  // assignment) and what Liaison keeps as sent; anything else is named in a 422.
  const detail = move
    ? await ctx.services.requests.act(ctx.actor, requestId, move, { resource: 'task', version }, { taskPreserved: keptOfTask(body) })
    : (await ctx.services.triage.updateFulfilment(ctx.actor, requestId, taskFulfilmentChange(current, renderTask(current), body), { resource: 'task', version })).detail;
  const resource = renderTask(detail.request);
  if (preferredReturn(req.headers) === 'minimal') return { status: 200, headers: versionHeaders(resource) };
  return ok(resource, 200, versionHeaders(resource));
}
