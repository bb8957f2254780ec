/**
 * Delivers the outbox at least once (issue 11): claims due notifications (FOR UPDATE SKIP LOCKED,
 * leased, so several dispatchers never take the same row and a crashed one's rows come back),
 * hands each to its transport, and settles it: sent, retried with exponential backoff, or dead
 * after the last attempt (an administrator replays it). Runs inside `npm start` and as
 * `npm run dispatcher`; any number may run at once.
 */
import { afterFailure, CLAIM_LEASE_MS, DEFAULT_MAX_ATTEMPTS, type DeliveryFailure } from '../domain/delivery.js';
import type { Channel, Notification, NotificationsPort } from '../services/ports/notifications.js';
import type { Clock } from '../services/ports/store.js';

/** A failed delivery: `permanent` when trying again cannot help (an SMTP 5xx, a 4xx of an endpoint). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Delivers one message: a notification, or a recipient's digest of several. Throws DeliveryError (or anything: temporary). */
export interface Transport<C extends Channel = Channel> {
  channel: C;
  deliver(group: Notification<C>[]): Promise<void>;
}

export interface DispatcherOptions<C extends Channel> {
  notifications: NotificationsPort;
  transport: Transport<C>;
  clock: Clock;
  log?: ((line: string, fields?: Record<string, string | number>) => void) | undefined;
  batchSize?: number;
  maxAttempts?: number;
  leaseMs?: number;
  /** How long to wait when nothing was due. */
  idleMs?: number;
}

/** One mail per notification, but a recipient's digest notifications due together go as one. */
export function groupsOf<N extends Notification>(batch: N[]): N[][] {
  const digests = new Map<string, N[]>();
  const groups: N[][] = [];
  for (const n of batch) {
    if (!n.digest) groups.push([n]);
    else {
      const group = digests.get(n.recipient) ?? [];
      if (group.length === 0) groups.push(group);
      group.push(n);
      digests.set(n.recipient, group);
    }
  }
  return groups;
}

export class Dispatcher<C extends Channel = Channel> {
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DispatcherOptions<C>) {}

  /** Claims one batch and delivers it; how many notifications it took. */
  async runOnce(): Promise<number> {
    const { notifications, transport, clock } = this.options;
    const batch = await notifications.claim(transport.channel, clock.now(), this.options.batchSize ?? 20, this.options.leaseMs ?? CLAIM_LEASE_MS);
    for (const group of groupsOf(batch)) await this.deliver(group);
    return batch.length;
  }

  private async deliver(group: Notification<C>[]): Promise<void> {
    const { notifications, transport, clock } = this.options;
    try {
      await transport.deliver(group);
      await notifications.markSent(group.map((n) => n.id), clock.now());
    } catch (err) {
      const failure: DeliveryFailure = { permanent: err instanceof DeliveryError && err.permanent, reason: err instanceof Error ? err.message : String(err) };
      for (const n of group) {
        const outcome = afterFailure(n.attempts, this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, failure, clock.now());
        await notifications.markFailed(n.id, failure.reason, outcome);
        // Ids and the reason only: the recipient's address and the message stay out of logs.
        this.options.log?.(`Notification ${n.id} (${n.channel}) attempt ${n.attempts} failed: ${outcome.state === 'dead' ? 'dead-lettered' : 'will retry'}`, { notification: n.id, state: outcome.state });
      }
    }
  }

  /** Delivers until stopped: at once while there is work, then every `idleMs`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      let took = 0;
      try {
        this.current = this.runOnce();
        took = (await this.current) as number;
      } catch (err) {
        this.options.log?.(`Dispatcher could not claim notifications: ${err instanceof Error ? err.constructor.name : 'error'}`);
      }
      if (this.running) this.timer = setTimeout(() => void tick(), took > 0 ? 0 : (this.options.idleMs ?? 1000));
    };
    void tick();
  }

  /** Stops after the batch in hand is settled. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.current.catch(() => {});
  }
}
