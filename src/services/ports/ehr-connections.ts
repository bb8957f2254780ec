/** How Liaison reaches an organisation's own FHIR server to keep its copy of a request's Task current (ehr/). */

/** A static bearer token, or SMART Backend Services (client_credentials with a private_key_jwt assertion). */
export type EhrAuth =
  | { kind: 'bearer'; token: string }
  | { kind: 'smart-backend-services'; tokenUrl: string; clientId: string; scope: string; /** A private JWK (RS384 or ES384) with its `kid`. */ privateJwk: Record<string, unknown> };

export interface EhrConnection {
  organisationId: string;
  /** The EHR's FHIR base, e.g. https://ehr.example.org/fhir. */
  baseUrl: string;
  auth: EhrAuth;
  updatedAt: Date;
}

export interface EhrConnectionsPort {
  find(organisationId: string): Promise<EhrConnection | null>;
  /** The connections a request's change is pushed to: its practice's and its consulting service's organisation's (one read). */
  ofRequest(organisationId: string, serviceId: string): Promise<EhrConnection[]>;
  save(connection: EhrConnection): Promise<void>;
  remove(organisationId: string): Promise<boolean>;
}
