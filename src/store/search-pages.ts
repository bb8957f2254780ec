/**
 * Search pages kept while nothing they read has changed: an EHR polling its search, or a GP's
 * list reloaded, asks the same page again and again, and between two changes PostgreSQL can only
 * answer it the same way. A page's ids (with their stamps) are kept under its statement's key (the
 * scope, filters, cursor, size and order that build it) at the count of changes heard when its
 * statement was sent (request-changes.ts); it is handed out again only while the count has not
 * moved, and for at most `keepMs`. A change committed while the statement ran moves the count
 * before the page comes back, so the page is never kept at a count it does not reflect.
 *
 * Only searches use it, the paths that may already read a replica that lags: the reads right
 * after a write (conditional creates, a request's own page) always ask PostgreSQL.
 */
import { LeastRecentlyUsed } from '../services/least-recently-used.js';
import type { RequestChanges } from './request-changes.js';

/** At most this long, whatever was heard: a bound on a page kept past a change nobody announced. */
const KEEP_MS = 30_000;

export interface PageIds {
  readonly id: string;
  readonly at: Date;
  readonly stamp?: string | undefined;
}

export class SearchPages {
  private readonly kept: LeastRecentlyUsed<string, { count: number; until: number; rows: readonly PageIds[] }>;

  constructor(
    private readonly changes: RequestChanges,
    most: number,
    private readonly keepMs = KEEP_MS,
  ) {
    this.kept = new LeastRecentlyUsed(Math.max(most, 1));
  }

  /** The count to keep a page at: read before its statement is sent. */
  since(): number | null {
    return this.changes.current();
  }

  /** The page kept under this key, if nothing has changed since it was read. */
  at(key: string, now = Date.now()): readonly PageIds[] | undefined {
    const found = this.kept.get(key);
    if (!found) return undefined;
    if (found.count === this.changes.current() && now < found.until) return found.rows;
    this.kept.delete(key);
    return undefined;
  }

  /** Keeps a page read at count `since`, unless something has changed since. */
  keep(key: string, since: number | null, rows: PageIds[], now = Date.now()): readonly PageIds[] {
    if (since === null || since !== this.changes.current()) return rows;
    for (const row of rows) Object.freeze(row);
    this.kept.set(key, { count: since, until: now + this.keepMs, rows: Object.freeze(rows) });
    return rows;
  }
}
