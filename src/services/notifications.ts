/**
 * Notifications as people manage them: an administrator lists their organisation's dead letters
 * (or any state) and replays one; each person chooses immediate mail or a daily digest of routine news.
 */
import type { Actor } from '../domain/actor.js';
import { DomainError, notFound } from '../domain/errors.js';
import type { DeliveryPreference } from '../domain/notifications.js';
import type { Notification, NotificationState } from './ports/notifications.js';
import type { Clock, Store } from './ports/store.js';

export interface NotificationPage {
  items: Notification[];
  next: { at: Date; id: string } | null;
}

function requireAdministrator(actor: Actor): void {
  if (actor.kind !== 'user' || actor.role !== 'administrator') throw new DomainError('forbidden', "Only an organisation's administrators manage its notifications.");
}

export class NotificationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The caller's organisation's notifications in one state, newest first. */
  async list(actor: Actor, state: NotificationState, after: { at: Date; id: string } | null, limit: number): Promise<NotificationPage> {
    requireAdministrator(actor);
    const rows = await this.store.notifications.list(actor.organisationId, state, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, next: rows.length > limit && last ? { at: last.createdAt, id: last.id } : null };
  }

  /** A dead notification of the caller's organisation goes out again (attempts from zero); anything else is 404. */
  async replay(actor: Actor, id: string): Promise<void> {
    requireAdministrator(actor);
    if (!(await this.store.notifications.replay(actor.organisationId, id, this.clock.now()))) throw notFound('Dead-lettered notification');
  }

  preference(actor: Actor): Promise<DeliveryPreference> {
    return this.store.notifications.preferenceOf(actor.id);
  }

  async setPreference(actor: Actor, routine: DeliveryPreference): Promise<void> {
    await this.store.notifications.setPreference(actor.id, routine);
  }
}
