/** Consultation requests and their history. Every query here is served by an index. */
import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ConsultationRequest } from '../domain/request.js';
import type {
  AccessScope,
  ListedRequest,
  PageCursor,
  RequestEvent,
  RequestFilters,
  RequestNames,
  RequestsPort,
} from '../services/ports.js';
import type { Database } from './database.js';
import { toDomain, toRow } from './request-rows.js';
import { consultationRequests as requests, consultingServices, requestEvents, users } from './schema.js';

const requester = alias(users, 'requester');
const assignee = alias(users, 'assignee');

export class RequestRepository implements RequestsPort {
  constructor(private readonly db: Database) {}

  private selectWithNames() {
    return this.db
      .select({
        row: requests,
        requesterName: requester.name,
        serviceName: consultingServices.name,
        assigneeName: assignee.name,
      })
      .from(requests)
      .innerJoin(requester, eq(requester.id, requests.requesterId))
      .innerJoin(consultingServices, eq(consultingServices.id, requests.serviceId))
      .leftJoin(assignee, eq(assignee.id, requests.assigneeId));
  }

  async findVisible(id: string, scope: AccessScope): Promise<ListedRequest | null> {
    const [found] = await this.selectWithNames().where(and(eq(requests.id, id), scopeCondition(scope)));
    return found ? { ...toDomain(found.row), ...names(found) } : null;
  }

  /** Locks the row for the rest of the transaction: concurrent moves on one request queue up. */
  async lock(id: string): Promise<ConsultationRequest | null> {
    const [row] = await this.db.select().from(requests).where(eq(requests.id, id)).for('update');
    return row ? toDomain(row) : null;
  }

  async insert(request: ConsultationRequest): Promise<void> {
    await this.db.insert(requests).values(toRow(request));
  }

  async update(request: ConsultationRequest): Promise<void> {
    const { id: _id, ...row } = toRow(request);
    await this.db.update(requests).set(row).where(eq(requests.id, request.id));
  }

  async nextReference(): Promise<string> {
    const result = await this.db.execute<{ n: string }>(sql`select nextval('request_reference_seq')::text as n`);
    const rows = (Array.isArray(result) ? result : (result as { rows: { n: string }[] }).rows) as { n: string }[];
    return `LSN-${rows[0]!.n.padStart(6, '0')}`;
  }

  async list(scope: AccessScope, filters: RequestFilters, after: PageCursor | null, limit: number): Promise<ListedRequest[]> {
    const conditions: (SQL | undefined)[] = [scopeCondition(scope)];
    if (filters.states?.length) conditions.push(inArray(requests.state, filters.states));
    if (filters.priorities?.length) conditions.push(inArray(requests.priority, filters.priorities));
    if (filters.requesterId) conditions.push(eq(requests.requesterId, filters.requesterId));
    if (filters.serviceId) conditions.push(eq(requests.serviceId, filters.serviceId));
    if (filters.assigneeId) conditions.push(eq(requests.assigneeId, filters.assigneeId));
    if (filters.patient) {
      conditions.push(eq(requests.patientIdentifierSystem, filters.patient.system));
      conditions.push(eq(requests.patientIdentifierValue, filters.patient.value));
    }
    if (filters.updatedSince) conditions.push(gt(requests.updatedAt, filters.updatedSince));
    if (after) {
      conditions.push(
        or(lt(requests.updatedAt, after.updatedAt), and(eq(requests.updatedAt, after.updatedAt), lt(requests.id, after.id))),
      );
    }
    const rows = await this.selectWithNames()
      .where(and(...conditions))
      .orderBy(desc(requests.updatedAt), desc(requests.id))
      .limit(limit);
    return rows.map((found) => ({ ...toDomain(found.row), ...names(found) }));
  }

  async appendEvent(event: Omit<RequestEvent, 'id'>): Promise<void> {
    await this.db.insert(requestEvents).values(event);
  }

  async events(requestId: string): Promise<RequestEvent[]> {
    return this.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId)).orderBy(asc(requestEvents.id));
  }
}

function scopeCondition(scope: AccessScope): SQL {
  const own = eq(requests.organisationId, scope.organisationId);
  return scope.serviceIds.length ? (or(own, inArray(requests.serviceId, scope.serviceIds)) as SQL) : own;
}

function names(found: { requesterName: string; serviceName: string; assigneeName: string | null }): RequestNames {
  return { requesterName: found.requesterName, serviceName: found.serviceName, assigneeName: found.assigneeName };
}
