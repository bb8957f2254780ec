/**
 * Request budgets (fixed one-minute windows), so one runaway client cannot starve the others:
 * over budget is a 429 with Retry-After. Two kinds: per network address, before anyone is
 * identified (so floods of missing or invalid tokens are limited too), and per signed-in person
 * or system. Who counts is handed in (`Counters`): this process's memory by default (one
 * process on the embedded database), PostgreSQL shared by every instance (shared-budgets.ts),
 * or Cloudflare's rate-limiting binding on Workers (cloudflare-budgets.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppConfig } from '../config/app-config.js';
import type { AppEnv } from './context.js';
import type { InterfaceDeps } from './interface-deps.js';
import { DomainError } from '../domain/errors.js';

const WINDOW_MS = 60_000;
export const MAX_TRACKED = 10_000;

/** Counts the calls of one budget, per key. */
export interface CallCounter {
  /** Counts one call of `key`; the seconds to wait when it is over budget, otherwise undefined. `env` is the runtime's (bindings on Workers). */
  take(key: string, env: unknown): number | undefined | Promise<number | undefined>;
}

/**
 * The budgets: per network address at the JSON API and FHIR, per caller, and per network
 * address at the token endpoint (as strict as the caller's).
 */
export type BudgetName = 'address' | 'caller' | 'token-address';

/** Makes the counter of one budget. */
export type Counters = (budget: BudgetName, perMinute: number) => CallCounter;

/** Counted in this process's memory: one budget table per budget. */
export const localCounters: Counters = (_budget, perMinute) => {
  const counted = new Budget(perMinute);
  return { take: (key) => counted.take(key) };
};

/** One budget per key; remembers at most `maxTracked` keys, forgetting the oldest windows first. */
export class Budget {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly perMinute: number,
    private readonly maxTracked = MAX_TRACKED,
  ) {}

  /** Counts one call; the seconds to wait when it is over budget, otherwise undefined. */
  take(key: string, now = Date.now()): number | undefined {
    let window = this.windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      // Re-inserted at each new window, so the map's order is the windows' age: the first is the oldest.
      this.windows.delete(key);
      while (this.windows.size >= this.maxTracked) this.windows.delete(this.windows.keys().next().value!);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.perMinute ? Math.ceil((window.start + WINDOW_MS - now) / 1000) : undefined;
  }

  /** How many keys are remembered now. */
  get tracked(): number {
    return this.windows.size;
  }
}

/**
 * The network address the call came from: the Node server's socket, or on Workers the
 * CF-Connecting-IP header Cloudflare sets (anywhere else a client could send any value). An
 * IPv6 address counts as its /64, which one subscriber usually holds whole.
 */
function addressOf(c: Context<AppEnv>, trustCloudflare: boolean): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  const address = (trustCloudflare ? c.req.header('CF-Connecting-IP') : undefined) ?? socket;
  return address ? networkOf(address) : 'unknown';
}

export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back] : front;
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
}

function throttled(perMinute: number, retryAfter: number): DomainError {
  return new DomainError('throttled', `More than ${perMinute} requests a minute; try again in ${retryAfter} s.`, { details: { retryAfterSeconds: retryAfter } });
}

/** A budget per network address, for use before authentication; 0 turns it off. */
function addressRateLimit(perMinute: number, counter: CallCounter, trustCloudflare: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const retryAfter = perMinute > 0 ? await counter.take(`address:${addressOf(c, trustCloudflare)}`, c.env) : undefined;
    if (retryAfter !== undefined) throw throttled(perMinute, retryAfter);
    await next();
  };
}

/** A budget per signed-in person or system, for use after authentication; 0 turns it off. */
function callerRateLimit(perMinute: number, counter: CallCounter): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor') as AppEnv['Variables']['actor'] | undefined;
    const retryAfter = perMinute > 0 && actor ? await counter.take(`${actor.kind}:${actor.id}`, c.env) : undefined;
    if (retryAfter !== undefined) throw throttled(perMinute, retryAfter);
    await next();
  };
}

/**
 * Every budget of the app, built once: per network address (10 × the caller's unless set) and per
 * caller, which the JSON API and FHIR share, and per network address at the token endpoint.
 */
export function budgetsOf(
  config: Pick<AppConfig, 'rateLimitPerMinute' | 'addressRateLimitPerMinute' | 'trustCloudflareAddress'>,
  counters: Counters = localCounters,
): InterfaceDeps['budgets'] {
  const { rateLimitPerMinute, addressRateLimitPerMinute, trustCloudflareAddress = false } = config;
  const perAddress = addressRateLimitPerMinute ?? rateLimitPerMinute * 10;
  return {
    perAddress: addressRateLimit(perAddress, counters('address', perAddress), trustCloudflareAddress),
    perCaller: callerRateLimit(rateLimitPerMinute, counters('caller', rateLimitPerMinute)),
    tokenPerAddress: addressRateLimit(rateLimitPerMinute, counters('token-address', rateLimitPerMinute), trustCloudflareAddress),
  };
}
