/**
 * Messages between the GP and the consulting side. Questions and answers that move the
 * lifecycle go through RequestService.act (request-information / provide-information); this
 * service adds the other messages either side sends while the case is open, and reads messages
 * with access rules.
 */
import { documentUrlProblem } from '../domain/document-link.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { RequestState } from '../domain/lifecycle.js';
import type { Identifier } from '../domain/request.js';
import { requestScopeOf, sidesOf } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import type { Attachment, Message } from '../domain/message.js';
import type { Clock, Store } from './ports/store.js';
import type { ListedRequest, PageCursor } from './queries.js';
import type { RequestDetail, RequestService } from './requests.js';

/** States in which the conversation is over: nothing more can be added. */
const CLOSED_CONVERSATION: readonly RequestState[] = ['draft', 'closed', 'cancelled', 'redirected', 'entered-in-error'];

export interface MessagePage {
  items: Message[];
  /** Where the next page starts (the last message's time and id); null on the last page. */
  next: PageCursor | null;
}

export interface OutgoingMessage {
  text: string;
  /** What the sender says it is; when left out, their side and the request's state decide. */
  kind?: 'question' | 'answer' | 'information' | undefined;
  inResponseTo?: string | null | undefined;
  attachments?: Attachment[] | undefined;
  /** Elements of an EHR's Communication that Liaison does not interpret. */
  preserved?: Record<string, unknown> | null | undefined;
  /** The sending system's identifiers of the message: a retry naming one already on the request is refused (conflict). */
  identifiers?: Identifier[] | undefined;
}

export class MessageService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly requests: RequestService,
  ) {}

  /**
   * Sends a message on a request. The consulting side's question to a submitted request asks for
   * information (the clock pauses); the GP's reply to a request awaiting information provides it
   * (the clock resumes); anything else, from either side while the case is open, moves nothing.
   */
  async send(actor: Actor, requestId: string, out: OutgoingMessage): Promise<Message> {
    // Each door names the field in its own words first; this keeps any new door to the same rule.
    const issues = (out.attachments ?? []).flatMap((a, i) => {
      const problem = documentUrlProblem(a.url);
      return problem ? [{ field: `attachments[${i}].url`, message: problem }] : [];
    });
    if (issues.length) throw new DomainError('invalid_input', 'An attachment address cannot be offered as a link.', { issues });
    const { request } = await this.requests.get(actor, requestId);
    const sides = sidesOf(actor, request);
    const moved = (detail: RequestDetail) => detail.messageIds![0]!;
    let id: string;
    if (sides.includes('consultant') && (out.kind === 'question' || (out.kind === undefined && request.state === 'submitted'))) {
      id = moved(await this.requests.act(actor, requestId, { action: 'request-information', question: out.text, attachments: out.attachments, preserved: out.preserved ?? undefined, identifiers: out.identifiers }, null));
    } else if (sides.includes('requester') && request.state === 'awaiting-information' && out.kind !== 'information') {
      id = moved(await this.requests.act(actor, requestId, { action: 'provide-information', answer: out.text, attachments: out.attachments, preserved: out.preserved ?? undefined, identifiers: out.identifiers }, null));
    } else {
      id = (await this.addMessage(actor, requestId, out.text, out)).id;
    }
    return (await this.find(actor, id)).message;
  }

  /** A message that moves nothing (the GP's unprompted information, a note between colleagues); the version moves on. */
  async addMessage(
    actor: Actor,
    requestId: string,
    text: string,
    options: { preserved?: Record<string, unknown> | null | undefined; inResponseTo?: string | null | undefined; attachments?: Attachment[] | undefined; identifiers?: Identifier[] | undefined } = {},
  ): Promise<Message> {
    const { result } = await this.requests.annotate(actor, requestId, null, 'add-message', async (request, now) => {
      const sides = sidesOf(actor, request);
      if (!sides.includes('requester') && !sides.includes('consultant')) {
        throw new DomainError('forbidden', 'Only the requesting practice and the consulting service write on a request.');
      }
      if (CLOSED_CONVERSATION.includes(request.state)) {
        throw new DomainError('illegal_transition', `Messages cannot be added to a ${request.state} request.`, { details: { currentState: request.state } });
      }
      const message: Message = {
        id: crypto.randomUUID(),
        requestId,
        kind: 'information',
        inResponseTo: options.inResponseTo ?? null,
        authorKind: actor.kind,
        authorId: actor.id,
        authorDisplay: actor.display,
        sentAt: now,
        text,
        attachments: options.attachments ?? [],
        preserved: options.preserved ?? null,
        identifiers: options.identifiers,
      };
      return {
        patch: {},
        detail: { messageId: message.id },
        finish: async (store) => {
          await store.messages.insert(message);
          return message;
        },
      };
    });
    return result!;
  }

  /** A message and the request it belongs to, if the actor may see that request. */
  async find(actor: Actor, id: string): Promise<{ message: Message; request: ListedRequest }> {
    const message = await this.store.messages.find(id);
    const request = message ? await this.store.requests.findVisible(message.requestId, requestScopeOf(actor)) : null;
    if (!message || !request) throw notFound('Communication');
    return { message, request };
  }

  /** The messages with this identifier the actor may see (conditional create): at most `limit`. */
  async withIdentifier(actor: Actor, identifier: { system: string | undefined; value: string }, limit: number): Promise<Message[]> {
    const found = await this.store.messages.findByIdentifier(identifier.system, identifier.value, limit * 4);
    const visible: Message[] = [];
    for (const message of found) {
      if (visible.length < limit && (await this.store.requests.findVisible(message.requestId, requestScopeOf(actor)))) visible.push(message);
    }
    return visible;
  }

  /**
   * The actor's own earlier message on a request with this very text, if any: how a replayed
   * transaction recognises the message it already posted with a request that now matched.
   */
  async sameAs(actor: Actor, requestId: string, text: string): Promise<Message | null> {
    await this.requests.get(actor, requestId);
    const thread = await this.store.messages.forRequests([requestId], null, 1000);
    return thread.find((m) => m.authorKind === actor.kind && m.authorId === actor.id && m.text === text) ?? null;
  }

  /** A page of the messages of requests the caller has already been allowed to see, oldest first. */
  async forRequests(requests: ListedRequest[], after: PageCursor | null, limit: number): Promise<MessagePage> {
    const rows = await this.store.messages.forRequests(requests.map((r) => r.id), after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, next: rows.length > limit && last ? { at: last.sentAt, id: last.id } : null };
  }
}
