/** Consultation requests and their history. Every query here is served by an index. */
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { RequestState } from '../domain/lifecycle.js';
import type { ConsultationRequest } from '../domain/request.js';
import { nextResourceVersions, resourceVersionsOf, type VersionedResource } from '../domain/resource-versions.js';
import type { AccessScope } from '../domain/access.js';
import type { RequestEvent } from '../domain/request-event.js';
import type { RequestsPort } from '../services/ports/requests.js';
import type { RequestSort, ListedRequest, PageCursor, RequestFilters, RequestRows, Reuse, StampedRequest, TriageList, TriagePageRequest, VersionWindow } from '../services/queries.js';
import type { Database } from './database.js';
import { filterConditions, scopeCondition, stateIn } from './request-conditions.js';
import { HeldRequests, listed, listPage, listPageReusing, selectWithNames, triagePage } from './request-pages.js';
import { toDomain, toRow, type RequestRow } from './request-rows.js';
import type { SearchPages } from './kept-until-change.js';
import type { KeptTriageLists } from './kept-triage-lists.js';
import { DomainError } from '../domain/errors.js';
import { allInOrder } from '../services/all-in-order.js';
import { builtOnce, idArray, insertRows, updateRow } from './built-once.js';
import { consultationRequests as requests, requestEvents, requestIdentifiers, requestVersions } from './schema.js';

/** The advisory-lock namespace (first key of the two-key form) of clinicians' calendars. */
const CALENDAR_LOCKS = 0x4c534e31;

/** Every write's first statement, in its own transaction each time: built once (store/built-once.ts). */
const lockRequest = builtOnce<{ id: string }, RequestRow[]>('lock_request', (db) => db.select().from(requests).where(eq(requests.id, sql.placeholder('id'))).for('update'));

/** Requests the lists keep (a few kilobytes each): a service's whole open queue, many times over. */
const HELD_REQUESTS = 2000;

export class RequestRepository implements RequestsPort {
  private visibleQuery: ReturnType<RequestRepository['preparedVisible']> | undefined;
  private eventsQuery: ReturnType<RequestRepository['preparedEvents']> | undefined;
  /** What the lists and triage lists read, kept by stamp (request-pages.ts). */
  private readonly held: HeldRequests;
  /** Search pages kept while nothing has changed (kept-until-change.ts): on the repository searches use, when changes are heard. */
  private readonly pages: SearchPages | undefined;
  /** Triage lists kept while nothing has changed (kept-triage-lists.ts), when changes are heard. */
  private readonly lists: KeptTriageLists | undefined;

  /** `shares`: another repository on the same database, whose kept requests this one shares. */
  constructor(
    private readonly db: Database,
    options: { pages?: SearchPages | undefined; lists?: KeptTriageLists | undefined; shares?: RequestRepository | undefined } = {},
  ) {
    this.held = options.shares?.held ?? new HeldRequests(HELD_REQUESTS);
    this.pages = options.pages;
    this.lists = options.lists;
  }

  private preparedVisible() {
    return selectWithNames(this.db)
      .where(
        and(
          eq(requests.id, sql.placeholder('id')),
          // scopeCondition, with the services as one array: one statement for every caller.
          or(
            eq(requests.organisationId, sql.placeholder('organisationId')),
            and(sql`${requests.serviceId} = any(${sql.placeholder('serviceIds')}::uuid[])`, isNotNull(requests.submittedAt)),
          ),
        ),
      )
      .prepare('visible_request');
  }

  private preparedEvents() {
    return this.db.select().from(requestEvents).where(eq(requestEvents.requestId, sql.placeholder('requestId'))).orderBy(asc(requestEvents.id)).prepare('request_events');
  }

  /** The most asked query of all (every read and write): its SQL is built once per repository. */
  async findVisible(id: string, scope: AccessScope): Promise<ListedRequest | null> {
    this.visibleQuery ??= this.preparedVisible();
    const [found] = await this.visibleQuery.execute({ id, organisationId: scope.organisationId, serviceIds: idArray(scope.serviceIds) });
    return found ? listed(found) : null;
  }

  /** Locks the row for the rest of the transaction: concurrent moves on one request queue up. */
  async lock(id: string): Promise<ConsultationRequest | null> {
    const [row] = await lockRequest(this.db, { id });
    return row ? toDomain(row) : null;
  }

  /**
   * Inserts a request, then its first version snapshot, its identifiers and its first events
   * sent together: inside a transaction postgres.js pipelines them (one round trip, not three;
   * PGlite runs them in turn). They wait for the request's row, which their foreign keys need:
   * drizzle does not send statements in the order they were started.
   */
  async insert(request: ConsultationRequest, events: Omit<RequestEvent, 'id'>[]): Promise<void> {
    await insertRows(this.db, requests, [toRow(request)]);
    await allInOrder([this.writeIdentifiers(request, true), this.snapshot(request), this.appendEvent(...events)]);
  }

