/**
 * An organisation's own FHIR server (issue 11, "Push to the EHR"): its administrator names the
 * base URL and how Liaison signs in (a static bearer token or SMART Backend Services); when a
 * request of the organisation changes status, the outbox carries a Task update to it (ehr/
 * delivers). Secrets are stored, never shown again.
 */
import type { Actor } from '../domain/actor.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { ConsultationRequest } from '../domain/request.js';
import type { EhrAuth, EhrConnection } from './ports/ehr-connections.js';
import type { NewNotification } from './ports/notifications.js';
import type { Clock, Store } from './ports/store.js';

/** What an administrator sees of the connection: no token, no key. */
export interface EhrConnectionView {
  baseUrl: string;
  auth: { kind: EhrAuth['kind']; tokenUrl?: string; clientId?: string; scope?: string };
  updatedAt: Date;
}

function requireAdministrator(actor: Actor): void {
  if (actor.kind !== 'user' || actor.role !== 'administrator') throw new DomainError('forbidden', "Only an organisation's administrators manage its EHR connection.");
}

const viewOf = (c: EhrConnection): EhrConnectionView => ({
  baseUrl: c.baseUrl,
  auth: c.auth.kind === 'bearer' ? { kind: 'bearer' } : { kind: c.auth.kind, tokenUrl: c.auth.tokenUrl, clientId: c.auth.clientId, scope: c.auth.scope },
  updatedAt: c.updatedAt,
});

export class EhrConnectionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async find(actor: Actor): Promise<EhrConnectionView> {
    requireAdministrator(actor);
    const connection = await this.store.ehrConnections.find(actor.organisationId);
    if (!connection) throw notFound('EHR connection');
    return viewOf(connection);
  }

  async save(actor: Actor, input: { baseUrl: string; auth: EhrAuth }): Promise<EhrConnectionView> {
    requireAdministrator(actor);
    const connection: EhrConnection = { organisationId: actor.organisationId, baseUrl: input.baseUrl.replace(/\/$/, ''), auth: input.auth, updatedAt: this.clock.now() };
    await this.store.ehrConnections.save(connection);
    return viewOf(connection);
  }

  async remove(actor: Actor): Promise<void> {
    requireAdministrator(actor);
    if (!(await this.store.ehrConnections.remove(actor.organisationId))) throw notFound('EHR connection');
  }
}

/**
 * The Task updates a status change sends, as outbox rows: one for the requesting practice's EHR and
 * one for the consulting service's organisation's, each where a connection is configured
 * (`connections` as `EhrConnectionsPort.ofRequest` reads them).
 */
export function ehrPushRows(connections: EhrConnection[], after: ConsultationRequest, now: Date): NewNotification<'ehr-push'>[] {
  return connections.map((c) => ({
    id: crypto.randomUUID(),
    channel: 'ehr-push',
    requestId: after.id,
    organisationId: c.organisationId,
    recipientUserId: null,
    recipient: c.baseUrl,
    payload: { kind: 'task-update', requestId: after.id, at: now.toISOString() },
    digest: false,
    dueAt: now,
    createdAt: now,
  }));
}
