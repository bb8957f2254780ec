/**
 * SMART scopes for system clients (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html):
 * v2 `system/ServiceRequest.cruds` and v1 `system/ServiceRequest.read|write|*`, also with `*`
 * as the resource type. People are governed by their role and side, not by scopes.
 */
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
