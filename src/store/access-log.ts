/**
 * The access log: one row per call, with the requests it disclosed. Calls that finish while an
 * earlier write is still on its way are written together in the next statement (group commit):
 * each call still waits until its own row is stored, but sixteen concurrent calls cost one round
 * trip, not sixteen. A call on an idle server is written at once.
 *
 * A successful call discloses the request its route names through the row's `request_id`. The
 * other requests it carried (a list, a search, a queue) are a disclosed set: named by a digest of
 * the UTC day and the sorted ids, written with its requests the first time that day, and only
 * named by each later call that carries the same ones — a queue polled all day writes one row a
 * poll, not one per request shown.
 */
import { asc, sql } from 'drizzle-orm';
import { succeeded, type AccessRecord, type AuditQuery, type Disclosure, type RefusalCount } from '../domain/access-record.js';
import * as audit from './audit-queries.js';
import { disclosed, utcDay } from './disclosed-sets.js';
import type { AccessLogPort } from '../services/ports/access-log.js';
import type { Database } from './database.js';
import { accessLog, disclosedSetRequests, disclosedSets } from './schema.js';

/** Rows written by one statement at most. */
const MOST_PER_STATEMENT = 500;

/**
 * A row as the write statement reads it: the call's UTC day and the other requests it carried,
 * sorted and comma-separated (null when none), from which PostgreSQL makes the set's id — the
 * first 16 bytes of SHA-256 over "<day>:<ids>" as a UUID, as drizzle/0022 did for the
 * disclosures it converted.
 */
function asRow({ disclosed, ...record }: AccessRecord) {
  // A successful call discloses the request it names (the row's request_id says so); any other keeps it in its set.
  const named = succeeded(record.status) ? record.requestId?.toLowerCase() : undefined;
  const others = disclosed.filter((id) => id !== named).sort();
  return { ...record, at: record.at.toISOString(), day: utcDay(record.at), others: others.length ? others.join(',') : null };
}

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
   * The rows, their disclosed sets and the sets' requests, in one statement with one parameter
   * (the rows as JSON, whatever their number). Ids are drawn first (the CTE is evaluated once). A
   * set already written is left as it is (its id is its content); a set two writers add at once
   * is written by the first, the second waiting for it — in the order of their ids, so that two
   * instances adding the same sets never wait for each other both ways. The ids are UUIDs,
   * checked where they were collected.
   */
  private async write(records: AccessRecord[]): Promise<void> {
    const rows = JSON.stringify(records.map(asRow));
    await this.db.execute(sql`
      with input as (
        select nextval(pg_get_serial_sequence('access_log', 'id')) as id, t.*,
          encode(substr(sha256(convert_to(t."day" || ':' || t."others", 'UTF8')), 1, 16), 'hex')::uuid as set_id
        from jsonb_to_recordset(${rows}::jsonb) as t("at" timestamptz, "actorKind" text, "actorId" text, "interaction" text, "requestId" uuid, "status" smallint, "day" text, "others" text)
      ),
      new_sets as (
        insert into ${disclosedSets} (id, day)
        select distinct set_id, "day"::date from input where set_id is not null
        order by set_id
        on conflict do nothing
        returning id
      ),
      new_requests as (
        insert into ${disclosedSetRequests} (set_id, request_id)
        select distinct input.set_id, listed.id::uuid
        from new_sets join input on input.set_id = new_sets.id, unnest(string_to_array(input."others", ',')) as listed(id)
      )
      insert into ${accessLog} (id, at, actor_kind, actor_id, interaction, request_id, status, disclosed_set)
      select id, "at", "actorKind", "actorId", "interaction", "requestId", "status", set_id from input`);
  }

  /** Every call that disclosed the request, oldest first. */
  async disclosuresOf(requestId: string): Promise<Disclosure[]> {
    return this.db
      .select({ accessId: accessLog.id, at: accessLog.at, actorKind: accessLog.actorKind, actorId: accessLog.actorId, interaction: accessLog.interaction, status: accessLog.status })
      .from(accessLog)
      .where(disclosed(requestId))
      .orderBy(asc(accessLog.id));
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
