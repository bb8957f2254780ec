/**
 * Pages of requests: a list in one of its orders, a triage list, and a list for a caller that
 * keeps what it rendered (FHIR search). Limit first, join after: a page's ids come from walks of
 * the requests' indexes, and only those rows are read whole and joined to the names (a join before
 * the limit makes PostgreSQL read, join and sort every matching request to keep a page of them).
 */
import { and, asc, desc, eq, fillPlaceholders, getTableColumns, sql, type Query, type SQL } from 'drizzle-orm';
import { alias, unionAll, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AccessScope } from '../domain/access.js';
import type { RequestState } from '../domain/lifecycle.js';
import type { ListedRequest, PageCursor, RequestFilters, RequestRows, RequestSort, Reuse, StampedRequest, TriageList, TriagePageRequest } from '../services/queries.js';
import { builtOnce, idArray, queryOf, runQuery } from './built-once.js';
import type { Database } from './database.js';
import { LeastRecentlyUsed } from '../services/least-recently-used.js';
import type { PageIds, SearchPages } from './kept-until-change.js';
import { keptTriagePage, type KeptTriageLists } from './kept-triage-lists.js';
import { KeptByStamp } from '../services/kept-by-stamp.js';
import { PLANNED_EACH_TIME, PlannedOnceBudget, withValuesWritten } from './planned-each-time.js';
import { filterConditions, scopeParts, servicesOf, triageListConditions } from './request-conditions.js';
import { toDomain, type RequestRow } from './request-rows.js';
import { consultationRequests as requests, consultingServices, users } from './schema.js';
import { positionValues, triageKey, triagePosition } from './triage-order.js';

const requester = alias(users, 'requester');
const assignee = alias(users, 'assignee');

type RowWithNames = {
  row: RequestRow;
  requesterName: string | null;
  serviceName: string;
  assigneeName: string | null;
  requesterVersion: number | null;
  serviceVersion: number;
  assigneeVersion: number | null;
};

/**
 * A request's stamp: its version and the versions of the requester, the service and the assignee
 * whose names it carries, `version.requester.service.assignee` (0: nobody). Every change of a
 * request moves its version (each version has its snapshot), and every change of a person or a
 * service moves theirs, so what was made from a request at one stamp holds while the stamp does.
 */
export const stampOf = (v: { version: number; requesterVersion: number | null; serviceVersion: number; assigneeVersion: number | null }): string =>
  `${v.version}.${v.requesterVersion ?? 0}.${v.serviceVersion}.${v.assigneeVersion ?? 0}`;

/** The same stamp computed by PostgreSQL beside a page's ids (one lookup by primary key for each name). */
const STAMP = sql<string>`concat(${requests.version}, '.', coalesce((select ${users.version} from ${users} where ${users.id} = ${requests.requesterId}), 0), '.', (select ${consultingServices.version} from ${consultingServices} where ${consultingServices.id} = ${requests.serviceId}), '.', coalesce((select ${users.version} from ${users} where ${users.id} = ${requests.assigneeId}), 0))`;

/** Requests with the names (and versions) of their requester, service and assignee: `row` whole, or without the kept elements. */
export const selectWithNames = (db: Database, row: typeof requests | ReturnType<typeof withoutKeptElements> = requests) =>
  db
    .select({
      row,
      requesterName: requester.name,
      serviceName: consultingServices.name,
      assigneeName: assignee.name,
      requesterVersion: requester.version,
      serviceVersion: consultingServices.version,
      assigneeVersion: assignee.version,
    })
    .from(requests)
    .leftJoin(requester, eq(requester.id, requests.requesterId))
    .innerJoin(consultingServices, eq(consultingServices.id, requests.serviceId))
    .leftJoin(assignee, eq(assignee.id, requests.assigneeId));

/** A page of requests by id, with their names. */
const withNamesBuilt = (name: string, row: typeof requests | ReturnType<typeof withoutKeptElements>) =>
  builtOnce<{ ids: string }, RowWithNames[]>(name, (db) => selectWithNames(db, row).where(sql`${requests.id} = any(${sql.placeholder('ids')}::uuid[])`));