  /** Updates a request, keeping the new version's snapshot and its identifiers in step. */
  async update(changed: ConsultationRequest, previous: ConsultationRequest): Promise<void> {
    const request = { ...changed, resourceVersions: nextResourceVersions(previous, changed) };
    const { id: _id, ...row } = toRow(request);
    const identifiersChanged = JSON.stringify(previous.identifiers) !== JSON.stringify(request.identifiers);
    // Sent together (pipelined in the caller's transaction, which holds the row): the row, its
    // identifiers when they changed, and the version snapshot.
    await allInOrder([updateRow(this.db, requests, requests.id, request.id, row), identifiersChanged ? this.writeIdentifiers(request, false) : Promise.resolve(), this.snapshot(request)]);
  }

  async findIdsByIdentifier(organisationId: string, system: string, value: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: requestIdentifiers.requestId })
      .from(requestIdentifiers)
      .where(and(eq(requestIdentifiers.organisationId, organisationId), eq(requestIdentifiers.system, system), eq(requestIdentifiers.value, value)));
    return rows.map((r) => r.id);
  }

  /**
   * Version `version` of the request (`resource` undefined) or of one of its FHIR resources: the
   * first snapshot that had it (later snapshots with the same resource version show it alike).
   */
  async version(id: string, version: number, resource?: VersionedResource): Promise<ConsultationRequest | null> {
    const [row] = await this.db
      .select({ snapshot: requestVersions.snapshot })
      .from(requestVersions)
      .where(and(eq(requestVersions.requestId, id), sql`${versionOf(resource)} = ${version}`))
      .orderBy(asc(requestVersions.version))
      .limit(1);
    return row ? withVersions(row.snapshot) : null;
  }

  async versions(id: string, page: { before: number | null; limit: number; submittedOnly: boolean; window?: VersionWindow | undefined; resource?: VersionedResource | undefined }) {
    // Snapshots keep the domain's JSON: a version from before submission has submittedAt null.
    const shown = and(
      eq(requestVersions.requestId, id),
      page.submittedOnly ? sql`${requestVersions.snapshot}->>'submittedAt' is not null` : undefined,
      // The window is on when the resource's version began (every snapshot of a version shares it).
      page.window?.since ? sql`${beganAt(page.resource)} >= ${page.window.since.toISOString()}::timestamptz` : undefined,
      page.window?.until ? sql`${beganAt(page.resource)} < ${page.window.until.toISOString()}::timestamptz` : undefined,
    );
    const numbered = versionOf(page.resource);
    // One row per version of the resource: its first snapshot. The request's rows are few (primary key prefix).
    const rows = await this.db
      .selectDistinctOn([numbered], { snapshot: requestVersions.snapshot })
      .from(requestVersions)
      .where(and(shown, page.before === null ? undefined : sql`${numbered} < ${page.before}`))
      .orderBy(desc(numbered), asc(requestVersions.version))
      .limit(page.limit);
    const [counted] = await this.db.select({ total: sql<number>`count(distinct ${numbered})::int` }).from(requestVersions).where(shown);
    return { versions: rows.map((r) => withVersions(r.snapshot)), total: Number(counted?.total ?? 0) };
  }

  private async snapshot(request: ConsultationRequest): Promise<void> {
    await insertRows(this.db, requestVersions, [{ requestId: request.id, version: request.version, at: new Date(request.updatedAt), snapshot: request }]);
  }

  private async writeIdentifiers(request: ConsultationRequest, fresh: boolean): Promise<void> {
    if (!fresh) await this.db.delete(requestIdentifiers).where(eq(requestIdentifiers.requestId, request.id));
    if (request.identifiers.length === 0) return;
    try {
      await insertRows(
        this.db,
        requestIdentifiers,
        request.identifiers.map((i) => ({ requestId: request.id, organisationId: request.organisationId, system: i.system, value: i.value })),
      );
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DomainError('conflict', 'Another request of your organisation already has this identifier.', {
          issues: [{ field: 'identifiers', message: 'Identifiers must be unique within the requesting organisation.' }],
        });
      }
      throw err;
    }
  }

  async nextReference(): Promise<string> {
    const result = await this.db.execute<{ n: string }>(sql`select nextval('request_reference_seq')::text as n`);
    const rows = (Array.isArray(result) ? result : (result as { rows: { n: string }[] }).rows) as { n: string }[];
    return `LSN-${rows[0]!.n.padStart(6, '0')}`;
  }

  list(scope: AccessScope, filters: RequestFilters, after: PageCursor | null, limit: number, sort: RequestSort = 'updated-desc', rows: RequestRows = 'whole'): Promise<ListedRequest[]> {
    return listPage(this.db, scope, filters, { after, limit, sort }, rows, this.held, this.pages);
  }

  listReusing(scope: AccessScope, filters: RequestFilters, page: { after: PageCursor | null; limit: number; sort: RequestSort }, reuse: Reuse): Promise<{ entries: StampedRequest[]; more: boolean }> {
    return listPageReusing(this.db, scope, filters, page, reuse, this.pages);
  }

  async count(scope: AccessScope, filters: RequestFilters): Promise<number> {
    const [row] = await this.db.select({ total: count() }).from(requests).where(and(scopeCondition(scope), ...filterConditions(filters)));
    return Number(row?.total ?? 0);
  }

  async inServices(serviceIds: string[], states: readonly RequestState[]): Promise<ListedRequest[]> {
    if (serviceIds.length === 0) return [];
    const rows = await selectWithNames(this.db).where(and(inArray(requests.serviceId, serviceIds), stateIn(states)));
    return rows.map(listed);
  }

  /** One page of a triage list (store/request-pages.ts). */
  inTriageOrder(list: TriageList, states: readonly RequestState[], page: TriagePageRequest, rows: RequestRows = 'whole'): Promise<ListedRequest[]> {
    return triagePage(this.db, list, states, page, rows, this.held, this.lists);
  }

  async submittedBetween(serviceId: string, from: Date, to: Date): Promise<ConsultationRequest[]> {
    const rows = await this.db
      .select()
      .from(requests)
      .where(and(eq(requests.serviceId, serviceId), gte(requests.submittedAt, from), lt(requests.submittedAt, to)));
    return rows.map(toDomain);
  }

  async eventsOf(requestIds: string[]): Promise<RequestEvent[]> {
    if (requestIds.length === 0) return [];
    return this.db.select().from(requestEvents).where(inArray(requestEvents.requestId, requestIds)).orderBy(asc(requestEvents.id));
  }

  async bookedFor(userId: string, from: Date, to: Date) {
    const rows = await this.db
      .select({ id: requests.id, appointment: requests.appointment })
      .from(requests)
      .where(
        and(
          stateIn(['scheduled']),
          or(eq(requests.assigneeId, userId), eq(requests.requesterId, userId)),
          // Appointments are stored as ISO instants in UTC, which compare as text.
          sql`${requests.appointment}->>'start' < ${to.toISOString()}`,
          sql`${requests.appointment}->>'end' > ${from.toISOString()}`,
        ),
      );
    return rows.map((r) => ({ requestId: r.id, start: new Date(String(r.appointment?.start)), end: new Date(String(r.appointment?.end)) }));
  }

  async lockCalendarsOf(userIds: string[]): Promise<void> {
    // A transaction-scoped advisory lock per person, taken in one order so two bookings that
    // share both people cannot deadlock; the request row's lock covers only its own request.
    for (const id of [...new Set(userIds)].sort()) {
      await this.db.execute(sql`select pg_advisory_xact_lock(${CALENDAR_LOCKS}, hashtext(${id}))`);
    }
  }

  async appendEvent(...events: Omit<RequestEvent, 'id'>[]): Promise<void> {
    // One multi-row insert: the ids follow the order of the rows, and the timeline is ordered by id.
    await insertRows(this.db, requestEvents, events);
  }

  async events(requestId: string): Promise<RequestEvent[]> {
    this.eventsQuery ??= this.preparedEvents();
    return this.eventsQuery.execute({ requestId });
  }
}

