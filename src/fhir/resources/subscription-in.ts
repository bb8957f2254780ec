/**
 * A Subscription as a subscriber posts it (R4 Backport IG, backport-subscription profile): the
 * topic in `criteria`, filters in its `backport-filter-criteria` extensions, a rest-hook channel
 * with `payload` application/fhir+json and its content (id-only or full-resource) and heartbeat
 * period in extensions. https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription.html
 */
import { DomainError } from '../../domain/errors.js';
import type { RequestState } from '../../domain/lifecycle.js';
import { PAYLOAD_CONTENTS, type PayloadContent, type SubscriptionFilter } from '../../domain/subscriptions.js';
import type { SubscriptionInput } from '../../services/subscriptions.js';
import { BACKPORT_URL, REQUEST_STATUS_TOPIC_URL } from '../canonical.js';
import { STATUS_MAP, type TaskStatus } from '../status-map.js';
import { arr, isObject, str, type Json } from '../types.js';

const invalid = (field: string, message: string): DomainError => new DomainError('invalid_input', message, { issues: [{ field, message, code: 'value' }] });
const extensionOf = (element: unknown, url: string): Json[] => (isObject(element) ? arr(element.extension).filter((e) => e.url === url) : []);

export function subscriptionInput(body: Json): SubscriptionInput {
  if (body.criteria !== REQUEST_STATUS_TOPIC_URL) throw invalid('Subscription.criteria', `Liaison offers one topic: ${REQUEST_STATUS_TOPIC_URL}.`);
  const channel = isObject(body.channel) ? body.channel : {};
  if (channel.type !== 'rest-hook') throw invalid('Subscription.channel.type', 'Only the rest-hook channel is supported.');
  const endpoint = str(channel.endpoint);
  if (!endpoint) throw invalid('Subscription.channel.endpoint', 'A rest-hook needs an endpoint.');
  if (channel.payload !== undefined && channel.payload !== 'application/fhir+json' && channel.payload !== 'application/json') throw invalid('Subscription.channel.payload', 'Notifications are sent as application/fhir+json.');
  const content = str(extensionOf(channel._payload, BACKPORT_URL.payloadContent)[0]?.valueCode) ?? 'id-only';
  if (!(PAYLOAD_CONTENTS as readonly string[]).includes(content)) throw invalid('Subscription.channel.payload.extension', `Payload content is one of ${PAYLOAD_CONTENTS.join(', ')}.`);
  const period = extensionOf(channel, BACKPORT_URL.heartbeatPeriod)[0]?.valueUnsignedInt;
  if (period !== undefined && (typeof period !== 'number' || period < 10)) throw invalid('Subscription.channel.extension', 'A heartbeat period is at least 10 seconds.');
  const headers = arr(channel.header as unknown).map(String);
  if (headers.some((h) => !/^[A-Za-z0-9-]+:\s?[^\r\n]*$/.test(h))) throw invalid('Subscription.channel.header', 'Each header is one "Name: value" line.');
  const criteria = extensionOf(body._criteria, BACKPORT_URL.filterCriteria).map((e) => String(e.valueString ?? ''));
  return {
    criteria,
    filter: filterOf(criteria),
    reason: str(body.reason) ?? '',
    endpoint,
    headers,
    content: content as PayloadContent,
    heartbeatSeconds: typeof period === 'number' ? period : null,
  };
}

/**
 * The topic's filters: `ServiceRequest?performer=HealthcareService/{id}` (a consulting service)
 * and `Task?status={code}` (Task.status), commas for several; filters of one kind are OR, of two kinds AND.
 */
export function filterOf(criteria: string[]): SubscriptionFilter {
  const filter: SubscriptionFilter = { serviceIds: [], states: [] };
  for (const criterion of criteria) {
    const service = /^ServiceRequest\?performer=(.+)$/.exec(criterion);
    const status = /^Task\?status=(.+)$/.exec(criterion);
    if (service) filter.serviceIds.push(...service[1]!.split(',').map((v) => v.replace(/^HealthcareService\//, '')));
    else if (status) filter.states.push(...status[1]!.split(',').flatMap((code) => statesOf(code as TaskStatus)));
    else throw invalid('Subscription.criteria.extension', `Unsupported filter "${criterion}": use ServiceRequest?performer=HealthcareService/{id} or Task?status={code}.`);
  }
  return filter;
}

function statesOf(code: TaskStatus): RequestState[] {
  const states = (Object.keys(STATUS_MAP) as RequestState[]).filter((s) => STATUS_MAP[s].task === code || (s === 'closed' && code === 'rejected'));
  if (states.length === 0) throw invalid('Subscription.criteria.extension', `Task status "${code}" is not one a consultation request takes.`);
  return states;
}
