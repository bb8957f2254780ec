/** The access log's entities: one row per call, and the calls that disclosed a request. */
export interface AccessRecord {
  at: Date;
  actorKind: 'user' | 'client' | 'anonymous';
  actorId: string | null;
  interaction: string;
  /** The request the route names (refused calls included): who asked for what. */
  requestId: string | null;
  status: number;
  /**
   * Every request whose data the response carried: who saw what. A successful call carries the
   * request it names (the store records that through `requestId` alone).
   */
  disclosed: string[];
}

/** Whether a call succeeded: only then did its answer carry data (and the request it names). */
export const succeeded = (status: number): boolean => status >= 200 && status < 300;

/** One call that disclosed a request, for "who looked at this request?". */
export interface Disclosure {
  accessId: number;
  at: Date;
  actorKind: AccessRecord['actorKind'];
  actorId: string | null;
  interaction: string;
  status: number;
}

/** One row of the access log as the privacy officer reads it: who (with their name), what, through which door, the answer. */
export interface AuditEntry {
  id: number;
  at: Date;
  actorKind: AccessRecord['actorKind'];
  actorId: string | null;
  /** The person's or system's name, when Liaison knows them. */
  actorName: string | null;
  interaction: string;
  /** The request the route named, if any. */
  requestId: string | null;
  status: number;
  /** Whether the response carried the asked-about request's data (a read, a list or search that showed it). */
  disclosed: boolean;
}

/** Which interface a call came through, read off its route pattern. */
export function interfaceOf(interaction: string): 'json-api' | 'fhir' | 'token' | 'other' {
  const path = interaction.split(' ')[1] ?? '';
  return path.startsWith('/api') ? 'json-api' : path.startsWith('/fhir') ? 'fhir' : path.startsWith('/auth') ? 'token' : 'other';
}

/** What the privacy officer asks about: one request, one user or client, or everyone of the organisation in a period. */
export type AuditQuery =
  | { kind: 'request'; requestId: string; from?: Date | undefined; to?: Date | undefined }
  | { kind: 'actor'; actorId: string; from?: Date | undefined; to?: Date | undefined }
  | { kind: 'organisation'; organisationId: string; from?: Date | undefined; to?: Date | undefined };

/** Refused calls of nobody identified (401, a flooded address's 429), counted per minute and route. */
export interface RefusalCount {
  windowStart: Date;
  interaction: string;
  status: number;
  calls: number;
}
