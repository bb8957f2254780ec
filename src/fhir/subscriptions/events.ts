/**
 * `$events` (R4 Backport IG): a subscriber that missed notifications fetches its subscription's
 * events again by number — `GET` with query parameters, or `POST` with them there or in a
 * Parameters body. The answer is a notification bundle (`history`) whose status Parameters have
 * type `query-event` and an entry per event found; each event's focus as the payload content says
 * (the `content` parameter, else the subscription's own: id-only by default).
 * https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/OperationDefinition-backport-subscription-events.html
 */
import { DomainError } from '../../domain/errors.js';
import { PAYLOAD_CONTENTS, type PayloadContent } from '../../domain/subscriptions.js';
import type { EventRange } from '../../services/subscriptions.js';
import { ok, resourceId, type FhirContext, type FhirRequest, type FhirResult } from '../exchange.js';
import { statusParameters } from '../resources/subscription.js';
import { arr, isObject, type Json } from '../types.js';
import { eventParameter, focusEntries, historyBundle } from './notification-bundle.js';

const PARAMETERS = ['eventsSinceNumber', 'eventsUntilNumber', 'content'] as const;
type EventsParameter = (typeof PARAMETERS)[number];

const invalid = (field: string, message: string): DomainError => new DomainError('invalid_input', message, { issues: [{ field, message, code: 'value' }] });

export async function subscriptionEvents(ctx: FhirContext, req: FhirRequest, id: string): Promise<FhirResult> {
  const given = parametersOf(req);
  const range: EventRange = { since: eventNumber(given, 'eventsSinceNumber'), until: eventNumber(given, 'eventsUntilNumber') };
  const asked = given.get('content');
  if (asked !== undefined && !(PAYLOAD_CONTENTS as readonly string[]).includes(asked)) throw invalid('content', `content is one of ${PAYLOAD_CONTENTS.join(', ')}.`);
  const { subscription, events } = await ctx.services.subscriptions.events(ctx.actor, resourceId(id, 'Subscription'), range);
  const content = (asked as PayloadContent | undefined) ?? subscription.content;
  // The caller is the subscription's owner: full resources are read as they may read them now, each request once.
  const read = new Map<string, Promise<Json[]>>();
  const entriesOf = (requestId: string): Promise<Json[]> => {
    if (!read.has(requestId)) read.set(requestId, focusEntries(ctx.services, ctx.actor, ctx.base, requestId, content));
    return read.get(requestId)!;
  };
  const entries = (await Promise.all(events.map((e) => entriesOf(e.requestId)))).flat();
  const status = statusParameters(ctx.base, subscription, 'query-event', events.map((e) => eventParameter(ctx.base, e)));
  return ok(historyBundle(status, `Subscription/${subscription.id}/$events`, entries));
}

/**
 * The operation's parameters from the query and, for a POST, a Parameters body (valueString,
 * valueInteger, valueUnsignedInt, valuePositiveInt or valueCode). Each at most once.
 */
function parametersOf(req: FhirRequest): Map<EventsParameter, string> {
  const given: [string, string][] = [...req.params];
  if (req.method === 'POST' && req.body !== undefined && req.body !== null) {
    if (!isObject(req.body) || req.body.resourceType !== 'Parameters') throw invalid('Parameters', 'POST $events takes a Parameters resource (or no body).');
    for (const p of arr(req.body.parameter)) {
      const value = p.valueString ?? p.valueInteger ?? p.valueUnsignedInt ?? p.valuePositiveInt ?? p.valueCode;
      if (typeof p.name !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) throw invalid('Parameters.parameter', 'Each parameter has a name and a value.');
      given.push([p.name, String(value)]);
    }
  }
  const found = new Map<EventsParameter, string>();
  for (const [name, value] of given) {
    if (!(PARAMETERS as readonly string[]).includes(name)) continue; // _format and the like
    if (found.has(name as EventsParameter)) throw invalid(name, `${name} is given more than once.`);
    found.set(name as EventsParameter, value);
  }
  return found;
}

/** An event number: a whole number, 0 or more (numbers start at 1; a range past the latest is empty). */
function eventNumber(given: Map<EventsParameter, string>, name: 'eventsSinceNumber' | 'eventsUntilNumber'): number | undefined {
  const value = given.get(name);
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value.trim())) throw invalid(name, `${name} is an event number (a whole number, 0 or more); got "${value}".`);
  return Number(value.trim());
}
