/**
 * What each JSON API route exposes, declared once: the FHIR resource types it reads or changes
 * and the SMART operation on each. A system client needs every scope its route declares (the
 * same check as FHIR, src/auth/scopes.ts); a route for a signed-in person refuses systems.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { actorMay, requireScope, scopeName, type Operation } from '../auth/scopes.js';
import type { AppEnv } from '../http/context.js';
import { REQUEST_ACTIONS, TRANSITIONS } from '../domain/lifecycle.js';
import { DomainError } from '../domain/errors.js';
import type { Actor } from '../domain/actor.js';

/** `Type.op`, e.g. `ServiceRequest.r`; `side.u` is the caller's side's own resource (below). */
type Need = `${'ServiceRequest' | 'Task' | 'Communication' | 'Appointment' | 'HealthcareService' | 'Practitioner'}.${Operation}` | 'side.u';
/** `person`: about the signed-in person (their cases, availability, groups); systems get 403. */
export type RouteAccess = readonly Need[] | 'person';

/**
 * A lifecycle move changes the resource of the side that makes it, as on FHIR: the requesting
 * side its ServiceRequest, the consulting side the Task. A move either side makes (`side.u`)
 * needs the scope of the side the caller is on for that request.
 */
function moveNeeds(action: (typeof REQUEST_ACTIONS)[number]): readonly Need[] {
  const by = TRANSITIONS[action].by;
  if (by.includes('requester') && by.includes('consultant')) return ['side.u'];
  return by.includes('consultant') ? ['Task.u'] : ['ServiceRequest.u'];
}

/** Every route of the JSON API, keyed `METHOD /path` as in the OpenAPI document. */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /me': [],
  'GET /services': ['HealthcareService.s'],
  'GET /services/{id}/queue': ['ServiceRequest.s'],
  'GET /services/{id}/measures': ['ServiceRequest.s'],
  'POST /requests': ['ServiceRequest.c'],
  'GET /requests': ['ServiceRequest.s'],
  'POST /requests/search': ['ServiceRequest.s'],
  'GET /requests/{id}': ['ServiceRequest.r'],
  'PUT /requests/{id}': ['ServiceRequest.u'],
  'PATCH /requests/{id}': ['ServiceRequest.u'],
  ...Object.fromEntries(REQUEST_ACTIONS.map((action) => [`POST /requests/{id}/${action}`, moveNeeds(action)])),
  'GET /requests/{id}/messages': ['Communication.s'],
  // A message can move the request (a question pauses it, an answer resumes it), as on FHIR.
  'POST /requests/{id}/messages': ['Communication.c', 'side.u'],
  'GET /requests/{id}/assignment-suggestions': ['Task.r', 'Practitioner.r'],
  'POST /requests/{id}/assign': ['Task.u'],
  'POST /requests/{id}/recommendations/{recommendationId}/answer': ['ServiceRequest.u'],
  'GET /requests/{id}/slots': ['Appointment.s'],
  'POST /requests/{id}/appointment/answers': ['Appointment.u'],
  'POST /requests/{id}/appointment/attendance': ['Appointment.u'],
  'GET /me/cases': 'person',
  'GET /me/availability': 'person',
  'PUT /me/availability': 'person',
  'GET /me/attendance': 'person',
  'GET /me/invitations': 'person',
  'POST /me/invitations/{groupId}/accept': 'person',
  'POST /me/invitations/{groupId}/decline': 'person',
  'POST /case-discussions': 'person',
  'GET /case-discussions': 'person',
  'POST /case-discussions/{groupId}/people': 'person',
  'DELETE /case-discussions/{groupId}/people/{userId}': 'person',
  'POST /case-discussions/{groupId}/sessions': 'person',
  'GET /case-discussions/{groupId}/candidates': 'person',
  'GET /case-discussions/sessions/{sessionId}': 'person',
  'POST /case-discussions/sessions/{sessionId}/agenda': 'person',
  'POST /case-discussions/sessions/{sessionId}/agenda/{itemId}/conclusions': 'person',
  'PUT /case-discussions/sessions/{sessionId}/attendance': 'person',
  'GET /admin/notifications': 'person',
  'POST /admin/notifications/{notificationId}/replay': 'person',
  'GET /admin/ehr-connection': 'person',
  'PUT /admin/ehr-connection': 'person',
  'DELETE /admin/ehr-connection': 'person',
  'GET /me/notification-preferences': 'person',
  'PUT /me/notification-preferences': 'person',
  // Balint groups are not clinical data and stay off FHIR: no system client reaches them.
  'GET /case-discussions/{groupId}': 'person',
  'POST /case-discussion-runs': 'person',
  'GET /case-discussion-runs/{runId}': 'person',
  'POST /case-discussion-runs/{runId}/pause': 'person',
  'POST /case-discussion-runs/{runId}/resume': 'person',
  'POST /case-discussion-runs/{runId}/extend': 'person',
  'POST /case-discussion-runs/{runId}/close': 'person',
  'POST /case-discussion-runs/{runId}/feedback': 'person',
  'GET /case-discussion-runs/{runId}/feedback': 'person',
  'GET /case-discussion-runs/{runId}/certificate': 'person',
  'GET /case-discussion-runs/{runId}/measures': 'person',
  'POST /case-discussions/sessions/{sessionId}/presentations': 'person',
  'GET /case-discussions/sessions/{sessionId}/leader-notes': 'person',
  'POST /case-discussions/sessions/{sessionId}/leader-notes': 'person',
  'PUT /case-discussions/sessions/{sessionId}/agenda/{itemId}/reflection': 'person',
  'POST /case-discussions/sessions/{sessionId}/agenda/{itemId}/reflection/share': 'person',
  'GET /me/reflections': 'person',
  // Administration is done by a signed-in administrator, never by a system (admin-routes.ts).
  ...Object.fromEntries(
    ['organisations', 'services', 'users', 'clients'].flatMap((kind) => [`GET /admin/${kind}/{id}`, `PATCH /admin/${kind}/{id}`]).concat(['services', 'users', 'clients'].flatMap((kind) => [`GET /admin/organisations/{id}/${kind}`, `POST /admin/organisations/{id}/${kind}`]))
      .concat(['access-log', 'access-log.csv', 'refused-calls'].map((answer) => `GET /admin/organisations/{id}/${answer}`))
      .concat(['POST /admin/organisations/{id}/invitations', 'POST /admin/users/{id}/invitations'])
      .map((route) => [route, 'person' as const]),
  ),
};

