/**
 * Delivers the outbox's EHR pushes (channel ehr-push) for the dispatcher: `push` (composed by the
 * entry from ehr/ and the FHIR layer) updates the organisation's FHIR server. A 4xx other than a
 * timeout or throttling will not change by retrying: dead-lettered at once for an administrator;
 * anything else is retried with backoff.
 */
import type { EhrPushPayload, Notification } from '../services/ports/notifications.js';
import { DeliveryError, type Transport } from './dispatcher.js';

export function ehrPushTransport(push: (organisationId: string, payload: EhrPushPayload) => Promise<void>): Transport<'ehr-push'> {
  return {
    channel: 'ehr-push',
    async deliver(group: Notification<'ehr-push'>[]) {
      for (const n of group) {
        try {
          await push(n.organisationId, n.payload);
        } catch (err) {
          const status = (err as { status?: unknown }).status;
          const permanent = typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
          throw new DeliveryError(err instanceof Error ? err.message : 'EHR push failed', permanent);
        }
      }
    },
  };
}
