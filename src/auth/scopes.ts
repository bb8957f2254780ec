/**
 * SMART scopes for system clients (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html):
 * v2 `system/ServiceRequest.cruds` and v1 `system/ServiceRequest.read|write|*`, also with `*`
 * as the resource type. People are governed by their role and side, not by scopes. This is the
 * one check the FHIR endpoint and the JSON API share.
 */
import { DomainError } from '../domain/errors.js';
import type { Actor } from '../domain/actor.js';

export type Operation = 'c' | 'r' | 'u' | 'd' | 's';

const V1: Record<string, Operation[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] };

export function scopeAllows(scopes: readonly string[], resourceType: string, operation: Operation): boolean {
  return scopes.some((scope) => {
    const match = /^system\/([A-Za-z]+|\*)\.([a-z*]+)$/.exec(scope);
    if (!match || (match[1] !== '*' && match[1] !== resourceType)) return false;
    const permissions = match[2]!;
    const ops = V1[permissions] ?? (/^c?r?u?d?s?$/.test(permissions) ? [...permissions] : []);
    return ops.includes(operation);
  });
}

/** The scope that grants one operation on one type, as a client would ask for it. */
export const scopeName = (resourceType: string, operation: Operation): string => `system/${resourceType}.${operation}`;

/** Whether the caller may do this: a system client by its scopes; a person always (their role and side decide later). */
export function actorMay(actor: Actor, resourceType: string, operation: Operation): boolean {
  return actor.kind !== 'client' || scopeAllows(actor.scopes, resourceType, operation);
}

/** Refuses (403, naming the scope needed) a system client whose token does not grant this. */
export function requireScope(actor: Actor, resourceType: string, operation: Operation): void {
  if (!actorMay(actor, resourceType, operation)) {
    throw new DomainError('forbidden', `The token's scopes do not allow this: ${scopeName(resourceType, operation)} is needed.`);
  }
}

/** The scopes of a token: what was asked for, limited to what the client was granted. */
export function grantedScopes(requested: readonly string[], registered: readonly string[]): string[] {
  return requested.filter((scope) => {
    const match = /^system\/([A-Za-z]+|\*)\.([a-z*]+)$/.exec(scope);
    if (!match) return false;
    const ops: Operation[] = V1[match[2]!] ?? (/^c?r?u?d?s?$/.test(match[2]!) ? ([...match[2]!] as Operation[]) : []);
    // A wildcard type asks for every type: only a registered wildcard grants it.
    return ops.length > 0 && ops.every((op) => scopeAllows(registered, match[1]!, op));
  });
}