/** The OpenAPI document tells clients what each operation needs (`x-smart-scopes`, or `x-person-only`). */
export function describeAccess<T extends { paths?: object | undefined }>(doc: T): T {
  for (const [path, operations] of Object.entries(doc.paths ?? {}) as [string, object][]) {
    for (const [method, operation] of Object.entries(operations) as [string, unknown][]) {
      const access = ROUTE_ACCESS[`${method.toUpperCase()} ${path}`];
      if (!access || typeof operation !== 'object' || operation === null) continue;
      const described = operation as Record<string, unknown>;
      if (access === 'person') described['x-person-only'] = true;
      else described['x-smart-scopes'] = access.map((need) => (need === 'side.u' ? 'system/ServiceRequest.u (requesting side) or system/Task.u (consulting side)' : `system/${need}`));
    }
  }
  return doc;
}

/** Checks the caller against its route's declaration, before the route reads its input. */
export const requireRouteAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  const pattern = routePath(c, -1).replace(/^\/api/, '');
  // Only middleware matched: no such endpoint, which the not-found handler says.
  if (pattern.endsWith('*')) return next();
  const access = ROUTE_ACCESS[`${c.req.method} ${pattern.replace(/:(\w+)/g, '{$1}')}`];
  const actor = c.get('actor');
  if (access === 'person') {
    if (actor.kind !== 'user') throw new DomainError('forbidden', 'This route is for a signed-in person, not a system client.');
  } else if (actor.kind === 'client') {
    // A route without a declaration is refused to systems: nothing is exposed by default.
    if (!access) throw new DomainError('forbidden', 'This route is not open to system clients.');
    for (const need of access) {
      if (need === 'side.u') await requireSideScope(c, actor);
      else requireScope(actor, ...(need.split('.') as [string, Operation]));
    }
  }
  await next();
};

async function requireSideScope(c: Parameters<MiddlewareHandler<AppEnv>>[0], actor: Actor): Promise<void> {
  // Middleware sees no route parameters: the id is read off the matched pattern.
  const id = c.req.path.split('/')[routePath(c, -1).split('/').indexOf(':id')];
  // An unknown or invisible request is the route's own 404 to give.
  const found = id ? await c.get('services').requests.find(actor, id).catch(() => null) : null;
  if (!found) return;
  requireScope(actor, found.situation.sides.includes('consultant') ? 'Task' : 'ServiceRequest', 'u');
}

/**
 * Parts of a request view that are other FHIR types: shown to a system client only with read
 * scope for each type they carry, otherwise left out (null, or an event's detail emptied) and
 * named in `withheld`. Timeline details carry messages, appointments and outcomes alike.
 */
export const EMBEDDED = {
  // The booking and the proposed times alike (both are the FHIR Appointment).
  appointment: ['Appointment'],
  outcome: ['Task'],
  'timeline.detail': ['Communication', 'Appointment', 'Task'],
} as const satisfies Record<string, readonly string[]>;

export type EmbeddedPart = keyof typeof EMBEDDED;

/** The embedded parts this caller may not read, each with the first scope it lacks. */
export function withheldParts(actor: Actor): { field: EmbeddedPart; scope: string }[] {
  return (Object.entries(EMBEDDED) as [EmbeddedPart, readonly string[]][]).flatMap(([field, types]) => {
    const missing = types.find((type) => !actorMay(actor, type, 'r'));
    return missing ? [{ field, scope: scopeName(missing, 'r') }] : [];
  });
}
