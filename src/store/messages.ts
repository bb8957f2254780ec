/** Messages on requests (questions, answers, advice, outcome letters). */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Message, MessageKind, MessagesPort, PageCursor } from '../services/ports.js';
import type { Database } from './database.js';
import { communications } from './schema.js';

export class MessageRepository implements MessagesPort {
  constructor(private readonly db: Database) {}

  async insert(message: Message): Promise<void> {
    await this.db.insert(communications).values(message);
  }

  async find(id: string): Promise<Message | null> {
    const [row] = await this.db.select().from(communications).where(eq(communications.id, id));
    return row ?? null;
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
