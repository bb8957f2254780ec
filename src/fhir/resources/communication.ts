/**
 * Communication: questions and answers between GP and psychiatrist, advice and outcome letters
 * (https://hl7.org/fhir/R4/communication.html). basedOn the ServiceRequest; an answer is
 * inResponseTo the question. Posting one is a lifecycle move where it is one: the consulting
 * side's message is a question (request-information); the GP's answer while the request awaits
 * information is provide-information; anything else the GP sends is added information.
 */
import { documentUrlProblem } from '../../domain/document-link.js';
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { referencedId } from '../../domain/ids.js';
import type { Attachment, ListedRequest, Message } from '../../services/ports.js';
import { searchsetBundle } from '../bundle.js';
import { CODE_SYSTEM } from '../canonical.js';
import { expectResource, isStrict, ok, resourceId, versionHeaders, type FhirContext, type FhirRequest, type FhirResult } from '../http.js';
import { refuseUnknownModifiers } from '../modifiers.js';
import { subset } from '../search/elements.js';
import { COMMUNICATION_PARAMS } from '../search/more-params.js';
import { listFor, openPage, sealPage } from '../search/page-token.js';
import { parseSearch } from '../search/parse.js';
import { invalidParameter } from '../search/values.js';
import { arr, str, type Json, type Resource } from '../types.js';
import { sidesOf } from '../../services/access.js';
import { authorise } from '../router.js';
import { created } from './service-request-handlers.js';
import { identifierOf } from './service-request-out.js';

const OWNED = ['id', 'meta', 'text', 'status', 'basedOn', 'inResponseTo', 'payload', 'sent', 'sender', 'subject', 'category'];

