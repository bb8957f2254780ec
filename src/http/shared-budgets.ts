/**
 * Rate-limit budgets shared by every instance of Liaison on one PostgreSQL, without a database
 * round trip on the request path. Each instance counts a call at once in its own memory and
 * refuses it when the key's total across instances, as last read, plus its own calls not yet
 * shared, reaches the budget. While there are calls to share, every `flushMs` (100 ms) it adds
 * them per key in one statement (insert … on conflict do update … returning), which answers each
 * key's total across instances; windows that ended are deleted about once a minute.
 *
 * Slack: an instance learns of the other instances' calls only when it next shares its own, so a
 * key may get up to one flush interval's calls (plus those made while a flush is on its way) per
 * instance beyond the budget — at 1 200 a minute about two calls per instance; a flood is refused
 * from its first interval on. One instance alone never lets more than the budget through. Windows
 * are the clock's minutes, so the instances' clocks must agree (NTP). Keys are stored as a digest
 * keyed with the signing key: no person's id or network address is written.
 */
import type { CallCount, CallCountsPort } from '../services/ports/call-counts.js';
import { describeFailure } from './failure-description.js';
import { MAX_TRACKED, type Counters } from './rate-limit.js';

const WINDOW_MS = 60_000;
export const FLUSH_MS = 100;

/** One key's calls in one window: the shared total last read, calls on their way, calls not yet sent. */
interface Tally {
  window: number;
  shared: number;
  sending: number;
  pending: number;
}

export interface SharedBudgetOptions {
  /** Keys the digests of the budget keys (the signing key: the same on every instance). */
  secret: string;
  /** Where a failure to share the counts is reported, at most once a minute. */
  log?: ((line: string) => void) | undefined;
  flushMs?: number;
  maxTracked?: number;
  now?: () => number;
}

export class SharedBudgets {
  private readonly tallies = new Map<string, Tally>();
  private readonly digests = new Map<string, string>();
  private readonly hmac: ReturnType<typeof crypto.subtle.importKey>;
  private readonly flushMs: number;
  private readonly maxTracked: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | undefined;
  private forgotten = 0;
  private reported = 0;

  constructor(
    private readonly counts: CallCountsPort,
    private readonly options: SharedBudgetOptions,
  ) {
    this.flushMs = options.flushMs ?? FLUSH_MS;
    this.maxTracked = options.maxTracked ?? MAX_TRACKED;
    this.now = options.now ?? Date.now;
    this.hmac = crypto.subtle.importKey('raw', new TextEncoder().encode(options.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  }

  /** The counters for createApp: each budget's keys kept apart by the budget's name. */
  readonly counters: Counters = (budget, perMinute) => ({ take: (key) => this.take(`${budget}:${key}`, perMinute) });

  /** Counts one call; the seconds to wait when the shared budget is spent, otherwise undefined. */
  take(key: string, perMinute: number, now = this.now()): number | undefined {
    const window = now - (now % WINDOW_MS);
    let tally = this.tallies.get(key);
    if (!tally || tally.window !== window) {
      // Re-inserted at each new window, so the map's order is the windows' age: the first is the
      // oldest. A past window's calls not yet sent are dropped: nobody counts that window any more.
      this.tallies.delete(key);
      while (this.tallies.size >= this.maxTracked) this.tallies.delete(this.tallies.keys().next().value!);
      tally = { window, shared: 0, sending: 0, pending: 0 };
      this.tallies.set(key, tally);
    }
    if (tally.shared + tally.sending + tally.pending >= perMinute) return Math.ceil((window + WINDOW_MS - now) / 1000);
    tally.pending += 1;
    this.schedule();
    return undefined;
  }

  /** Shares the calls not yet sent (the timer does this; tests and shutdown call it directly). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.send().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  /** Stops the timer after sharing what is left. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      void this.flush().finally(() => {
        this.timer = undefined;
        if ([...this.tallies.values()].some((t) => t.pending > 0)) this.schedule();
      });
    }, this.flushMs);
    // Never keeps a Node process alive on its own (workerd's timers have no unref).
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async send(): Promise<void> {
    const now = this.now();
    const current = now - (now % WINDOW_MS);
    const batch: { name: string; tally: Tally }[] = [];
    for (const [name, tally] of this.tallies) {
      if (tally.window < current) this.tallies.delete(name);
      else if (tally.pending > 0) {
        tally.sending = tally.pending;
        tally.pending = 0;
        batch.push({ name, tally });
      }
    }
    try {
      if (batch.length) {
        const counts: CallCount[] = [];
        for (const { name, tally } of batch) counts.push({ key: await this.digest(name), windowStart: new Date(tally.window), calls: tally.sending });
        const totals = new Map((await this.counts.add(counts)).map((t) => [t.key, t.calls]));
        batch.forEach(({ tally }, i) => {
          tally.shared = totals.get(counts[i]!.key) ?? tally.shared + tally.sending;
          tally.sending = 0;
        });
      }
      if (now - this.forgotten >= WINDOW_MS) {
        this.forgotten = now;
        await this.counts.forgetBefore(new Date(current - WINDOW_MS));
      }
    } catch (err) {
      // Sent again with the next flush; meanwhile this process goes on counting on its own.
      for (const { tally } of batch) {
        tally.pending += tally.sending;
        tally.sending = 0;
      }
      if (now - this.reported >= WINDOW_MS) {
        this.reported = now;
        this.options.log?.(`Rate-limit counts could not be shared with the other instances (${describeFailure(err as Error)}); counting in this process until they can.`);
      }
    }
  }

  /** A budget key as stored: HMAC-SHA-256 under the signing key, base64url, 128 bits. */
  private async digest(key: string): Promise<string> {
    let digest = this.digests.get(key);
    if (digest === undefined) {
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await this.hmac, new TextEncoder().encode(key)));
      digest = btoa(String.fromCharCode(...mac.subarray(0, 16))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
      if (this.digests.size >= this.maxTracked) this.digests.delete(this.digests.keys().next().value!);
      this.digests.set(key, digest);
    }
    return digest;
  }
}
