/** What the app itself needs to run, whichever runtime it runs on: the entries build it from the environment. */
export interface AppConfig {
  publicUrl: string | undefined;
  signingKey: string;
  tokenTtlMinutes: number;
  maxBodyBytes: number;
  /** Requests a minute per caller before 429; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Requests a minute per network address, before authentication; 10 × rateLimitPerMinute by default. */
  addressRateLimitPerMinute?: number | undefined;
  /** Log a line per request (method, route pattern, status, duration); errors are always logged. */
  requestLog?: boolean | undefined;
  /** FHIR subscriptions may name http and private-address endpoints (LIAISON_ALLOW_LOCAL_HOOKS; development only). */
  allowLocalHooks?: boolean | undefined;
  /** Believe the CF-Connecting-IP header: only on Workers, where Cloudflare sets it. */
  trustCloudflareAddress?: boolean;
}
