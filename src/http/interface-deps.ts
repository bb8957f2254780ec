/** What app.ts hands every interface it mounts (JSON API, FHIR, token endpoint), built once per app. */
import type { MiddlewareHandler } from 'hono';
import type { TokenSigner } from '../auth/tokens.js';
import type { AppConfig } from '../config/app-config.js';
import type { AppEnv } from './context.js';

export interface InterfaceDeps {
  config: AppConfig;
  /** Signs and verifies bearer tokens for this deployment. */
  signer: TokenSigner;
  /**
   * The budgets (rate-limit.ts) the JSON API and FHIR share: one per network address, before
   * authentication (bad tokens count too), then one per caller; and the token endpoint's own
   * per network address.
   */
  budgets: { perAddress: MiddlewareHandler<AppEnv>; perCaller: MiddlewareHandler<AppEnv>; tokenPerAddress: MiddlewareHandler<AppEnv> };
  /** Where log lines go (route patterns and failure kinds, never URLs, bodies or patient data). */
  log?: Log | undefined;
}

/** What a log line may carry besides its text: route patterns, methods, statuses, durations. */
export type LogFields = Record<string, string | number>;

/** Where log lines go: the text, and the same facts as fields for a structured log. */
export type Log = (line: string, fields?: LogFields) => void;
