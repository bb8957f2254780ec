/**
 * The privacy officer's answers (issue 12): who saw or changed a request, what a user or system
 * opened, what the organisation's people did in a period — from the access log, which holds ids
 * and outcomes only. Asked by an organisation's administrators and privacy officers, about what
 * is theirs: a request their practice made or their service received, their own people and
 * systems. Anything else is a 404, as elsewhere.
 */
import type { Actor } from '../domain/actor.js';
import type { AuditEntry, AuditQuery, RefusalCount } from '../domain/access-record.js';
import { DomainError } from '../domain/errors.js';
import type { Clock, Store } from './ports/store.js';

const AUDITORS: readonly string[] = ['administrator', 'privacy-officer'];

/** The most rows a CSV export carries in one answer; a longer period is exported in parts. */
export const MOST_EXPORTED = 10_000;

export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private auditor(actor: Actor): void {
    if (actor.kind !== 'user' || !AUDITORS.includes(actor.role)) throw new DomainError('forbidden', 'Only administrators and privacy officers read the access log.');
  }

  /** Checks that the caller may ask this question; answers 404 for what is not their organisation's. */
  private async allowed(actor: Actor, query: AuditQuery): Promise<void> {
    this.auditor(actor);
    const log = this.store.accessLog;
    const theirs =
      query.kind === 'request' ? (await log.organisationsOfRequest(query.requestId)).includes(actor.organisationId)
      : query.kind === 'actor' ? (await log.organisationOfActor(query.actorId)) === actor.organisationId
      : query.organisationId === actor.organisationId;
    if (!theirs) throw new DomainError('not_found', `${query.kind === 'request' ? 'Consultation request' : query.kind === 'actor' ? 'User or system client' : 'Organisation'} not found.`);
  }

  /** A page of the answer, oldest first; `after` is the last row id of the previous page. */
  private theirOrganisation(actor: Actor, organisationId: string): void {
    this.auditor(actor);
    if (organisationId !== actor.organisationId) throw new DomainError('not_found', 'Organisation not found.');
  }

  async entries(actor: Actor, organisationId: string, query: AuditQuery, after: number | null, limit: number): Promise<AuditEntry[]> {
    this.theirOrganisation(actor, organisationId);
    await this.allowed(actor, query);
    return this.store.accessLog.entries(query, after, limit);
  }

  /**
   * The id of the request a reference (LSN-…, what clinicians and mails name it by) names, to ask
   * who saw it: only a request of the caller's organisation; anything else is a 404, as by id.
   */
  async requestIdOf(actor: Actor, organisationId: string, reference: string): Promise<string> {
    this.theirOrganisation(actor, organisationId);
    const id = await this.store.accessLog.requestIdOfReference(reference.toUpperCase());
    if (!id || !(await this.store.accessLog.organisationsOfRequest(id)).includes(actor.organisationId)) throw new DomainError('not_found', 'Consultation request not found.');
    return id;
  }

  /** Refused calls of nobody identified, counted per minute and route (platform-wide: they name no one). */
  async refusals(actor: Actor, organisationId: string, from: Date, to: Date): Promise<RefusalCount[]> {
    this.theirOrganisation(actor, organisationId);
    return this.store.accessLog.refusals(from, to);
  }

  /** The retention job (npm run audit:prune): what is older than `days` days goes. */
  prune(days: number): Promise<{ calls: number; refusals: number }> {
    return this.store.accessLog.prune(new Date(this.clock.now().getTime() - days * 86_400_000));
  }
}