export function toCommunication(message: Message, request: ListedRequest): Resource {
  return {
    resourceType: 'Communication',
    id: message.id,
    meta: { versionId: '1', lastUpdated: message.sentAt.toISOString() },
    ...(message.preserved ?? {}),
    basedOn: [{ reference: `ServiceRequest/${message.requestId}` }],
    ...(message.inResponseTo ? { inResponseTo: [{ reference: `Communication/${message.inResponseTo}` }] } : {}),
    status: 'completed',
    category: [{ coding: [{ system: CODE_SYSTEM.messageKind, code: message.kind }] }],
    subject: { identifier: identifierOf(request.patient.identifier) },
    sent: message.sentAt.toISOString(),
    sender: message.authorKind === 'user' ? { reference: `Practitioner/${message.authorId}`, display: message.authorDisplay } : { display: message.authorDisplay },
    payload: [{ contentString: message.text }, ...message.attachments.map((a) => ({ contentAttachment: { url: a.url, ...(a.title ? { title: a.title } : {}), ...(a.contentType ? { contentType: a.contentType } : {}) } }))],
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
  const list = listFor(ctx, 'Communication');
  const token = req.params.find(([name]) => name === '_page')?.[1];
  const page = token ? await openPage(ctx.pageSecret, list, token) : null;
  const params = page ? page.params : req.params.filter(([name]) => name !== '_page');
  const search = parseSearch(params, COMMUNICATION_PARAMS, { strict: isStrict(req.headers), type: 'Communication', base: ctx.base });
  const ids = search.filters.ids;
  if (ids === undefined) throw invalidParameter('based-on', 'search Communications by the request they belong to: based-on=ServiceRequest/{id}.');
  // Whoever follows a link is checked again: the requests are those the caller sees.
  const requests = ids.length ? await ctx.services.requests.list(ctx.actor, { ids }, null, ids.length) : { items: [] };
  const after = page?.cursor ? { at: new Date(page.cursor.at), id: page.cursor.id } : null;
  const result = search.countOnly || search.count === 0 ? { items: [], next: null } : await ctx.services.messages.forRequests(requests.items, after, search.count);
  // A thread is short: its total is counted by reading it (bounded).
  const total = search.total ? (await ctx.services.messages.forRequests(requests.items, null, 10_000)).items.length : undefined;
  const byId = new Map(requests.items.map((r) => [r.id, r]));
  const entries = result.items.map((m) => {
    const resource = toCommunication(m, byId.get(m.requestId)!);
    return { resource: search.elements ? subset(resource, search.elements) : resource, mode: 'match' as const };
  });
  const seal = async (cursor: { at: Date; id: string } | null) =>
    `${ctx.base}/Communication?_page=${await sealPage(ctx.pageSecret, list, { params: search.applied, cursor: cursor && { at: cursor.at.toISOString(), id: cursor.id } })}`;
  const next = result.next ? await seal(result.next) : undefined;
  const self = req.method === 'GET' && !page ? `${ctx.base}/Communication?${new URLSearchParams(search.applied).toString()}` : await seal(after);
  return ok(searchsetBundle(ctx.base, { self, next }, entries, search.ignored, total));
}

export async function createCommunication(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const body = expectResource(req.body, 'Communication');
  ctx.validate(body, 'Communication');
  refuseUnknownModifiers(body, 'Communication');
  const basedOn = arr(body.basedOn).map((b) => String(b.reference ?? ''));
  const requestRef = basedOn.length === 1 ? referencedId(basedOn[0], 'ServiceRequest') : undefined;
  const text = arr(body.payload).map((p) => p.contentString).find((c): c is string => typeof c === 'string' && c.trim() !== '');
  const replyTo = arr(body.inResponseTo)[0]?.reference;
  const inResponseTo = referencedId(replyTo, 'Communication');
  const { attachments, issues: attachmentIssues } = attachmentsOf(body);
  const issues = [
    ...attachmentIssues,
    ...(requestRef ? [] : [{ field: 'Communication.basedOn', message: 'Name exactly one request: ServiceRequest/{id}.', code: 'required' }]),
    ...(text ? [] : [{ field: 'Communication.payload', message: 'The message text goes in payload.contentString.', code: 'required' }]),
    ...(replyTo !== undefined && !inResponseTo ? [{ field: 'Communication.inResponseTo', message: 'Reply to a Communication/{id}.', code: 'value' }] : []),
  ];
  if (issues.length) throw new DomainError('unprocessable', 'The Communication is missing what Liaison needs.', { issues });

  const requestId = requestRef!.toLowerCase();
  // A request the sender cannot see is, for them, an unknown reference.
  const { request: target } = await ctx.services.requests.get(ctx.actor, requestId).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === 'not_found') {
      throw new DomainError('unprocessable', 'basedOn does not name a request you can see.', { issues: [{ field: 'Communication.basedOn', message: 'Unknown request.', code: 'not-found' }] });
    }
    throw err;
  });
  // A message can move the request: a system also needs the scope to change its side's resource.
  if (sidesOf(ctx.actor, target).includes('consultant')) authorise(ctx, 'Task', 'u');
  else authorise(ctx, 'ServiceRequest', 'u');
  const preserved = Object.fromEntries(Object.entries(body).filter(([k]) => !OWNED.includes(k) && k !== 'resourceType'));
  const kept = Object.keys(preserved).length ? preserved : undefined;
  // What the message is: its message-kind category if it says; else the sender's side and the state decide.
  const kind = arr(arr(body.category).flatMap((c) => arr(c.coding))).find((c) => c.system === CODE_SYSTEM.messageKind)?.code;
  const sent = await ctx.services.messages.send(ctx.actor, requestId, {
    text: text!,
    kind: kind === 'question' || kind === 'answer' || kind === 'information' ? kind : undefined,
    inResponseTo,
    attachments,
    preserved: kept,
  });
  const messageId = sent.id;
  const { message, request } = await ctx.services.messages.find(ctx.actor, messageId);
  return created(ctx, req, toCommunication(message, request));
}

/** The documents attached, by address: one that cannot be offered as a link, or none at all, is refused rather than dropped. */
function attachmentsOf(body: Json): { attachments: Attachment[]; issues: FieldIssue[] } {
  const attachments: Attachment[] = [];
  const issues: FieldIssue[] = [];
  arr(body.payload).forEach((p, i) => {
    const a = p.contentAttachment as Json | undefined;
    if (!a) return;
    const field = `Communication.payload[${i}].contentAttachment.url`;
    const url = str(a.url);
    const problem = url === undefined ? 'Liaison keeps references to documents, not files: give the address in contentAttachment.url.' : documentUrlProblem(url);
    if (problem) issues.push({ field, message: problem, code: url === undefined ? 'required' : 'value' });
    else attachments.push({ url: url!, title: str(a.title), contentType: str(a.contentType) });
  });
  return { attachments, issues };
}
