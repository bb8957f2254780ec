/** The few FHIR R4 shapes the mappers build; full validation is done against the official definitions. */
export type Json = Record<string, unknown>;

export interface Reference {
  reference?: string;
  identifier?: { system?: string; value?: string };
  display?: string;
}

export interface Resource extends Json {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string; profile?: string[] };
}

/** Where the server is reached, for absolute URLs in Bundles and Location headers. */
export interface FhirBase {
  /** e.g. https://liaison.example.org/fhir (no trailing slash) */
  url: string;
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The array at a JSON member, or none. */
export const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** The string at a JSON member, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
