/** The access log: one row per call, with the requests it disclosed, written in one statement. */
import { asc, eq, sql } from 'drizzle-orm';
import type { AccessRecord, Disclosure } from '../domain/access-record.js';
import type { AccessLogPort } from '../services/ports/access-log.js';
import type { Database } from './database.js';
import { accessLog, accessLogRequests } from './schema.js';

export class AccessLogRepository implements AccessLogPort {
  constructor(private readonly db: Database) {}

  async record({ disclosed, ...entry }: AccessRecord): Promise<void> {
    if (disclosed.length === 0) {
      await this.db.insert(accessLog).values(entry);
      return;
    }
    // One round trip however many requests a search disclosed: the row and its request ids
    // through a data-modifying CTE. The ids are UUIDs (checked where they were collected).
    const row = this.db.$with('row').as(this.db.insert(accessLog).values(entry).returning({ id: accessLog.id }));
    await this.db
      .with(row)
      .insert(accessLogRequests)
      .select(this.db.select({ accessId: row.id, requestId: sql<string>`unnest(${`{${disclosed.join(',')}}`}::uuid[])`.as('request_id') }).from(row));
  }

  async disclosuresOf(requestId: string): Promise<Disclosure[]> {
    return this.db
      .select({ accessId: accessLog.id, at: accessLog.at, actorKind: accessLog.actorKind, actorId: accessLog.actorId, interaction: accessLog.interaction, status: accessLog.status })
      .from(accessLogRequests)
      .innerJoin(accessLog, eq(accessLog.id, accessLogRequests.accessId))
      .where(eq(accessLogRequests.requestId, requestId))
      .orderBy(asc(accessLogRequests.accessId));
  }
}
