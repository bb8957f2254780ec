/**
 * DocumentReference: the letters that reach the GP — outcome letters and case-discussion
 * conclusions (document-reference-out.ts). Read and search only; who may see the request may
 * read its letters, nobody else. Search pages like every other, oldest letter first.
 */
import { searchsetBundle } from '../bundle.js';
import { isStrict, ok, resourceId, versionHeaders, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { DOCUMENT_REFERENCE_PARAMS, type LetterFilters } from '../search/document-params.js';
import { subset } from '../search/elements.js';
import { pagingOf } from '../search/page-token.js';
import { parseSearch } from '../search/parse.js';
import { toDocumentReference } from './document-reference-out.js';

export async function readDocumentReference(ctx: FhirContext, id: string): Promise<FhirResult> {
  const { letter, request } = await ctx.services.letters.find(ctx.actor, resourceId(id, 'DocumentReference'));
  const resource = toDocumentReference(letter, request);
  return ok(resource, 200, versionHeaders(resource));
}

/** Search by `related` / `based-on`, `subject:identifier` / `patient:identifier` and `type`; `_count` at a time. */
export async function searchDocumentReferences(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const { page, params, after, link } = await pagingOf(ctx, req, 'DocumentReference');
  const search = parseSearch<LetterFilters>(params, DOCUMENT_REFERENCE_PARAMS, { strict: isStrict(req.headers), type: 'DocumentReference', base: ctx.base });
  const { kinds, ...filters } = search.filters;
  // Whoever follows a link is checked again: the letters are those of the requests the caller sees.
  const result = search.countOnly || search.count === 0 ? { items: [], next: null } : await ctx.services.letters.page(ctx.actor, filters, kinds, after, search.count);
  const total = search.total ? await ctx.services.letters.count(ctx.actor, filters, kinds) : undefined;
  const entries = result.items.map(({ letter, request }) => {
    const resource = toDocumentReference(letter, request);
    return { resource: search.elements ? subset(resource, search.elements) : resource, mode: 'match' as const };
  });
  const seal = (cursor: { at: Date; id: string } | null) => link(search.applied, cursor);
  const next = result.next ? await seal(result.next) : undefined;
  // As for requests: a search by patient never repeats the identifier in a link.
  const identifying = search.applied.some(([name]) => /^(subject|patient)(:|$)/.test(name));
  const self = req.method === 'GET' && !page && !identifying ? `${ctx.base}/DocumentReference${search.applied.length ? `?${new URLSearchParams(search.applied).toString()}` : ''}` : await seal(after);
  return ok(searchsetBundle(ctx.base, { self, next }, entries, search.ignored, total));
}
