/**
 * Delivers FHIR subscription notifications (channel rest-hook) for the outbox's dispatcher: POSTs
 * the notification bundle to the subscription's endpoint with the subscriber's headers. A
 * handshake that is answered 2xx makes the subscription active; any other answer sets it to
 * `error` (the subscriber fixes the endpoint and subscribes again, or an administrator replays the
 * handshake). Events and heartbeats are retried with backoff and dead-lettered like mail. The SSRF
 * guard is checked again on every delivery (a name may resolve elsewhere since it was accepted),
 * and redirects are not followed. Uses fetch only, so it runs on Node and on Workers.
 */
import type { HookPayload, Notification } from '../../services/ports/notifications.js';
import type { Clock } from '../../services/ports/store.js';
import type { HookPolicy, Subscription, SubscriptionsPort } from '../../services/ports/subscriptions.js';
import { refusalOf } from '../../services/subscriptions.js';
import { DeliveryError, type Transport } from '../dispatcher.js';

export interface RestHookOptions {
  subscriptions: Pick<SubscriptionsPort, 'setStatus' | 'sentAt'>;
  /** The notification bundle (fhir/subscriptions/notification-bundle.ts), or null when the subscription is gone. */
  bundleOf(payload: HookPayload): Promise<{ subscription: Subscription; bundle: unknown } | null>;
  policy: HookPolicy;
  clock: Clock;
  timeoutMs?: number;
}

export function restHookTransport(options: RestHookOptions): Transport<'rest-hook'> {
  return {
    channel: 'rest-hook',
    async deliver(group: Notification<'rest-hook'>[]) {
      for (const notification of group) await deliverOne(options, notification.payload);
    },
  };
}

async function deliverOne(options: RestHookOptions, payload: HookPayload): Promise<void> {
  const found = await options.bundleOf(payload);
  // A deleted subscription, or events for one not (or no longer) active: nothing to send.
  if (!found) return;
  const { subscription, bundle } = found;
  const handshake = payload.kind === 'handshake';
  if (!handshake && subscription.status !== 'active') return;
  try {
    const refusal = await refusalOf(options.policy, subscription.endpoint);
    if (refusal) throw new DeliveryError(refusal, true);
    await post(subscription, bundle, options.timeoutMs ?? 10_000);
  } catch (err) {
    const failure = err instanceof DeliveryError ? err : new DeliveryError(`Endpoint unreachable (${err instanceof Error ? err.name : 'error'})`, false);
    if (!handshake) throw failure;
    await options.subscriptions.setStatus(subscription.id, 'error', `Handshake failed: ${failure.message}`);
    throw new DeliveryError(failure.message, true);
  }
  if (handshake) await options.subscriptions.setStatus(subscription.id, 'active', null);
  await options.subscriptions.sentAt(subscription.id, options.clock.now());
}

async function post(subscription: Subscription, bundle: unknown, timeoutMs: number): Promise<void> {
  const headers = new Headers({ 'Content-Type': 'application/fhir+json' });
  for (const line of subscription.headers) {
    const at = line.indexOf(':');
    headers.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const response = await fetch(subscription.endpoint, { method: 'POST', headers, body: JSON.stringify(bundle), redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel().catch(() => {});
  if (response.ok) return;
  // A 4xx other than a timeout or throttling will not change by trying again.
  const permanent = response.status >= 300 && response.status < 500 && response.status !== 408 && response.status !== 429;
  throw new DeliveryError(`Endpoint answered ${response.status}`, permanent);
}
