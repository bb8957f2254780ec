/**
 * Communication: questions and answers between GP and psychiatrist, advice and outcome letters
 * (https://hl7.org/fhir/R4/communication.html). basedOn the ServiceRequest; an answer is
 * inResponseTo the question. Posting one (communication-create.ts) is a lifecycle move where it is one: the consulting
 * side's message is a question (request-information); the GP's answer while the request awaits
 * information is provide-information; anything else the GP sends is added information.
 */
import type { Message } from '../../domain/message.js';
import type { ListedRequest } from '../../services/queries.js';
import { searchsetBundle } from '../bundle.js';
import { CODE_SYSTEM } from '../canonical.js';
import { isStrict, ok, resourceId, versionHeaders, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { subset } from '../search/elements.js';
import { COMMUNICATION_PARAMS } from '../search/more-params.js';
import { pagingOf } from '../search/page-token.js';
import { parseSearch } from '../search/parse.js';
import { invalidParameter } from '../search/values.js';
import { arr, type Json, type Resource } from '../types.js';
import { identifierOf } from './service-request-out.js';

/** Elements Liaison writes itself; everything else a sender put in the Communication is kept and returned as sent. */
export const OWNED = ['id', 'meta', 'text', 'status', 'basedOn', 'inResponseTo', 'sender', 'subject'];

/** The categories as sent, with the message-kind coding saying what Liaison took the message to be. */
function categoriesOf(kind: string, sent: unknown): Json[] {
  const ours = { system: CODE_SYSTEM.messageKind, code: kind };
  const categories = arr(sent);
  const isKind = (c: Json) => c.system === CODE_SYSTEM.messageKind;
  if (!categories.some((c) => arr(c.coding).some(isKind))) return [...categories, { coding: [ours] }];
  return categories.map((c) => (arr(c.coding).some(isKind) ? { ...c, coding: arr(c.coding).map((x) => (isKind(x) ? { ...x, ...ours } : x)) } : c));
}

export function toCommunication(message: Message, request: ListedRequest): Resource {
  const kept = message.preserved ?? {};
  const payload = [{ contentString: message.text }, ...message.attachments.map((a) => ({ contentAttachment: { url: a.url, ...(a.title ? { title: a.title } : {}), ...(a.contentType ? { contentType: a.contentType } : {}) } }))];
  return {
    resourceType: 'Communication',
    id: message.id,
    // A message never changes: no versions (CapabilityStatement `no-version`), so no versionId or ETag.
    meta: { lastUpdated: message.sentAt.toISOString() },
    ...kept,
    basedOn: [{ reference: `ServiceRequest/${message.requestId}` }],
    ...(message.inResponseTo ? { inResponseTo: [{ reference: `Communication/${message.inResponseTo}` }] } : {}),
    status: 'completed',
    category: categoriesOf(message.kind, kept.category),
    subject: { identifier: identifierOf(request.patient.identifier) },
    // The sender's own time, as written; when Liaison had it is when it was received.
    ...(typeof kept.sent === 'string' ? { sent: kept.sent, received: message.sentAt.toISOString() } : { sent: message.sentAt.toISOString() }),
    sender: message.authorKind === 'user' ? { reference: `Practitioner/${message.authorId}`, display: message.authorDisplay } : { display: message.authorDisplay },
    // Liaison's own messages (advice, letters) have no payload as sent.
    payload: Array.isArray(kept.payload) ? kept.payload : payload,
  };
}

export async function readCommunication(ctx: FhirContext, id: string): Promise<FhirResult> {
  const { message, request } = await ctx.services.messages.find(ctx.actor, resourceId(id, 'Communication'));
  const resource = toCommunication(message, request);
  return ok(resource, 200, versionHeaders(resource));
}

/**
 * Search by `based-on` (required: messages are always read per request), oldest first, `_count`
 * at a time (capped as for requests); the next link seals the search, so it never names the request.
 */
export async function searchCommunications(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const { page, params, after, link } = await pagingOf(ctx, req, 'Communication');
  const search = parseSearch(params, COMMUNICATION_PARAMS, { strict: isStrict(req.headers), type: 'Communication', base: ctx.base });
  const ids = search.filters.ids;
  if (ids === undefined) throw invalidParameter('based-on', 'search Communications by the request they belong to: based-on=ServiceRequest/{id}.');
  // Whoever follows a link is checked again: the requests are those the caller sees.
  const requests = ids.length ? await ctx.services.requests.list(ctx.actor, { ids }, { after: null, limit: ids.length }) : { items: [] };
  const result = search.countOnly || search.count === 0 ? { items: [], next: null } : await ctx.services.messages.forRequests(requests.items, after, search.count);
  // A thread is short: its total is counted by reading it (bounded).
  const total = search.total ? (await ctx.services.messages.forRequests(requests.items, null, 10_000)).items.length : undefined;
  const byId = new Map(requests.items.map((r) => [r.id, r]));
  const entries = result.items.map((m) => {
    const resource = toCommunication(m, byId.get(m.requestId)!);
    return { resource: search.elements ? subset(resource, search.elements) : resource, mode: 'match' as const };
  });
  const seal = (cursor: { at: Date; id: string } | null) => link(search.applied, cursor);
  const next = result.next ? await seal(result.next) : undefined;
  const self = req.method === 'GET' && !page ? `${ctx.base}/Communication?${new URLSearchParams(search.applied).toString()}` : await seal(after);
  return ok(searchsetBundle(ctx.base, { self, next }, entries, search.ignored, total));
}
