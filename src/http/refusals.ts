/**
 * Calls refused before anyone was identified (no or an invalid token, over an address's
 * budget) are counted here instead of written to the access log one by one, so a flood costs
 * no database writes; the count is reported in one log line at most once a minute.
 */
import type { Context } from 'hono';
import type { AppEnv } from './context.js';

/** A call that ended in a refusal (4xx) without anyone identified. */
export function refusedUnauthenticated(c: Context<AppEnv>): boolean {
  const actor = c.var.actor as AppEnv['Variables']['actor'] | undefined;
  return !actor && c.res.status >= 400 && c.res.status < 500;
}

export class RefusalTally {
  private count = 0;
  private since: Date | undefined;

  constructor(private readonly report: (line: string) => void) {}

  add(now: Date): void {
    this.since ??= now;
    this.count += 1;
  }

  /** Reports the count once a minute has passed since the first refusal counted. */
  flush(now: Date): void {
    if (!this.since || now.getTime() - this.since.getTime() < 60_000) return;
    this.report(`${this.count} unauthenticated calls refused (no or invalid token, or over an address's budget) since ${this.since.toISOString()}`);
    this.count = 0;
    this.since = undefined;
  }
}