const withoutKeptElements = () => ({ ...getTableColumns(requests), preserved: sql<null>`null`, taskPreserved: sql<null>`null` });
const REQUESTS_WITH_NAMES: Record<RequestRows, ReturnType<typeof withNamesBuilt>> = {
  whole: withNamesBuilt('requests_with_names', requests),
  'without-kept-elements': withNamesBuilt('request_summaries_with_names', withoutKeptElements()),
};

/**
 * A row and its names as the request a list shows: the names set on the request toDomain made
 * (copying fifty fields into a new object for three more cost a tenth of a queue page's time).
 */
export function listed(found: { row: RequestRow; requesterName: string | null; serviceName: string; assigneeName: string | null }): ListedRequest {
  const request = toDomain(found.row) as ListedRequest;
  request.requesterName = found.requesterName;
  request.serviceName = found.serviceName;
  request.assigneeName = found.assigneeName;
  return request;
}

interface PageOfList {
  after: PageCursor | null;
  limit: number;
  sort: RequestSort;
}

/**
 * A page of a list: the requests in the scope that match the filters, after the cursor, in the
 * sort's order. With `held`, the page's ids come with their stamps and only what is not held at
 * its stamp is read (see readHeld): a GP's list, reloaded, is mostly what it was.
 */
export async function listPage(db: Database, scope: AccessScope, filters: RequestFilters, page: PageOfList, rows: RequestRows, held?: HeldRequests, kept?: SearchPages): Promise<ListedRequest[]> {
  if (!held) return (await readWhole(db, await pageIds(db, scope, filters, page, false, kept), rows)).map(listed);
  return readHeld(db, (await pageIds(db, scope, filters, page, true, kept)) as readonly { id: string; stamp: string }[], rows, held);
}

/**
 * The same page, each request with its stamp: one the caller holds at that stamp (`reuse` says so)
 * is not read again (`request` null). The stamps come with the page's ids, so a page the caller
 * holds whole costs one statement; what is read is stamped as read, for the caller to keep.
 * `more` tells whether the list goes on (one id past the page is looked up, never read).
 */
export async function listPageReusing(db: Database, scope: AccessScope, filters: RequestFilters, page: PageOfList, reuse: Reuse, kept?: SearchPages): Promise<{ entries: StampedRequest[]; more: boolean }> {
  const ids = await pageIds(db, scope, filters, { ...page, limit: page.limit + 1 }, true, kept);
  const shown = ids.slice(0, page.limit);
  const wanted = new Set(shown.filter((p) => !reuse(p.id, p.stamp!)));
  const read = new Map((await readWhole(db, [...wanted], 'whole')).map((found) => [found.row.id, found]));
  const entries = shown.flatMap((p): StampedRequest[] => {
    if (!wanted.has(p)) return [{ id: p.id, at: p.at, stamp: p.stamp!, request: null }];
    const found = read.get(p.id);
    return found ? [{ id: p.id, at: p.at, stamp: stampOf({ ...found, version: found.row.version }), request: listed(found) }] : [];
  });
  return { entries, more: ids.length > page.limit };
}

type PageRow = PageIds;

/**
 * Pages asked for again with the same values (an EHR polling its search, a list reloaded): the
 * statement drizzle built the first time, text and values, run again as it was. Building a page's
 * statement (conditions, parts of the scope, the order) cost more of the server's time than
 * PostgreSQL spends running it. Each is a pure function of its key; beyond 500 the least recently
 * used goes. A lookup by identifier or id is built each time: a conditional create makes one with
 * a new identifier every time, and keeping those would push out the pages that are asked again.
 *
 * A page's first run is planned for its values (planned-each-time.ts); from its second, it runs
 * with its values written in, prepared, so PostgreSQL plans it once on each connection, for those
 * values (withValuesWritten, within the budget of PlannedOnceBudget).
 */
interface BuiltPage {
  /** The statement as drizzle built it. */
  query: Query;
  /** What is sent while it is planned each time: its values written in where they can be. */
  eachTime: Query;
  /** The statement with its values written in, once the page is asked again (null: it cannot be). */
  written?: Query | null;
}
const builtPages = new LeastRecentlyUsed<string, BuiltPage>(500);
const plannedOnce = new PlannedOnceBudget();

