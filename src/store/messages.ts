/** Messages on requests (questions, answers, advice, outcome letters). */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { DomainError } from '../domain/errors.js';
import type { Message, MessageKind } from '../domain/message.js';
import type { MessagesPort } from '../services/ports/messages.js';
import type { PageCursor } from '../services/queries.js';
import type { Database } from './database.js';
import { isUniqueViolation } from './requests.js';
import { communicationIdentifiers, communications } from './schema.js';

export class MessageRepository implements MessagesPort {
  constructor(private readonly db: Database) {}

  async insert(message: Message): Promise<void> {
    const { identifiers = [], ...row } = message;
    await this.db.insert(communications).values(row);
    if (identifiers.length === 0) return;
    try {
      await this.db
        .insert(communicationIdentifiers)
        .values(identifiers.map((i) => ({ communicationId: message.id, requestId: message.requestId, system: i.system, value: i.value })));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw new DomainError('conflict', 'The request already has a message with this identifier.', {
        issues: [{ field: 'identifier', message: 'Identifiers of messages must be unique within a request.' }],
      });
    }
  }

  async find(id: string): Promise<Message | null> {
    const [row] = await this.db.select().from(communications).where(eq(communications.id, id));
    return row ?? null;
  }

  async findByIdentifier(system: string | undefined, value: string, limit: number): Promise<Message[]> {
    const matching = and(eq(communicationIdentifiers.value, value), system === undefined ? undefined : eq(communicationIdentifiers.system, system));
    return this.db
      .select()
      .from(communications)
      .where(inArray(communications.id, sql`(select ${communicationIdentifiers.communicationId} from ${communicationIdentifiers} where ${matching})`))
      .orderBy(asc(communications.sentAt), asc(communications.id))
      .limit(limit);
  }

  async forRequests(requestIds: string[], after: PageCursor | null, limit: number): Promise<Message[]> {
    if (requestIds.length === 0) return [];
    const beyond = after ? sql`(${communications.sentAt}, ${communications.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined;
    return this.db
      .select()
      .from(communications)
      .where(and(inArray(communications.requestId, requestIds), beyond))
      .orderBy(asc(communications.sentAt), asc(communications.id))
      .limit(limit);
  }

  async latest(requestId: string, kind: MessageKind): Promise<Message | null> {
    const [row] = await this.db
      .select()
      .from(communications)
      .where(and(eq(communications.requestId, requestId), eq(communications.kind, kind)))
      .orderBy(desc(communications.sentAt))
      .limit(1);
    return row ?? null;
  }
}
