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
  /**
   * Seconds a caller (who they are, their role, services and scopes) is remembered between calls;
   * changes made through this instance's administration are seen at once, others within this time.
   * 0 or unset: read on every call.
   */
  callerCacheSeconds?: number | undefined;
  /**
   * How many FHIR renderings of requests an instance keeps for searches (src/fhir/renderings.ts),
   * the least recently used going first; DEFAULT_FHIR_RENDERINGS when unset, 0 keeps none.
   */
  fhirRenderings?: number | undefined;
  /** Log a line per request (method, route pattern, status, duration); errors are always logged. */
  requestLog?: boolean | undefined;
  /** FHIR subscriptions may name http and private-address endpoints (LIAISON_ALLOW_LOCAL_HOOKS; development only). */
  allowLocalHooks?: boolean | undefined;
  /** Believe the CF-Connecting-IP header: only on Workers, where Cloudflare sets it. */
  trustCloudflareAddress?: boolean;
  /** The web app for clinicians (src/web/): how people sign in and how long a session idles. */
  web?: WebConfig | undefined;
}

/** About 3 KB each: a few megabytes, enough for the open requests a busy service's EHRs poll. */
export const DEFAULT_FHIR_RENDERINGS = 2000;

/** How people sign in to the web app. */
export interface WebConfig {
  /** Production mode: demo sign-in is never offered, whatever demoUsers says. */
  production: boolean;
  /** The seeded demo people's e-mail addresses: a demo sign-in page lists them (development with demo data only). */
  demoUsers?: string[] | undefined;
  /** The organisation's OpenID Connect provider (authorization code with PKCE). */
  oidc?: OidcConfig | undefined;
  /** Minutes without a request after which a session ends. */
  sessionIdleMinutes: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** A claim holding a professional identifier (e.g. a national provider number), matched under identifierSystem. */
  identifierClaim?: string | undefined;
  identifierSystem?: string | undefined;
}
