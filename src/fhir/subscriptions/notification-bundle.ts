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
import type { Subscription } from '../../services/ports/subscriptions.js';
import { BACKPORT_URL } from '../canonical.js';
import { renderServiceRequest, renderTask } from '../resources/request-search.js';
import { statusParameters } from '../resources/subscription.js';
import type { Json, Resource } from '../types.js';

/** The bundle for one notification, or null when its subscription is gone (deleted: nothing to send). */
export async function notificationBundle(services: Services, base: string, payload: HookPayload): Promise<{ subscription: Subscription; bundle: Resource } | null> {
  const subscription = await services.subscriptions.findAny(payload.subscriptionId);
  if (!subscription) return null;
  const focus = payload.requestId ? `${base}/Task/${payload.requestId}` : undefined;
  const event: Json[] =
    payload.kind === 'event-notification' && focus
      ? [{ name: 'notification-event', part: [{ name: 'event-number', valueString: String(payload.eventNumber) }, { name: 'timestamp', valueInstant: payload.at }, { name: 'focus', valueReference: { reference: focus } }] }]
      : [];
  // An event's bundle counts the events up to and including it, whenever it is sent.
  const status = statusParameters(base, { ...subscription, eventsSinceStart: payload.eventNumber ?? subscription.eventsSinceStart }, payload.kind, event);
  const entries: Json[] = [];
  if (focus && subscription.content !== 'empty') {
    const owner = await services.subscriptions.ownerOf(subscription);
    entries.push(...(subscription.content === 'full-resource' && owner ? await resourcesOf(services, owner, base, payload.requestId!) : [{ fullUrl: focus, request: { method: 'GET', url: `Task/${payload.requestId}` }, response: { status: '200' } }]));
  }
  return {
    subscription,
    bundle: {
      resourceType: 'Bundle',
      meta: { profile: [BACKPORT_URL.notificationProfile] },
      type: 'history',
      timestamp: new Date().toISOString(),
      entry: [{ fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource: status, request: { method: 'GET', url: `Subscription/${subscription.id}/$status` }, response: { status: '200' } }, ...entries],
    },
  };
}

/** The Task and its ServiceRequest as the owner may see them now (a request they may no longer see: references only). */
async function resourcesOf(services: Services, owner: Actor, base: string, requestId: string): Promise<Json[]> {
  // A system client gets the resources its scopes let it read, as a search would give them.
  const readable = actorMay(owner, 'Task', 'r') && actorMay(owner, 'ServiceRequest', 'r');
  const request = readable ? await services.requests.find(owner, requestId).catch(() => null) : null;
  if (!request) return [{ fullUrl: `${base}/Task/${requestId}`, request: { method: 'GET', url: `Task/${requestId}` }, response: { status: '200' } }];
  return [renderTask(request), renderServiceRequest(request)].map((resource) => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    response: { status: '200', ...(resource.meta?.lastUpdated ? { lastModified: resource.meta.lastUpdated } : {}) },
  }));
}
