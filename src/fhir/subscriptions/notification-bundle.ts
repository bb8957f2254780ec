/**
 * A subscription's notification as sent to its endpoint (R4 Backport IG): a `history` Bundle whose
 * first entry is the `subscription-status` Parameters (type handshake, heartbeat or
 * event-notification, the events since the start and, for an event, its number and focus). With
 * `id-only` the Task is named by its URL only — no patient data; with `full-resource` the Task and
 * its ServiceRequest are included, read as the subscription's owner may read them.
 * https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/notifications.html
 */
import { actorMay } from '../../auth/scopes.js';
import type { Actor } from '../../domain/actor.js';
import type { Services } from '../../services/index.js';
import type { HookPayload } from '../../services/ports/notifications.js';
import type { Subscription, SubscriptionEvent } from '../../services/ports/subscriptions.js';
import type { PayloadContent } from '../../domain/subscriptions.js';
import { BACKPORT_URL } from '../canonical.js';
import { renderServiceRequest, renderTask } from '../resources/request-search.js';
import { statusParameters } from '../resources/subscription.js';
import type { Json, Resource } from '../types.js';

/** The bundle for one notification, or null when its subscription is gone (deleted: nothing to send). */
export async function notificationBundle(services: Services, base: string, payload: HookPayload): Promise<{ subscription: Subscription; bundle: Resource } | null> {
  const subscription = await services.subscriptions.findAny(payload.subscriptionId);
  if (!subscription) return null;
  const event = payload.kind === 'event-notification' && payload.requestId ? { eventNumber: payload.eventNumber ?? 0, requestId: payload.requestId, occurredAt: new Date(payload.at) } : undefined;
  // An event's bundle counts the events up to and including it, whenever it is sent.
  const status = statusParameters(base, { ...subscription, eventsSinceStart: payload.eventNumber ?? subscription.eventsSinceStart }, payload.kind, event ? [eventParameter(base, event)] : []);
  const owner = event && subscription.content === 'full-resource' ? await services.subscriptions.ownerOf(subscription) : null;
  const entries = event ? await focusEntries(services, owner, base, event.requestId, subscription.content) : [];
  return { subscription, bundle: historyBundle(status, `Subscription/${subscription.id}/$status`, entries) };
}

/** A notification bundle (`history`, the backport's notification profile): the status Parameters first, then the events' entries. */
export function historyBundle(status: Resource, statusUrl: string, entries: Json[]): Resource {
  return {
    resourceType: 'Bundle',
    meta: { profile: [BACKPORT_URL.notificationProfile] },
    type: 'history',
    timestamp: new Date().toISOString(),
    entry: [{ fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: status, request: { method: 'GET', url: statusUrl }, response: { status: '200' } }, ...entries],
  };
}

/** One event in the status Parameters: its number, when it happened, and its focus (the request's Task). */
export function eventParameter(base: string, event: SubscriptionEvent): Json {
  return {
    name: 'notification-event',
    part: [
      { name: 'event-number', valueString: String(event.eventNumber) },
      { name: 'timestamp', valueInstant: event.occurredAt.toISOString() },
      { name: 'focus', valueReference: { reference: `${base}/Task/${event.requestId}` } },
    ],
  };
}

/**
 * An event's entries as the payload content says: none (`empty`), the Task's URL only (`id-only`:
 * no patient data), or the Task and ServiceRequest as `owner` may read them now (`full-resource`;
 * references only when there is no owner or they may not).
 */
export async function focusEntries(services: Services, owner: Actor | null, base: string, requestId: string, content: PayloadContent): Promise<Json[]> {
  if (content === 'empty') return [];
  if (content === 'full-resource' && owner) return resourcesOf(services, owner, base, requestId);
  return [{ fullUrl: `${base}/Task/${requestId}`, request: { method: 'GET', url: `Task/${requestId}` }, response: { status: '200' } }];
}

/** The Task and its ServiceRequest as the owner may see them now (a request they may no longer see: references only). */
async function resourcesOf(services: Services, owner: Actor, base: string, requestId: string): Promise<Json[]> {
  // A system client gets the resources its scopes let it read, as a search would give them.
  const readable = actorMay(owner, 'Task', 'r') && actorMay(owner, 'ServiceRequest', 'r');
  const request = readable ? await services.requests.find(owner, requestId).catch(() => null) : null;
  if (!request) return focusEntries(services, null, base, requestId, 'id-only');
  return [renderTask(request), renderServiceRequest(request)].map((resource) => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    response: { status: '200', ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}) },
  }));
}
