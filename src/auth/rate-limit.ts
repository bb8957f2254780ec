/**
 * A per-caller request budget (fixed one-minute windows), so one runaway client cannot starve
 * the others: over budget is a 429 with Retry-After. Counted in this process's memory; on
 * Workers that is per isolate, so add Cloudflare's rate-limiting rules in front for a hard cap.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { DomainError } from '../domain/errors.js';

const WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

/**
 * Who is calling: the signed-in person or system; before sign-in (the token endpoint) the
 * network address Cloudflare or the Node server saw.
 */
function callerKey(c: Context<AppEnv>): string {
  const actor = c.var.actor as AppEnv['Variables']['actor'] | undefined;
  if (actor) return `${actor.kind}:${actor.id}`;
  const node = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return `address:${c.req.header('CF-Connecting-IP') ?? node ?? 'unknown'}`;
}

export function rateLimit(perMinute: number): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    if (perMinute > 0) {
      const now = Date.now();
      const key = callerKey(c);
      let window = windows.get(key);
      if (!window || now - window.start >= WINDOW_MS) {
        if (windows.size >= MAX_TRACKED) for (const [k, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(k);
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count > perMinute) {
        const retryAfter = Math.ceil((window.start + WINDOW_MS - now) / 1000);
        throw new DomainError('throttled', `More than ${perMinute} requests a minute; try again in ${retryAfter} s.`, { details: { retryAfterSeconds: retryAfter } });
      }
    }
    await next();
  };
}
