/**
 * Search over consultation requests, rendered as ServiceRequest or Task: filters, sort,
 * `_count` (capped), sealed `_page` links, and `_revinclude=Task:focus` (which needs Task read scope).
 */
import type { ListedRequest } from '../../services/ports.js';
import { searchsetBundle, type SearchEntry } from '../bundle.js';
import { isStrict, ok, type FhirContext, type FhirRequest, type FhirResult } from '../http.js';
import type { SearchParamDefinition } from '../search/params.js';
import { openPage, sealPage } from '../search/page-token.js';
import { parseSearch } from '../search/parse.js';
import type { Resource } from '../types.js';
import { authorise } from '../router.js';
import { toServiceRequest } from './service-request-out.js';
import { toTask } from './task-out.js';

export interface RequestSearchOptions {
  type: 'ServiceRequest' | 'Task';
  definitions: SearchParamDefinition[];
  sorts: string[];
  revinclude?: string;
}

export const renderServiceRequest = (r: ListedRequest): Resource => toServiceRequest(r, { requesterName: r.requesterName, serviceName: r.serviceName });
export const renderTask = (r: ListedRequest): Resource =>
  toTask(r, { requesterName: r.requesterName, serviceName: r.serviceName, assigneeName: r.assigneeName });

export async function searchRequests(ctx: FhirContext, req: FhirRequest, options: RequestSearchOptions): Promise<FhirResult> {
  const pageToken = req.params.find(([name]) => name === '_page')?.[1];
  const page = pageToken ? await openPage(ctx.pageSecret, options.type, pageToken) : null;
  const params = page ? page.params : req.params.filter(([name]) => name !== '_page');
  const search = parseSearch(params, options.definitions, { strict: isStrict(req.headers), sorts: options.sorts, revinclude: options.revinclude });
  // Included Tasks are read like any Task: a client without Task read scope is refused, not quietly served less.
  if (search.revincludeTasks) authorise(ctx, 'Task', 'r');
  const after = page ? { at: new Date(page.cursor.at), id: page.cursor.id } : null;
  const result = search.count === 0 ? { items: [], next: null } : await ctx.services.requests.list(ctx.actor, search.filters, after, search.count, search.sort);

  const render = options.type === 'Task' ? renderTask : renderServiceRequest;
  const entries: SearchEntry[] = result.items.map((r) => ({ resource: render(r), mode: 'match' }));
  if (search.revincludeTasks) entries.push(...result.items.map((r): SearchEntry => ({ resource: renderTask(r), mode: 'include' })));

  const next = result.next
    ? `${ctx.base}/${options.type}?_page=${await sealPage(ctx.pageSecret, options.type, { params: search.applied, cursor: { at: result.next.at.toISOString(), id: result.next.id } })}`
    : undefined;
  // The self link never repeats a patient identifier: a POST _search, a later page, or a search by
  // patient or identifier links to the search endpoint without its parameters.
  const identifying = search.applied.some(([name]) => /^(subject|patient|identifier)(:|$)/.test(name));
  const self = req.method === 'GET' && !page && !identifying ? `${ctx.base}/${options.type}${queryOf(search.applied)}` : `${ctx.base}/${options.type}/_search`;
  return ok(searchsetBundle(ctx.base, { self, next }, entries, search.ignored));
}

function queryOf(params: [string, string][]): string {
  return params.length ? `?${new URLSearchParams(params).toString()}` : '';
}