/** A page's ids (and stamps): kept from an earlier search while nothing has changed (kept-until-change.ts), or read. */
async function pageIds(db: Database, scope: AccessScope, filters: RequestFilters, page: PageOfList, stamped: boolean, kept?: SearchPages): Promise<readonly PageRow[]> {
  const oneOff = filters.ids !== undefined || filters.identifier !== undefined || filters.identifierSets !== undefined;
  const key = oneOff ? undefined : JSON.stringify([scope.organisationId, scope.serviceIds, filters, page, stamped]);
  const found = key === undefined ? undefined : kept?.at(key);
  if (found) return found;
  const since = kept?.since() ?? null;
  const column = page.sort.startsWith('authored') ? requests.authoredAt : requests.updatedAt;
  const query = key === undefined ? queryOf(db, pageStatement(db, scope, filters, page, stamped)) : pageQuery(db, scope, filters, page, stamped, key);
  // PostgreSQL names the columns: the sort's column is `updated_at` or `authored_at`.
  const rows = (await runQuery<Record<string, unknown>>(db, query)).map((r) => ({ id: r.id as string, at: new Date(r[column.name] as string | Date), stamp: r.stamp as string | undefined }));
  return key === undefined || !kept ? rows : kept.keep(key, since, rows);
}

/** The statement of a page asked for by its key: built, kept, or kept with its values written in (see builtPages). */
function pageQuery(db: Database, scope: AccessScope, filters: RequestFilters, page: PageOfList, stamped: boolean, key: string): Query {
  const built = builtPages.get(key);
  if (!built) {
    const query = queryOf(db, pageStatement(db, scope, filters, page, stamped));
    // A lookup is prepared as it is (pageStatement): only a page planned each time is written out.
    const eachTime = query.sql.startsWith(PLANNED_EACH_TIME) ? (withValuesWritten(query, PLANNED_EACH_TIME) ?? query) : query;
    builtPages.set(key, { query, eachTime });
    return eachTime;
  }
  if (built.written === undefined && built.eachTime !== built.query && plannedOnce.take()) built.written = withValuesWritten(built.query) ?? null;
  return built.written ?? built.eachTime;
}

