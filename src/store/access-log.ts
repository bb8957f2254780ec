/**
 * The access log: one row per call, with the requests it disclosed. Calls that finish while an
 * earlier write is still on its way are written together in the next statement (group commit):
 * each call still waits until its own row is stored, but sixteen concurrent calls cost one round
 * trip, not sixteen. A call on an idle server is written at once.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { AccessRecord, AuditQuery, Disclosure, RefusalCount } from '../domain/access-record.js';
import * as audit from './audit-queries.js';
import type { AccessLogPort } from '../services/ports/access-log.js';
import type { Database } from './database.js';
import { accessLog, accessLogRequests } from './schema.js';

/** Rows written by one statement at most. */
const MOST_PER_STATEMENT = 500;

interface Waiting {
  record: AccessRecord;
  stored: () => void;
  failed: (error: unknown) => void;
}

export class AccessLogRepository implements AccessLogPort {
  private readonly waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly db: Database) {}

  record(record: AccessRecord): Promise<void> {
    return new Promise((stored, failed) => {
      this.waiting.push({ record, stored, failed });
      if (!this.writing) void this.writeWaiting();
    });
  }

  private async writeWaiting(): Promise<void> {
    this.writing = true;
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, MOST_PER_STATEMENT);
      try {
        await this.write(batch.map((w) => w.record));
        for (const w of batch) w.stored();
      } catch (error) {
        for (const w of batch) w.failed(error);
      }
    }
    this.writing = false;
  }

  /**
   * The rows and the requests each disclosed, in one statement with one parameter (the rows as
   * JSON, whatever their number): ids are drawn first (the CTE is evaluated once), so each row's
   * disclosures name it. The disclosed ids are UUIDs, checked where they were collected.
   */
  private async write(records: AccessRecord[]): Promise<void> {
    const rows = JSON.stringify(records.map((r) => ({ ...r, at: r.at.toISOString() })));
    await this.db.execute(sql`
      with input as (
        select nextval(pg_get_serial_sequence('access_log', 'id')) as id, t.*
        from jsonb_to_recordset(${rows}::jsonb) as t("at" timestamptz, "actorKind" text, "actorId" text, "interaction" text, "requestId" uuid, "status" smallint, "disclosed" jsonb)
      ),
      written as (
        insert into ${accessLog} (id, at, actor_kind, actor_id, interaction, request_id, status)
        select id, "at", "actorKind", "actorId", "interaction", "requestId", "status" from input
      )
      insert into ${accessLogRequests} (access_id, request_id)
      select input.id, disclosed.value::uuid from input, jsonb_array_elements_text(input."disclosed") as disclosed(value)`);
  }

  async disclosuresOf(requestId: string): Promise<Disclosure[]> {
    return this.db
      .select({ accessId: accessLog.id, at: accessLog.at, actorKind: accessLog.actorKind, actorId: accessLog.actorId, interaction: accessLog.interaction, status: accessLog.status })
      .from(accessLogRequests)
      .innerJoin(accessLog, eq(accessLog.id, accessLogRequests.accessId))
      .where(eq(accessLogRequests.requestId, requestId))
      .orderBy(asc(accessLogRequests.accessId));
  }

  entries(query: AuditQuery, after: number | null, limit: number) {
    return audit.auditEntries(this.db, query, after, limit);
  }

  organisationsOfRequest(requestId: string) {
    return audit.organisationsOfRequest(this.db, requestId);
  }

  requestIdOfReference(reference: string) {
    return audit.requestIdOfReference(this.db, reference);
  }

  organisationOfActor(actorId: string) {
    return audit.organisationOfActor(this.db, actorId);
  }

  countRefusals(counts: RefusalCount[]) {
    return audit.countRefusals(this.db, counts);
  }

  refusals(from: Date, to: Date) {
    return audit.refusals(this.db, from, to);
  }

  prune(before: Date) {
    return audit.prune(this.db, before);
  }
}
