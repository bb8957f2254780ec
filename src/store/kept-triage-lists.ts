/**
 * Triage lists kept while nothing changes (kept-until-change.ts). A psychiatrist's queue is
 * polled far more often than any request in it changes, but its order moves with the clock (a
 * paused clock's time left is frozen, so it runs out at the list's moment plus what it had left):
 * a page cannot be kept, only what orders it. So the whole list is read once — each open
 * request's id, stamp, risk, urgency, due time, pause and submission, by the same partial index
 * the page's statement walks — and each page is cut from it in triage order at its moment, after
 * its cursor, exactly as the statement would (triage-order.ts: the same key, compared the same
 * way; timestamps are written to the millisecond). A list is read whole when it is asked for a
 * second time with no change heard in between (reading a regional service's 800 open requests
 * costs PostgreSQL about five pages' worth): until then, and for a list longer than MOST_KEPT,
 * pages are read from PostgreSQL as before; a list too long is not read whole again for a minute.
 */
import { and, fillPlaceholders, sql, type Query, type SQL } from 'drizzle-orm';
import type { RequestState } from '../domain/lifecycle.js';
import { LeastRecentlyUsed } from '../services/least-recently-used.js';
import type { TriageList, TriagePageRequest, TriagePosition } from '../services/queries.js';
import { queryOf, runQuery } from './built-once.js';
import type { Database } from './database.js';
import type { KeptUntilChange } from './kept-until-change.js';
import { triageListConditions } from './request-conditions.js';
import { consultationRequests as requests } from './schema.js';
import { triageKey, URGENCY } from './triage-order.js';

/** The longest list kept: cutting a page from it costs a sort of all of it in the instance. */
export const MOST_KEPT = 1000;

/** A request of a triage list: its order's parts that do not move with the clock, and its stamp. */
export interface ListEntry {
  readonly id: string;
  readonly stamp: string;
  readonly notAtRisk: boolean;
  readonly urgency: number;
  /** Milliseconds since the epoch; null: none. */
  readonly dueAt: number | null;
  readonly pausedAt: number | null;
  readonly submittedAt: number | null;
}

export type KeptTriageLists = KeptUntilChange<readonly ListEntry[]>;

/** Lists found too long to keep, and until when they are not read whole again (changes do not end this). */
const tooLong = new LeastRecentlyUsed<string, number>(500);
const TOO_LONG_MS = 60_000;

/** For each holder of kept lists: the count at which each list was last asked for and not kept. */
const askedAt = new WeakMap<KeptTriageLists, LeastRecentlyUsed<string, number>>();

/**
 * The page of a triage list as its statement would give it (ids and stamps, in order): from the
 * kept list, or the list read whole and kept. Undefined when the list is too long to keep.
 */
export async function keptTriagePage(db: Database, kept: KeptTriageLists, list: TriageList, states: readonly RequestState[], page: TriagePageRequest, stamp: SQL): Promise<{ id: string; stamp: string }[] | undefined> {
  const key = JSON.stringify([list, states]);
  let entries = kept.at(key);
  if (!entries) {
    const now = Date.now();
    if ((tooLong.get(key) ?? 0) > now) return undefined;
    const since = kept.since();
    if (since === null) return undefined;
    // Read whole only when asked again before anything changed: a list that changes between every
    // two polls (a busy network) is read a page at a time, which costs PostgreSQL far less.
    let asked = askedAt.get(kept);
    if (!asked) askedAt.set(kept, (asked = new LeastRecentlyUsed(1000)));
    if (asked.get(key) !== since) {
      asked.set(key, since);
      return undefined;
    }
    const read = await readList(db, list, states, stamp);
    if (read.length > MOST_KEPT) {
      tooLong.set(key, now + TOO_LONG_MS);
      return undefined;
    }
    entries = kept.keep(key, since, read);
  }
  return pageOf(entries, page);
}

/** Where a request stands in triage order at a moment: the key of triage-order.ts, as numbers. */
type Position = [notAtRisk: number, urgency: number, runsOutAt: number, submittedAt: number, id: string];

function positionAt(entry: ListEntry, asOf: number): Position {
  const runsOutAt = entry.dueAt === null ? Infinity : entry.pausedAt === null ? entry.dueAt : asOf + (entry.dueAt - entry.pausedAt);
  return [entry.notAtRisk ? 1 : 0, entry.urgency, runsOutAt, entry.submittedAt ?? -Infinity, entry.id];
}

function positionAfter(after: TriagePosition): Position {
  return [after.atRisk ? 0 : 1, URGENCY[after.priority], after.runsOutAt?.getTime() ?? Infinity, after.submittedAt?.getTime() ?? -Infinity, after.id];
}

/** As PostgreSQL compares the key's row: booleans false first, numbers and instants ascending, uuids by their bytes (their lower-case text). */
function compare(a: Position, b: Position): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  return a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0;
}

function pageOf(entries: readonly ListEntry[], { asOf, after, limit }: TriagePageRequest): { id: string; stamp: string }[] {
  const at = asOf.getTime();
  const from = after ? positionAfter(after) : undefined;
  const placed: { entry: ListEntry; position: Position }[] = [];
  for (const entry of entries) {
    const position = positionAt(entry, at);
    if (!from || compare(position, from) > 0) placed.push({ entry, position });
  }
  placed.sort((a, b) => compare(a.position, b.position));
  return placed.slice(0, limit).map(({ entry }) => ({ id: entry.id, stamp: entry.stamp }));
}

/** The statement reading a whole list, built once for each list and states (one more than MOST_KEPT at most). */
const builtLists = new LeastRecentlyUsed<string, Query>(500);

async function readList(db: Database, list: TriageList, states: readonly RequestState[], stamp: SQL): Promise<ListEntry[]> {
  const shape = JSON.stringify([list, states]);
  let query = builtLists.get(shape);
  if (!query) {
    // The parts of the triage key that do not depend on the moment, as the page's statement writes them.
    const [notAtRisk, urgency] = triageKey(sql.placeholder('asOf'));
    const where: (SQL | undefined)[] = triageListConditions(list, states);
    const epochMs = (column: typeof requests.dueAt) => sql<number | null>`(extract(epoch from ${column}) * 1000)::float8`;
    const rows = db
      .select({
        id: requests.id,
        stamp: stamp.as('stamp'),
        notAtRisk: sql<boolean>`${notAtRisk}`.as('not_at_risk'),
        urgency: sql<number>`${urgency}`.as('urgency'),
        dueAt: epochMs(requests.dueAt).as('due_ms'),
        pausedAt: epochMs(requests.clockPausedAt).as('paused_ms'),
        submittedAt: epochMs(requests.submittedAt).as('submitted_ms'),
      })
      .from(requests)
      .where(and(...where))
      .limit(MOST_KEPT + 1);
    query = queryOf(db, rows);
    builtLists.set(shape, query);
  }
  const rows = await runQuery<{ id: string; stamp: string; not_at_risk: boolean; urgency: number; due_ms: number | null; paused_ms: number | null; submitted_ms: number | null }>(db, { sql: query.sql, params: fillPlaceholders(query.params, {}) });
  return rows.map((r) => ({ id: r.id, stamp: r.stamp, notAtRisk: r.not_at_risk, urgency: Number(r.urgency), dueAt: numberOrNull(r.due_ms), pausedAt: numberOrNull(r.paused_ms), submittedAt: numberOrNull(r.submitted_ms) }));
}

const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));
