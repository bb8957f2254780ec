/**
 * Search over consultation requests, rendered as ServiceRequest, Task, Appointment or CarePlan: filters,
 * sort, `_count` (capped), `_total`, `_summary=count`, `_elements`, `_include` / `_revinclude`
 * (each needing its type's read scope) and sealed `_page` links bound to the type and the caller.
 */
import type { ListedRequest, RequestFilters } from '../../services/queries.js';
import { searchsetBundle, type SearchEntry } from '../bundle.js';
import { isStrict, ok, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { subset } from '../search/elements.js';
import { pagingOf } from '../search/page-token.js';
import type { SearchParamDefinition } from '../search/params.js';
import { parseSearch } from '../search/parse.js';
import type { Resource } from '../types.js';
import { authoriseIncludes, includedEntries } from './search-includes.js';
import { toServiceRequest } from './service-request-out.js';
import { toTask } from './task-out.js';

export interface RequestSearchOptions {
  type: 'ServiceRequest' | 'Task' | 'Appointment' | 'CarePlan';
  definitions: SearchParamDefinition[];
  sorts?: string[];
  includes?: string[];
  revincludes?: string[];
  /** How a request shows as this type; null when it has none (a request without an appointment or a care plan). */
  render?: (r: ListedRequest) => Resource | null;
  /** What every search of this type narrows to (Appointment, CarePlan: requests with one). */
  filters?: () => RequestFilters;
}

export const renderServiceRequest = (r: ListedRequest): Resource => toServiceRequest(r, { requesterName: r.requesterName, serviceName: r.serviceName });
export const renderTask = (r: ListedRequest): Resource =>
  toTask(r, { requesterName: r.requesterName, serviceName: r.serviceName, assigneeName: r.assigneeName });

export async function searchRequests(ctx: FhirContext, req: FhirRequest, options: RequestSearchOptions): Promise<FhirResult> {
  const { page, params, after, link } = await pagingOf(ctx, req, options.type);
  const search = parseSearch(params, options.definitions, { strict: isStrict(req.headers), type: options.type, base: ctx.base, sorts: options.sorts, includes: options.includes, revincludes: options.revincludes }, options.filters?.() ?? {});
  // Included resources are read like any read of their type: refused without the scope, not quietly left out.
  authoriseIncludes(ctx, [...search.includes, ...search.revincludes]);
  const inclusions = [...search.includes, ...search.revincludes];
  const wanted = !(search.countOnly || search.count === 0);
  const asked = { after, limit: search.count, sort: search.sort };
  // ServiceRequest and Task render the request alone: what is held at the current stamp is not read
  // again. Includes need the requests themselves, so such a search reads them all.
  const reusable = ctx.renderings && !options.render && !inclusions.length ? ctx.renderings : undefined;
  const render = options.render ?? (options.type === 'Task' ? renderTask : renderServiceRequest);
  const shown = (r: Resource) => (search.elements ? subset(r, search.elements) : r);
  let matches: (Resource | null)[];
  let listed: { items: ListedRequest[]; next: { at: Date; id: string } | null } = { items: [], next: null };
  if (wanted && reusable) {
    const held = new Map<string, Resource>();
    const keyOf = (id: string) => `${options.type}/${id}`;
    const reuse = (id: string, stamp: string) => {
      const resource = reusable.at(keyOf(id), stamp);
      if (resource) held.set(id, resource);
      return resource !== undefined;
    };
    const stamped = await ctx.services.requests.searchReusing(ctx.actor, search.filters, asked, reuse);
    matches = stamped.items.map((e) => (e.request ? reusable.keep(keyOf(e.id), e.stamp, render(e.request)!) : held.get(e.id)!));
    listed = { items: [], next: stamped.next };
  } else {
    if (wanted) listed = await ctx.services.requests.search(ctx.actor, search.filters, asked);
    matches = listed.items.map(render);
  }
  const total = search.total ? await ctx.services.requests.count(ctx.actor, search.filters) : undefined;

  const entries: SearchEntry[] = matches.flatMap((resource) => (resource ? [{ resource: shown(resource), mode: 'match' as const }] : []));
  entries.push(...(await includedEntries(ctx, listed.items, inclusions)));

  const seal = (cursor: { at: Date; id: string } | null) => link(search.applied, cursor);
  const next = listed.next ? await seal(listed.next) : undefined;
  // The self link shows the search as applied. It never repeats a patient identifier: a POST
  // _search, a later page, or a search by patient or identifier links to a sealed token instead.
  const identifying = search.applied.some(([name]) => /^(subject|patient|identifier)(:|$)/.test(name));
  const self = req.method === 'GET' && !page && !identifying ? `${ctx.base}/${options.type}${queryOf(search.applied)}` : await seal(after);
  return ok(searchsetBundle(ctx.base, { self, next }, entries, search.ignored, total));
}

function queryOf(params: [string, string][]): string {
  return params.length ? `?${new URLSearchParams(params).toString()}` : '';
}
