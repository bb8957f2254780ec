/** One entry of a request's history: who moved it from which state to which, and what they said. */
import type { RequestState } from './lifecycle.js';

export interface RequestEvent {
  id: number;
  requestId: string;
  version: number;
  at: Date;
  actorKind: 'user' | 'client';
  actorId: string;
  actorDisplay: string;
  action: string;
  fromState: RequestState | null;
  toState: RequestState;
  detail: Record<string, unknown>;
}
