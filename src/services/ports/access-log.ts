/** The access log repository. */
import type { AccessRecord, AuditEntry, AuditQuery, Disclosure, RefusalCount } from '../../domain/access-record.js';

export interface AccessLogPort {
  /** Writes the row and the requests it disclosed in one statement. */
  record(entry: AccessRecord): Promise<void>;
  /** Every call that disclosed this request, oldest first (served by an index on the request). */
  disclosuresOf(requestId: string): Promise<Disclosure[]>;
  /** Audit rows for the query, oldest first, `limit` after the row id `after`. */
  entries(query: AuditQuery, after: number | null, limit: number): Promise<AuditEntry[]>;
  /** The organisations a request belongs to: the requesting practice and the consulting service's provider. */
  organisationsOfRequest(requestId: string): Promise<string[]>;
  /** The id of the request with this reference (LSN-…), if any (served by its unique index). */
  requestIdOfReference(reference: string): Promise<string | null>;
  /** The organisation of a user or system client, by id. */
  organisationOfActor(actorId: string): Promise<string | null>;
  /** Adds refused unauthenticated calls to their per-minute counters. */
  countRefusals(counts: RefusalCount[]): Promise<void>;
  refusals(from: Date, to: Date): Promise<RefusalCount[]>;
  /** Deletes what is older than `before` (the retention job; the app's own role may not). */
  prune(before: Date): Promise<{ calls: number; refusals: number }>;
}