/** Each resource's key in a snapshot's resourceVersions, as SQL literals. */
const VERSION_KEY: Record<VersionedResource, SQL> = { serviceRequest: sql.raw(`'serviceRequest'`), task: sql.raw(`'task'`), carePlan: sql.raw(`'carePlan'`), appointment: sql.raw(`'appointment'`) };

/** The version number a snapshot has as the request or as one of its resources (older snapshots: the request's). */
function versionOf(resource: VersionedResource | undefined): SQL {
  if (!resource) return sql`${requestVersions.version}`;
  // A literal key (one of the fixed names), so DISTINCT ON and ORDER BY see the same expression.
  return sql`coalesce((${requestVersions.snapshot}->'resourceVersions'->${VERSION_KEY[resource]}->>'version')::int, ${requestVersions.version})`;
}

/** When the version a snapshot has as the request or as one of its resources began (older snapshots: the row's time). */
function beganAt(resource: VersionedResource | undefined): SQL {
  if (!resource) return sql`${requestVersions.at}`;
  return sql`coalesce((${requestVersions.snapshot}->'resourceVersions'->${VERSION_KEY[resource]}->>'at')::timestamptz, ${requestVersions.at})`;
}

/** A snapshot from before resource versions existed counts each at the request's version. */
function withVersions(snapshot: ConsultationRequest): ConsultationRequest {
  return { ...snapshot, taskPreserved: snapshot.taskPreserved ?? null, proposedTimes: snapshot.proposedTimes ?? null, resourceVersions: resourceVersionsOf(snapshot) };
}

/** PostgreSQL's unique_violation, as postgres.js and PGlite (possibly wrapped by drizzle) report it. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
