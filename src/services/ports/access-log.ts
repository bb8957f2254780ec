/** The access log repository. */
import type { AccessRecord, Disclosure } from '../../domain/access-record.js';

export interface AccessLogPort {
  /** Writes the row and the requests it disclosed in one statement. */
  record(entry: AccessRecord): Promise<void>;
  /** Every call that disclosed this request, oldest first (served by an index on the request). */
  disclosuresOf(requestId: string): Promise<Disclosure[]>;
}
