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
import { DomainError } from '../domain/errors.js';
import { consultationRequests as requests, consultingServices, requestEvents, requestIdentifiers, requestVersions, users } from './schema.js';

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

  /** Inserts a request with its first version snapshot and its identifiers. */
  async insert(request: ConsultationRequest): Promise<void> {
    await this.db.insert(requests).values(toRow(request));
    await this.writeIdentifiers(request, true);
    await this.snapshot(request);
  }

  /** Updates a request, keeping the new version's snapshot and its identifiers in step. */
  async update(request: ConsultationRequest, previous?: ConsultationRequest): Promise<void> {
    const { id: _id, ...row } = toRow(request);
    await this.db.update(requests).set(row).where(eq(requests.id, request.id));
    const identifiersChanged = !previous || JSON.stringify(previous.identifiers) !== JSON.stringify(request.identifiers);
    if (identifiersChanged) await this.writeIdentifiers(request, false);
    await this.snapshot(request);
  }

  async findIdsByIdentifier(organisationId: string, system: string, value: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: requestIdentifiers.requestId })
      .from(requestIdentifiers)
      .where(and(eq(requestIdentifiers.organisationId, organisationId), eq(requestIdentifiers.system, system), eq(requestIdentifiers.value, value)));
    return rows.map((r) => r.id);
  }

  async version(id: string, version: number): Promise<ConsultationRequest | null> {
    const [row] = await this.db
      .select({ snapshot: requestVersions.snapshot })
      .from(requestVersions)
      .where(and(eq(requestVersions.requestId, id), eq(requestVersions.version, version)));
    return row?.snapshot ?? null;
  }

  async versions(id: string): Promise<ConsultationRequest[]> {
    const rows = await this.db
      .select({ snapshot: requestVersions.snapshot })
      .from(requestVersions)
      .where(eq(requestVersions.requestId, id))
      .orderBy(desc(requestVersions.version));
    return rows.map((r) => r.snapshot);
  }

  private async snapshot(request: ConsultationRequest): Promise<void> {
    await this.db.insert(requestVersions).values({ requestId: request.id, version: request.version, at: new Date(request.updatedAt), snapshot: request });
  }

  private async writeIdentifiers(request: ConsultationRequest, fresh: boolean): Promise<void> {
    if (!fresh) await this.db.delete(requestIdentifiers).where(eq(requestIdentifiers.requestId, request.id));
    if (request.identifiers.length === 0) return;
    try {
      await this.db
        .insert(requestIdentifiers)
        .values(request.identifiers.map((i) => ({ requestId: request.id, organisationId: request.organisationId, system: i.system, value: i.value })));
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

/** PostgreSQL's unique_violation, as postgres.js and PGlite (possibly wrapped by drizzle) report it. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
