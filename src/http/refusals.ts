/**
 * Calls refused before anyone was identified (no or an invalid token, over an address's
 * budget) are counted here instead of written to the access log one by one, so a flood costs
 * no row per call: once a minute the counts go to the database per minute, route pattern and
 * status (`refused_calls`, for the privacy officer's audit) and into one log line.
 */
import type { Context } from 'hono';
import type { RefusalCount } from '../domain/access-record.js';
import type { AppEnv } from './context.js';

/** A call that ended in a refusal (4xx) without anyone identified. */
export function refusedUnauthenticated(c: Context<AppEnv>): boolean {
  const actor = c.get('actor') as AppEnv['Variables']['actor'] | undefined;
  return !actor && c.res.status >= 400 && c.res.status < 500;
}

const MINUTE = 60_000;

export class RefusalTally {
  private count = 0;
  private since: Date | undefined;
  /** Per minute, route pattern and status: bounded by the routes, whatever the flood. */
  private readonly counts = new Map<string, RefusalCount>();

  constructor(private readonly report: (line: string) => void) {}

  add(now: Date, interaction = 'unknown', status = 401): void {
    this.since ??= now;
    this.count += 1;
    const windowStart = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
    const key = `${windowStart.getTime()} ${status} ${interaction}`;
    const counted = this.counts.get(key);
    if (counted) counted.calls += 1;
    else this.counts.set(key, { windowStart, interaction, status, calls: 1 });
  }

  /** Once a minute has passed since the first refusal counted: reports it and hands over the counts to store. */
  flush(now: Date): RefusalCount[] {
    if (!this.since || now.getTime() - this.since.getTime() < MINUTE) return [];
    this.report(`${this.count} unauthenticated calls refused (no or invalid token, or over an address's budget) since ${this.since.toISOString()}`);
    this.count = 0;
    this.since = undefined;
    const counts = [...this.counts.values()];
    this.counts.clear();
    return counts;
  }
}
