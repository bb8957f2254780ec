/**
 * A request's history as ServiceRequest or Task (https://hl7.org/fhir/R4/http.html#history),
 * newest first, a page at a time: `_count` (capped as for search) and sealed `_page` links bound
 * to this one resource's history.
 */
import type { ListedRequest } from '../../services/queries.js';
import { historyBundle } from '../bundle.js';
import { isStrict, ok, resourceId, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { pagingOf } from '../search/page-token.js';
import { countOf, screenParameters } from '../search/parse.js';
import { dateRange, invalidParameter } from '../search/values.js';
import type { Resource } from '../types.js';

export async function historyOfRequest(ctx: FhirContext, req: FhirRequest, id: string, type: 'ServiceRequest' | 'Task', render: (r: ListedRequest) => Resource): Promise<FhirResult> {
  const requestId = resourceId(id, type);
  const list = `${type}/${requestId}/_history`;
  const { page, params, link } = await pagingOf(ctx, req, list);
  // `_since`, `_at` and paging; other parameters are refused under handling=strict, else ignored.
  screenParameters(params, ['_count', '_since', '_at'], isStrict(req.headers));
  const count = countOf(params.find(([name]) => name === '_count')?.[1]);
  const window = windowOf(params);
  // The cursor is the last version shown (its time and number); the next page starts below it.
  const before = page?.cursor ? Number(page.cursor.id) : null;
  const resource = type === 'Task' ? 'task' : 'serviceRequest';
  // `_at` asks for the one version current at that time: the newest made before it.
  const limit = window.at ? 1 : Math.max(count, 1);
  const result = await ctx.services.requests.versions(ctx.actor, requestId, { before, limit, window, resource });
  // _count=0 asks for no entries, only the total (https://hl7.org/fhir/R4/search.html#count).
  const versions = count === 0 ? [] : result.versions;
  const last = versions.at(-1);
  const cursor = count > 0 && !window.at && result.nextBefore !== null && last ? { at: last.resourceVersions[resource].at, id: String(result.nextBefore) } : null;
  const next = cursor ? await link(params, cursor) : undefined;
  const self = `${ctx.base}/${list}`;
  const total = window.at ? versions.length : result.total;
  return ok(historyBundle(ctx.base, { self, next }, total, versions.map((v) => render({ ...result.current, ...v }))));
}

/**
 * `_since` (the versions made at that instant or after it) and `_at` (the version current then).
 * A value that is no instant — a search prefix (`gt…`), no time zone, an impossible time — is a 400.
 */
function windowOf(params: [string, string][]): { since?: Date | undefined; until?: Date | undefined; at: boolean } {
  const value = (name: string) => {
    const values = params.filter(([n]) => n === name).map(([, v]) => v);
    if (values.length > 1) throw invalidParameter(name, 'give it once.');
    return values[0];
  };
  const since = value('_since');
  const at = value('_at');
  return {
    since: since === undefined ? undefined : sinceInstant(since),
    until: at === undefined ? undefined : instantRange('_at', at).lt,
    at: at !== undefined,
  };
}

/** The instants a value covers (a date, a month: all of it); search prefixes belong to search, not here. */
function instantRange(name: string, value: string): { ge: Date; lt: Date } {
  if (!/^\d/.test(value)) throw invalidParameter(name, `'${value}' is not an instant (such as 2026-03-02T10:00:00Z; no search prefixes).`);
  const { ge, lt } = dateRange(name, [value]);
  return { ge: ge!, lt: lt! };
}

/**
 * Where `_since` starts. Versions are stamped to the millisecond; an instant finer than that
 * (`…00.0001Z`) starts at the next millisecond, so a version made before it is never taken.
 */
function sinceInstant(value: string): Date {
  const start = instantRange('_since', value).ge;
  const finer = /\.\d{3}(\d+)/.exec(value)?.[1];
  return finer && /[1-9]/.test(finer) ? new Date(start.getTime() + 1) : start;
}
