/**
 * How the outbox retries (issue 11, "Delivery that loses nothing"): at least once, with exponential
 * backoff — the first retry within 10 seconds, each wait doubling up to a cap — and a dead letter
 * after the last attempt, or at once when the other side refuses for good (an SMTP 5xx).
 */
export const FIRST_RETRY_MS = 5_000;
export const RETRY_CAP_MS = 60 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 8;
/** How long a claimed notification is held by its dispatcher before another may take it (a crash mid-send). */
export const CLAIM_LEASE_MS = 2 * 60_000;

export type DeliveryFailure = { permanent: boolean; reason: string };

/** The wait after the `attempts`-th failed attempt: 5 s, 10 s, 20 s, … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_CAP_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** After a failure: try again at a later time, or give up (dead letter) for an administrator to replay. */
export function afterFailure(attempts: number, maxAttempts: number, failure: DeliveryFailure, now: Date): { state: 'pending'; nextAttemptAt: Date } | { state: 'dead' } {
  if (failure.permanent || attempts >= maxAttempts) return { state: 'dead' };
  return { state: 'pending', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}
