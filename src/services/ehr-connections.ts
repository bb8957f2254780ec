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

/** The sign-in as an administrator sends it: the secret may be left out to keep the saved one. */
export type EhrAuthInput =
  | { kind: 'bearer'; token?: string | undefined }
  | (Omit<Extract<EhrAuth, { kind: 'smart-backend-services' }>, 'privateJwk'> & { privateJwk?: Record<string, unknown> | undefined });

const unprocessable = (field: string, message: string) => new DomainError('unprocessable', message, { issues: [{ field, message }] });

/** The secret sent, or the one saved for the same kind of sign-in; a private key must be one. */
function withSecret(auth: EhrAuthInput, saved: EhrAuth | undefined): EhrAuth {
  if (auth.kind === 'bearer') {
    const token = auth.token ?? (saved?.kind === 'bearer' ? saved.token : undefined);
    if (!token) throw unprocessable('auth.token', 'Give the bearer token Liaison sends to the EHR.');
    return { kind: 'bearer', token };
  }
  const privateJwk = auth.privateJwk ?? (saved?.kind === 'smart-backend-services' ? saved.privateJwk : undefined);
  if (!privateJwk) throw unprocessable('auth.privateJwk', 'Give the private key (a JWK) Liaison signs its client assertions with.');
  if (!('d' in privateJwk) || (privateJwk.kty !== 'EC' && privateJwk.kty !== 'RSA')) throw unprocessable('auth.privateJwk', 'This needs an EC (ES384) or RSA (RS384) private key as a JWK, with its "d".');
  return { ...auth, privateJwk };
}

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

  /**
   * Sets the connection. A secret left out (the token, the private key) keeps the one saved for
   * the same kind of sign-in; `readAt` (the `updatedAt` the caller read, null for none) refuses a
   * change made on a stale read (412).
   */
  async save(actor: Actor, input: { baseUrl: string; auth: EhrAuthInput }, readAt?: Date | null): Promise<EhrConnectionView> {
    requireAdministrator(actor);
    return this.store.transaction(async (tx) => {
      const current = await tx.ehrConnections.find(actor.organisationId);
      if (readAt !== undefined && (current?.updatedAt.getTime() ?? null) !== (readAt?.getTime() ?? null)) {
        throw new DomainError('precondition_failed', 'Someone changed the EHR connection since you read it: read it again.');
      }
      // Each save is later than the one before, so a read's updatedAt names one save.
      const updatedAt = new Date(Math.max(this.clock.now().getTime(), (current?.updatedAt.getTime() ?? 0) + 1));
      const connection: EhrConnection = { organisationId: actor.organisationId, baseUrl: input.baseUrl.replace(/\/$/, ''), auth: withSecret(input.auth, current?.auth), updatedAt };
      await tx.ehrConnections.save(connection);
      return viewOf(connection);
    });
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