function pageStatement(db: Database, scope: AccessScope, filters: RequestFilters, { after, limit, sort }: PageOfList, stamped: boolean): SQL {
  const column = sort.startsWith('authored') ? requests.authoredAt : requests.updatedAt;
  const descending = sort.endsWith('desc');
  const order = () => (descending ? [desc(column), desc(requests.id)] : [asc(column), asc(requests.id)]);
  // One row comparison, which the index walks to (`a < x or (a = x and b < y)` it only filters by).
  const beyond = after ? sql`(${column}, ${requests.id}) ${sql.raw(descending ? '<' : '>')} (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined;
  const conditions = [...filterConditions(filters), beyond];
  const fields: Record<string, AnyPgColumn | SQL.Aliased> = stamped ? { id: requests.id, at: column, stamp: STAMP.as('stamp') } : { id: requests.id, at: column };
  // Each part of the scope walks its own index in the list's order; the parts' pages merge.
  const [first, ...others] = scopeParts(scope, servicesOf(filters)).map((part) =>
    db
      .select(fields)
      .from(requests)
      .where(and(part, ...conditions))
      .orderBy(...order())
      .limit(limit),
  );
  const page = others.length ? unionAll(first!, ...(others as [typeof first & {}])).orderBy(...order()).limit(limit) : first!;
  // A lookup by identifier, patient or id is served by that index for anyone's scope: it stays
  // prepared (a conditional create makes one; planning it each time cost 0.4 ms of PostgreSQL a create).
  const lookup = filters.ids !== undefined || filters.identifier !== undefined || filters.identifierSets !== undefined || filters.patient !== undefined || filters.patients !== undefined;
  return lookup ? page.getSQL() : sql`${sql.raw(PLANNED_EACH_TIME)} ${page}`;
}

/**
 * The page's requests read whole, in the page's order, with their names and their versions. The rows'
 * statement is always the same and built once (store/built-once.ts): building it, forty-nine
 * columns and three joins, cost the server more than the second statement costs.
 */
async function readWhole(db: Database, page: readonly { id: string }[], read: RequestRows): Promise<RowWithNames[]> {
  if (page.length === 0) return [];
  const rows = await REQUESTS_WITH_NAMES[read](db, { ids: idArray(page.map((p) => p.id)) });
  const byId = new Map(rows.map((found) => [found.row.id, found]));
  return page.flatMap(({ id }) => byId.get(id) ?? []);
}

/**
 * A page of a triage list (see domain/triage.ts): risk, priority, when the time left runs out as
 * at `asOf`, submission, id — all ascending, so one row comparison continues after the cursor.
 * The partial indexes on the open queue and the open caseload bound the rows read; the order
 * itself depends on `asOf` (a paused clock's frozen time left), so it is sorted, not indexed.
 *
 * The page's ids come with their stamps: a request `held` at that stamp is not read again (a
 * psychiatrist's queue, polled, is mostly what it was), and what is read is kept there.
 *
 * Unlike a list's page, it stays prepared: whoever's list it is, one index serves it (the
 * service's open queue, or the assignee's open caseload), and the generic plan PostgreSQL settles
 * on reads the same rows as one planned for the values, on the regional million too (bench:plans).
 * Planning it each time cost PostgreSQL more than running it (0.45 of 1 ms a queue page).
 */
export async function triagePage(db: Database, list: TriageList, states: readonly RequestState[], page: TriagePageRequest, rows: RequestRows, held?: HeldRequests, kept?: KeptTriageLists): Promise<ListedRequest[]> {
  const ids = (kept && (await keptTriagePage(db, kept, list, states, page, STAMP))) ?? (await triagePageIds(db, list, states, page));
  return held ? readHeld(db, ids, rows, held) : (await readWhole(db, ids, rows)).map(listed);
}

/** A triage page's ids and stamps, from PostgreSQL. */
async function triagePageIds(db: Database, list: TriageList, states: readonly RequestState[], page: TriagePageRequest): Promise<{ id: string; stamp: string }[]> {
  const values = { asOf: page.asOf.toISOString(), limit: page.limit, ...(page.after ? positionValues(page.after) : {}) };
  const built = triageQuery(db, list, states, page.after !== null);
  return runQuery<{ id: string; stamp: string }>(db, { sql: built.sql, params: fillPlaceholders(built.params, values) });
}

/** A page's requests, in its order: those held at their stamps as held, the rest read whole (and kept). */
async function readHeld(db: Database, ids: readonly { id: string; stamp: string }[], rows: RequestRows, held: HeldRequests): Promise<ListedRequest[]> {
  const kept = ids.map(({ id, stamp }) => held.at(heldKey(rows, id), stamp));
  const read = new Map((await readWhole(db, ids.filter((_, i) => !kept[i]), rows)).map((found) => [found.row.id, found]));
  return ids.flatMap(({ id }, i) => {
    if (kept[i]) return [kept[i]];
    const found = read.get(id);
    return found ? [held.keep(heldKey(rows, id), stampOf({ ...found, version: found.row.version }), listed(found))] : [];
  });
}

/**
 * Requests read for lists and triage lists, kept by their stamp (services/kept-by-stamp.ts) under
 * `heldKey`: how much of them was read, and their id. One repository's (one database's).
 */
export class HeldRequests extends KeptByStamp<ListedRequest> {}

const heldKey = (rows: RequestRows, id: string) => `${rows}:${id}`;

/**
 * A triage list's statement, built once for each list, states and first or later page, with
 * placeholders for the moment, the size and the cursor (drizzle building it was 2.5% of a queue
 * page's time), which are its parameters; the 500 last built are kept.
 */
const builtTriagePages = new LeastRecentlyUsed<string, Query>(500);

function triageQuery(db: Database, list: TriageList, states: readonly RequestState[], continued: boolean): Query {
  const shape = JSON.stringify([list, states, continued]);
  let query = builtTriagePages.get(shape);
  if (!query) {
    const key = triageKey(sql.placeholder('asOf'));
    const where: (SQL | undefined)[] = triageListConditions(list, states);
    if (continued) where.push(sql`(${sql.join(key, sql`, `)}) > (${sql.join(triagePosition(), sql`, `)})`);
    const ids = db
      .select({ id: requests.id, stamp: STAMP.as('stamp') })
      .from(requests)
      .where(and(...where))
      .orderBy(...key)
      .limit(sql.placeholder('limit'));
    query = queryOf(db, ids);
    builtTriagePages.set(shape, query);
  }
  return query;
}
