/** The access log's entities: one row per call, and the calls that disclosed a request. */
export interface AccessRecord {
  at: Date;
  actorKind: 'user' | 'client' | 'anonymous';
  actorId: string | null;
  interaction: string;
  /** The request the route names (refused calls included): who asked for what. */
  requestId: string | null;
  status: number;
  /** Every request whose data the response carried: who saw what. */
  disclosed: string[];
}

/** One call that disclosed a request, for "who looked at this request?". */
export interface Disclosure {
  accessId: number;
  at: Date;
  actorKind: AccessRecord['actorKind'];
  actorId: string | null;
  interaction: string;
  status: number;
}
