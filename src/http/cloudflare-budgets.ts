/**
 * Rate-limit budgets on Workers: Cloudflare's rate-limiting bindings when the Worker has them
 * (wrangler.toml `[[ratelimits]]`): RATE_LIMIT_PER_CALLER for each signed-in caller and for the
 * token endpoint per network address, RATE_LIMIT_PER_ADDRESS for the JSON API and FHIR per network
 * address. Cloudflare counts them for every isolate (per Cloudflare location, approximately).
 * Without a binding each isolate counts on its own, which many isolates multiply: a warning is
 * logged once per isolate.
 *
 * A binding's own `simple.limit` applies, not LIAISON_RATE_LIMIT_PER_MINUTE (which still turns a
 * budget off at 0): keep the two the same. A binding does not say when its window ends, so
 * Retry-After is its period, 60 seconds.
 */
import { localCounters, type BudgetName, type Counters } from './rate-limit.js';

/** The binding's API (https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/). */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export const BINDING_OF: Record<BudgetName, string> = {
  address: 'RATE_LIMIT_PER_ADDRESS',
  caller: 'RATE_LIMIT_PER_CALLER',
  'token-address': 'RATE_LIMIT_PER_CALLER',
};

const PERIOD_SECONDS = 60;

function bindingIn(env: unknown, name: string): RateLimitBinding | undefined {
  const binding = (env as Record<string, unknown> | undefined)?.[name] as Partial<RateLimitBinding> | undefined;
  return typeof binding?.limit === 'function' ? (binding as RateLimitBinding) : undefined;
}

/** Counters that use the binding when the Worker's environment has it, else this isolate's memory. */
export function cloudflareCounters(log?: (line: string) => void): Counters {
  const warned = new Set<string>();
  return (budget, perMinute) => {
    const local = localCounters(budget, perMinute);
    const name = BINDING_OF[budget];
    return {
      take: async (key, env) => {
        const binding = bindingIn(env, name);
        if (binding) {
          try {
            return (await binding.limit({ key: `${budget}:${key}` })).success ? undefined : PERIOD_SECONDS;
          } catch {
            // The rate limiter did not answer: this isolate counts the call rather than failing it.
          }
        } else if (!warned.has(name)) {
          warned.add(name);
          log?.(`WARNING: no Cloudflare rate-limiting binding ${name}: the ${budget} budget is counted per isolate, so many isolates let more calls through (add [[ratelimits]] to wrangler.toml).`);
        }
        return local.take(key, env);
      },
    };
  };
}
