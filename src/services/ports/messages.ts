/** The messages repository. */
import type { Message, MessageKind } from '../../domain/message.js';
import type { PageCursor } from '../queries.js';

export interface MessagesPort {
  /** Fails with `conflict` when the request already has a message with one of its identifiers. */
  insert(message: Message): Promise<void>;
  /** Messages with this identifier (any system when `system` is undefined), on any request: at most `limit`. */
  findByIdentifier(system: string | undefined, value: string, limit: number): Promise<Message[]>;
  find(id: string): Promise<Message | null>;
  /** A page of the messages of these requests, oldest first (sent, id), after `after`: one query however many requests. */
  forRequests(requestIds: string[], after: PageCursor | null, limit: number): Promise<Message[]>;
  latest(requestId: string, kind: MessageKind): Promise<Message | null>;
}
