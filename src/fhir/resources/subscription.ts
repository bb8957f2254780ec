/**
 * Subscription interactions (R4 Backport IG): create (the handshake goes through the outbox; the
 * subscription is `requested` until the endpoint answers 2xx), read, search and delete of the
 * caller's own, and `$status`. https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/
 */
import type { Subscription } from '../../services/ports/subscriptions.js';
import { BACKPORT_URL, REQUEST_STATUS_TOPIC_URL } from '../canonical.js';
import { searchsetBundle } from '../bundle.js';
import { created, expectResource, ok, resourceId, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import type { Json, Resource } from '../types.js';
import { subscriptionInput } from './subscription-in.js';

/** A subscription as FHIR shows it. Channel headers are the subscriber's secrets: kept, never shown. */
export function toSubscription(s: Subscription): Resource {
  return {
    resourceType: 'Subscription',
    id: s.id,
    meta: { profile: [BACKPORT_URL.subscriptionProfile] },
    status: s.status,
    reason: s.reason || 'Consultation request status changes',
    criteria: REQUEST_STATUS_TOPIC_URL,
    ...(s.criteria.length ? { _criteria: { extension: s.criteria.map((c) => ({ url: BACKPORT_URL.filterCriteria, valueString: c })) } } : {}),
    ...(s.error ? { error: s.error } : {}),
    channel: {
      ...(s.heartbeatSeconds !== null ? { extension: [{ url: BACKPORT_URL.heartbeatPeriod, valueUnsignedInt: s.heartbeatSeconds }] } : {}),
      type: 'rest-hook',
      endpoint: s.endpoint,
      payload: 'application/fhir+json',
      _payload: { extension: [{ url: BACKPORT_URL.payloadContent, valueCode: s.content }] },
    },
  };
}

export async function createSubscription(ctx: FhirContext, req: FhirRequest): Promise<FhirResult> {
  const body = expectResource(req.body, 'Subscription');
  ctx.validate(body, 'Subscription');
  const subscription = await ctx.services.subscriptions.create(ctx.actor, subscriptionInput(body));
  return created(ctx, req, toSubscription(subscription));
}

export async function readSubscription(ctx: FhirContext, id: string): Promise<FhirResult> {
  return ok(toSubscription(await ctx.services.subscriptions.find(ctx.actor, resourceId(id, 'Subscription'))));
}

/** The caller's own subscriptions (no parameters: a subscriber has few). */
export async function searchSubscriptions(ctx: FhirContext): Promise<FhirResult> {
  const mine = await ctx.services.subscriptions.list(ctx.actor);
  const entries = mine.map((s) => ({ resource: toSubscription(s), mode: 'match' as const }));
  return ok(searchsetBundle(ctx.base, { self: `${ctx.base}/Subscription` }, entries, [], mine.length));
}

export async function deleteSubscription(ctx: FhirContext, id: string): Promise<FhirResult> {
  await ctx.services.subscriptions.remove(ctx.actor, resourceId(id, 'Subscription'));
  return { status: 204 };
}

/** `$status`: a Bundle (searchset) of the subscription's `subscription-status` Parameters (type query-status). */
export async function subscriptionStatus(ctx: FhirContext, id: string): Promise<FhirResult> {
  const subscription = await ctx.services.subscriptions.find(ctx.actor, resourceId(id, 'Subscription'));
  const resource = statusParameters(ctx.base, subscription, 'query-status');
  return ok({
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: new Date().toISOString(),
    total: 1,
    link: [{ relation: 'self', url: `${ctx.base}/Subscription/${subscription.id}/$status` }],
    entry: [{ fullUrl: `urn:uuid:${crypto.randomUUID()}`, resource, search: { mode: 'match' } }],
  });
}

/** The backport's `subscription-status` Parameters: which subscription, its topic and status, what kind of message, how many events so far. */
export function statusParameters(base: string, s: Subscription, type: string, events: Json[] = []): Resource {
  return {
    resourceType: 'Parameters',
    meta: { profile: [BACKPORT_URL.statusProfile] },
    parameter: [
      { name: 'subscription', valueReference: { reference: `${base}/Subscription/${s.id}` } },
      { name: 'topic', valueCanonical: REQUEST_STATUS_TOPIC_URL },
      { name: 'status', valueCode: s.status },
      { name: 'type', valueCode: type },
      { name: 'events-since-subscription-start', valueString: String(s.eventsSinceStart) },
      ...events,
    ],
  };
}
