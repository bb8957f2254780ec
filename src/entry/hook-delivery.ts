/**
 * FHIR subscription delivery as every entry composes it (Node's dispatcher and the Worker's
 * scheduled handler): the rest-hook transport over a store, with bundles built by the FHIR layer
 * as each subscription's owner may see them, and the heartbeat sweep.
 */
import { notificationBundle } from '../fhir/subscriptions/notification-bundle.js';
import { Dispatcher } from '../notify/dispatcher.js';
import { restHookTransport } from '../notify/hooks/rest-hook.js';
import { buildServices } from '../services/index.js';
import type { Clock, Store } from '../services/ports/store.js';
import type { HookPolicy } from '../services/ports/subscriptions.js';
import { forgetOldEvents, sendHeartbeats } from '../services/subscription-events.js';

export interface HookDelivery {
  store: Store;
  clock: Clock;
  policy: HookPolicy;
  /** The FHIR base notifications name resources under (PUBLIC_URL/fhir). */
  fhirBase: string;
  maxAttempts?: number | undefined;
  /** How many days subscription events are kept for `$events` (LIAISON_SUBSCRIPTION_EVENT_DAYS). */
  eventRetentionDays?: number | undefined;
  log?: ((line: string, fields?: Record<string, string | number>) => void) | undefined;
}

export function hookDispatcher(d: HookDelivery): Dispatcher<'rest-hook'> {
  const services = buildServices(d.store, d.clock, d.policy);
  const transport = restHookTransport({ subscriptions: d.store.subscriptions, bundleOf: (payload) => notificationBundle(services, d.fhirBase, payload), policy: d.policy, clock: d.clock });
  return new Dispatcher({ notifications: d.store.notifications, transport, clock: d.clock, log: d.log, maxAttempts: d.maxAttempts });
}

/** One round of scheduled work: heartbeats for quiet subscriptions, old events forgotten, then every due notification delivered. */
export async function deliverHooks(d: HookDelivery): Promise<number> {
  await sendHeartbeats(d.store, d.clock.now());
  if (d.eventRetentionDays) await forgetOldEvents(d.store, d.clock.now(), d.eventRetentionDays);
  const dispatcher = hookDispatcher(d);
  let total = 0;
  for (let took = await dispatcher.runOnce(); took > 0; took = await dispatcher.runOnce()) total += took;
  return total;
}
