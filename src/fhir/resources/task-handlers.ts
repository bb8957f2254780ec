/** Task interactions: read, vread, history, search, and update by the consulting side. */
import { DomainError } from '../../domain/errors.js';
import { expectResource, ifMatch, ok, preferredReturn, resourceId, versionHeaders, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { refuseUnknownModifiers } from '../modifiers.js';
import { TASK_PARAMS } from '../search/params.js';
import { renderTask, searchRequests } from './request-search.js';
import { historyOfRequest } from './request-history.js';
import { vreadServiceRequest } from './service-request-handlers.js';
import { toTask } from './task-out.js';
import { keptOfTask, taskFulfilmentChange, taskMove } from './task-update.js';

export const TASK_SORTS = ['_lastUpdated', '-_lastUpdated'];

export async function readTask(ctx: FhirContext, id: string): Promise<FhirResult> {
  const request = await ctx.services.requests.find(ctx.actor, resourceId(id, 'Task'));
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
  // What the Task asks for is read off the request as it is under the lock, after the side and
  // If-Match checks (preconditions before rules: a stale version is 412 whatever else is wrong).
  // A move keeps what the Task adds as sent (notes…) in the same change. No move: the owner (an
  // assignment) and what Liaison keeps as sent; anything else is named in a 422.
  const { detail } = await ctx.services.triage.fulfil(ctx.actor, requestId, { resource: 'task', version }, (current) => {
    const move = taskMove(current, body);
    return move ? { move, taskPreserved: keptOfTask(body) } : { change: taskFulfilmentChange(current, toTask(current), body) };
  });
  const resource = renderTask(detail.request);
  if (preferredReturn(req.headers) === 'minimal') return { status: 200, headers: versionHeaders(resource) };
  return ok(resource, 200, versionHeaders(resource));
}
