/**
 * A request's history as ServiceRequest or Task (https://hl7.org/fhir/R4/http.html#history),
 * newest first, a page at a time: `_count` (capped as for search) and sealed `_page` links bound
 * to this one resource's history.
 */
import type { ListedRequest } from '../../services/ports.js';
import { historyBundle } from '../bundle.js';
import { isStrict, ok, resourceId, type FhirContext, type FhirRequest, type FhirResult } from '../http.js';
import { openPage, sealPage } from '../search/page-token.js';
import { countOf, screenParameters } from '../search/parse.js';
import type { Resource } from '../types.js';

export async function historyOfRequest(ctx: FhirContext, req: FhirRequest, id: string, type: 'ServiceRequest' | 'Task', render: (r: ListedRequest) => Resource): Promise<FhirResult> {
  const requestId = resourceId(id, type);
  const list = `${type}/${requestId}/_history`;
  const token = req.params.find(([name]) => name === '_page')?.[1];
  const page = token ? await openPage(ctx.pageSecret, list, token) : null;
  const params = page ? page.params : req.params.filter(([name]) => name !== '_page');
  // Only paging is supported here: other parameters are refused under handling=strict, else ignored.
  screenParameters(params, ['_count'], isStrict(req.headers));
  const count = countOf(params.find(([name]) => name === '_count')?.[1]);
  // The cursor is the last version shown (its time and number); the next page starts below it.
  const before = page ? Number(page.cursor.id) : null;
  const resource = type === 'Task' ? 'task' : 'serviceRequest';
  const result = await ctx.services.requests.versions(ctx.actor, requestId, { before, limit: Math.max(count, 1), resource });
  // _count=0 asks for no entries, only the total (https://hl7.org/fhir/R4/search.html#count).
  const versions = count === 0 ? [] : result.versions;
  const last = versions.at(-1);
  const cursor = count > 0 && result.nextBefore !== null && last ? { at: last.resourceVersions[resource].at, id: String(result.nextBefore) } : null;
  const next = cursor ? `${ctx.base}/${list}?_page=${await sealPage(ctx.pageSecret, list, { params, cursor })}` : undefined;
  const self = `${ctx.base}/${list}`;
  return ok(historyBundle(ctx.base, { self, next }, result.total, versions.map((v) => render({ ...result.current, ...v }))));
}
