/**
 * Posting a Communication (https://hl7.org/fhir/R4/communication.html): kept as sent — every
 * payload, every category, the sender's `sent` — and, with `If-None-Exist: identifier=…`,
 * created once however often it is retried (https://hl7.org/fhir/R4/http.html#ccreate).
 */
import { documentUrlProblem } from '../../domain/document-link.js';
import { DomainError, type FieldIssue } from '../../domain/errors.js';
import { referencedId } from '../../domain/ids.js';
import type { Identifier } from '../../domain/request.js';
import type { Attachment, Message } from '../../domain/message.js';
import { CODE_SYSTEM } from '../canonical.js';
import { authorise, created, expectResource, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { refuseUnknownModifiers } from '../modifiers.js';
import { arr, str, type Json } from '../types.js';
import { OWNED, toCommunication } from './communication.js';
import { identifierCondition, severalMatch } from './conditional-create.js';

export async function createCommunication(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const body = expectResource(req.body, 'Communication');
  ctx.validate(body, 'Communication');
  refuseUnknownModifiers(body, 'Communication');
  const basedOn = arr(body.basedOn).map((b) => String(b.reference ?? ''));
  const requestRef = basedOn.length === 1 ? referencedId(basedOn[0], 'ServiceRequest') : undefined;
  // Every text payload reaches the reader, in the order sent; the resource keeps them apart.
  const texts = arr(body.payload).map((p) => p.contentString).filter((c): c is string => typeof c === 'string' && c.trim() !== '');
  const text = texts.join('\n\n');
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

  const condition = req.headers.get('If-None-Exist');
  const existing = condition === null ? null : await matching(ctx, req, condition);
  if (existing) return existing;
  const requestId = requestRef!.toLowerCase();
  // A request the sender cannot see is, for them, an unknown reference.
  const target = await ctx.services.requests.find(ctx.actor, requestId).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === 'not_found') {
      throw new DomainError('unprocessable', 'basedOn does not name a request you can see.', { issues: [{ field: 'Communication.basedOn', message: 'Unknown request.', code: 'not-found' }] });
    }
    throw err;
  });
  // A replayed transaction's request already existed: the sender's own message with the same text on it is this one.
  if (req.replay && condition === null) {
    const same = await ctx.services.messages.sameAs(ctx.actor, requestId, text);
    if (same) return found(ctx, req, same.id);
  }
  // A message can move the request: a system also needs the scope to change its side's resource.
  if (target.situation.sides.includes('consultant')) authorise(ctx, 'Task', 'u');
  else authorise(ctx, 'ServiceRequest', 'u');
  const preserved = Object.fromEntries(Object.entries(body).filter(([k]) => !OWNED.includes(k) && k !== 'resourceType'));
  // What the message is: its message-kind category if it says; else the sender's side and the state decide.
  const kind = arr(arr(body.category).flatMap((c) => arr(c.coding))).find((c) => c.system === CODE_SYSTEM.messageKind)?.code;
  let sent: Message;
  try {
    sent = await ctx.services.messages.send(ctx.actor, requestId, {
      text,
      kind: kind === 'question' || kind === 'answer' || kind === 'information' ? kind : undefined,
      inResponseTo,
      attachments,
      preserved: Object.keys(preserved).length ? preserved : undefined,
      identifiers: identifiersOf(body),
    });
  } catch (err) {
    // Two retries racing: the identifier index let one through; the other returns what it made.
    const raced = condition !== null && err instanceof DomainError && err.code === 'conflict' ? await matching(ctx, req, condition) : null;
    if (raced) return raced;
    throw err;
  }
  const { message, request } = await ctx.services.messages.find(ctx.actor, sent.id);
  return created(ctx, req, toCommunication(message, request));
}

/** The existing Communication the condition names (200), none (null), or 412 when it names several. */
async function matching(ctx: FhirContext, req: FhirRequest, condition: string): Promise<FhirResult | null> {
  const messages = await ctx.services.messages.withIdentifier(ctx.actor, identifierCondition(condition), 2);
  if (messages.length > 1) throw severalMatch('Communication');
  return messages.length === 1 ? found(ctx, req, messages[0]!.id) : null;
}

async function found(ctx: FhirContext, req: FhirRequest, id: string): Promise<FhirResult> {
  // Returning what exists is a read: a system needs the scope for it.
  authorise(ctx, 'Communication', 'r');
  const { message, request } = await ctx.services.messages.find(ctx.actor, id);
  return created(ctx, req, toCommunication(message, request), 200);
}

function identifiersOf(body: Json): Identifier[] {
  return arr(body.identifier).flatMap((i) => (typeof i.value === 'string' ? [{ system: str(i.system) ?? '', value: i.value }] : []));
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
