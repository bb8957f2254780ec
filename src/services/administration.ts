/**
 * Administration (issue 12): an organisation's administrators manage their own organisation —
 * its settings, consulting services, people and system clients — and nothing else. The order of
 * refusals is fixed: not an administrator (403), another organisation's or no such thing (404),
 * If-Match missing (428) or stale (412), then the rules (409, 422). Each change is one
 * transaction that writes the entity, moves its version and records the change.
 */
import type { Actor } from '../domain/actor.js';
import type { AdministeredEntity, AdministrationChange } from '../domain/administration.js';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import type { AdministrationPort } from './ports/administration.js';
import type { Clock, Store } from './ports/store.js';

/** Who makes a change: an administrator through the API, or the platform operator at the command line. */
export type ChangeAuthor = { kind: 'user'; actor: Actor } | { kind: 'operator' };

/** What a change decided, under the row lock: the fields to set, and how the log names it. */
export interface Decided {
  action: string;
  fields: Record<string, unknown>;
  /** Work beside the row's own columns (a team, identifiers, a profile), in the same transaction. */
  also?: (port: AdministrationPort) => Promise<void>;
  /** What `also` set, for the log. */
  logged?: Record<string, unknown>;
}

const ENTITY_NAMES: Record<AdministeredEntity, string> = { organisation: 'Organisation', service: 'Consulting service', user: 'User', client: 'System client' };

export const unprocessable = (message: string, issues: FieldIssue[]): DomainError => new DomainError('unprocessable', message, { issues });

/** The guard and the change machinery every administration use case shares. */
export class AdministrationCore {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
    /** Told after each change is stored: who callers are may have changed (services/caller-cache.ts). */
    private readonly directoryChanged: () => void = () => {},
  ) {}

  /** Only administrators administer: clinicians, privacy officers and systems are refused (403). */
  administrator(actor: Actor): void {
    if (actor.kind !== 'user' || actor.role !== 'administrator') throw new DomainError('forbidden', 'Only an administrator of the organisation may do this.');
  }

  /** Another organisation, or nothing at all: the same 404, so ids of other organisations do not leak. */
  own<T extends { organisationId: string }>(actor: Actor, entity: AdministeredEntity, found: T | null): T {
    this.administrator(actor);
    if (!found || found.organisationId !== actor.organisationId) throw new DomainError('not_found', `${ENTITY_NAMES[entity]} not found.`);
    return found;
  }

  ownOrganisation(actor: Actor, organisationId: string): void {
    this.own(actor, 'organisation', { organisationId });
  }

  /**
   * Changes one entity: locks it, checks its organisation and the version the caller read, asks
   * `decide` what to set, writes it with the next version and records the change.
   */
  async change<T extends { organisationId: string; version: number }>(
    author: ChangeAuthor,
    entity: AdministeredEntity,
    id: string,
    expectedVersion: number | null,
    load: (port: AdministrationPort) => Promise<T | null>,
    decide: (current: T, store: Store) => Promise<Decided>,
  ): Promise<void> {
    await this.store.transaction(async (tx) => {
      const found = await load(tx.administration);
      const current = author.kind === 'user' ? this.own(author.actor, entity, found) : found;
      if (!current) throw new DomainError('not_found', `${ENTITY_NAMES[entity]} not found.`);
      if (expectedVersion === null) throw new DomainError('precondition_required', 'Changes need If-Match with the ETag you read (W/"n").');
      if (expectedVersion !== current.version) throw new DomainError('precondition_failed', 'Someone changed this since you read it: read it again.', { details: { currentVersion: current.version } });
      const decided = await decide(current, tx);
      // Version moves on whatever changed (the team or identifiers live in other tables).
      const version = await tx.administration.update(entity as 'user', id, decided.fields);
      await decided.also?.(tx.administration);
      await tx.administration.record(this.entry(author, current.organisationId, entity, id, decided.action, version, { ...decided.fields, ...decided.logged }));
    });
    this.directoryChanged();
  }

  /** Creates one entity and records it, in one transaction. */
  async create(author: ChangeAuthor, organisationId: string, entity: AdministeredEntity, id: string, write: (store: Store) => Promise<Record<string, unknown>>): Promise<void> {
    await this.store.transaction(async (tx) => {
      const written = await write(tx);
      await tx.administration.record(this.entry(author, organisationId, entity, id, 'create', 1, written));
    });
    // A new service's team works in it from now on.
    this.directoryChanged();
  }

  private entry(author: ChangeAuthor, organisationId: string, entity: AdministeredEntity, entityId: string, action: string, version: number, changes: Record<string, unknown>): AdministrationChange {
    return {
      at: this.clock.now(),
      actorKind: author.kind,
      actorId: author.kind === 'user' ? author.actor.id : null,
      organisationId,
      entity,
      entityId,
      action,
      version,
      // Keys are never logged here: a key set is named by its key ids.
      changes: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, k === 'jwks' && v ? { kids: ((v as { keys: { kid?: string }[] }).keys ?? []).map((key) => key.kid ?? null) } : v])),
    };
  }
}
