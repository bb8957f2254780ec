/**
 * What an instance read from PostgreSQL, kept while nothing it was read from has changed: an EHR
 * polling its search, a GP's list reloaded, a psychiatrist's queue polled ask the same again and
 * again, and between two changes PostgreSQL can only answer the same way. What was read is kept
 * under its key at the count of changes heard when its statement was sent (request-changes.ts);
 * it is handed out again only while the count has not moved, and for at most `keepMs`. A change
 * committed while the statement ran moves the count before the answer comes back, so nothing is
 * kept at a count it does not reflect.
 *
 * Search pages (request-pages.ts) keep their ids and stamps; triage lists (kept-triage-lists.ts)
 * what orders them. Only what may already lag a write elsewhere uses it — searches may read a
 * replica — and the triage lists, whose writes all go through an instance's checks of the row's
 * version: reads right after a write (conditional creates, a request's own page) ask PostgreSQL.
 */
import { LeastRecentlyUsed } from '../services/least-recently-used.js';
import type { RequestChanges } from './request-changes.js';

/** At most this long, whatever was heard: a bound on what is kept past a change nobody announced. */
const KEEP_MS = 30_000;

export class KeptUntilChange<V extends object> {
  private readonly kept: LeastRecentlyUsed<string, { count: number; until: number; value: V }>;

  constructor(
    private readonly changes: RequestChanges,
    most: number,
    private readonly keepMs = KEEP_MS,
  ) {
    this.kept = new LeastRecentlyUsed(Math.max(most, 1));
  }

  /** The count to keep a value at: read before its statement is sent. */
  since(): number | null {
    return this.changes.current();
  }

  /** What is kept under this key, if nothing has changed since it was read. */
  at(key: string, now = Date.now()): V | undefined {
    const found = this.kept.get(key);
    if (!found) return undefined;
    if (found.count === this.changes.current() && now < found.until) return found.value;
    this.kept.delete(key);
    return undefined;
  }

  /** Keeps what was read at count `since` (frozen, with its elements), unless something has changed since. */
  keep(key: string, since: number | null, value: V, now = Date.now()): V {
    if (since === null || since !== this.changes.current()) return value;
    if (Array.isArray(value)) for (const element of value) Object.freeze(element);
    this.kept.set(key, { count: since, until: now + this.keepMs, value: Object.freeze(value) });
    return value;
  }
}

/** A search page's ids, each with the moment it is sorted by and its stamp. */
export interface PageIds {
  readonly id: string;
  readonly at: Date;
  readonly stamp?: string | undefined;
}

export type SearchPages = KeptUntilChange<readonly PageIds[]>;
