/** Where a system client's published keys are fetched from (its jwks_uri); src/ehr/jwks-source.ts over HTTP. */
export interface KeySource {
  /** The JWKS at `uri`; throws when it cannot be fetched or is not a JWKS. */
  fetchJwks(uri: string): Promise<{ keys: unknown[] }>;
}
