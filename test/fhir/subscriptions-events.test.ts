/**
 * `$events` (R4 Backport IG) through fhir-kit-client on a real socket: a subscriber whose endpoint
 * was down misses three events and fetches them again by number — id-only by default (references
 * only, no patient data), full-resource and empty on request, GET and POST; bad numbers are 400
 * OperationOutcomes; another client's subscription does not exist; old events are forgotten after
 * the retention period; a deleted subscription's events go with it.
 */
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetOldEvents, subscriberRows } from '../../src/services/subscription-events.js';
import { deliverHooks } from '../../src/entry/hook-delivery.js';
import { REQUEST_STATUS_TOPIC } from '../../src/domain/subscriptions.js';
import { TestClock } from '../harness/api.js';
import { deliverHooksNow, hookEndpoint, statusOf, type HookEndpoint } from '../harness/hook-endpoint.js';
import { hookNotificationsAbout, outboxStore, quietOutbox } from '../harness/outbox.js';
import { newCtx, patientBody, submittedRequest, type Ctx } from '../api/helpers.js';
import type { Person } from '../harness/clinic.js';
import { BASE, expectValidFhir, fhir } from './helpers.js';

const TOPIC = 'https://liaison.example.org/fhir/SubscriptionTopic/request-status-changed';
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport';
// Unmistakable: if any of these reaches an id-only answer, patient data leaked.
const FAMILY = 'Wendelspiegel';
const IDENTIFIER = 'PID-771903';
const QUESTION = 'Lithiumspiegel-Kennung';

let ctx: Ctx;
let endpoint: HookEndpoint;
let server: string;
const clock = new TestClock();

const drain = (maxAttempts = 3): Promise<void> => deliverHooksNow(clock, BASE, maxAttempts);

/** The FHIR base the socket's answers name resources under. */
const served = () => `${server}/fhir`;
const clientOf = (who: Person) => new Client({ baseUrl: `${server}/fhir`, customHeaders: { Authorization: `Bearer ${who.token}` } });

/** What a failed fhir-kit-client call answered: its status and body. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; data: any }> {
  const error = (await call.then(
    () => expect.fail('expected a refusal'),
    (e: unknown) => e,
  )) as { response?: { status: number; data: any } };
  expect(error.response, String(error)).toBeDefined();
  return error.response!;
}

async function subscribe(content = 'id-only'): Promise<string> {
  const body = {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Catch up after downtime',
    criteria: TOPIC,
    channel: { type: 'rest-hook', endpoint: endpoint.url, payload: 'application/fhir+json', _payload: { extension: [{ url: `${BACKPORT}/StructureDefinition/backport-payload-content`, valueCode: content }] } },
  };
  const created = (await clientOf(ctx.clinic.ehr).create({ resourceType: 'Subscription', body })) as unknown as { id: string };
  await drain();
  return created.id;
}

/** The events a `$events` bundle lists, as [number, focus], and its other entries' URLs. */
function eventsIn(bundle: any): { numbers: string[]; foci: string[]; status: Record<string, any> } {
  const status = statusOf(bundle);
  const events = ((bundle.entry[0].resource.parameter as { name: string; part?: { name: string; valueString?: string; valueReference?: { reference: string } }[] }[]).filter((p) => p.name === 'notification-event')).map((p) =>
    Object.fromEntries(p.part!.map((x) => [x.name, x.valueString ?? x.valueReference?.reference])),
  );
  return { numbers: events.map((e) => e['event-number']!), foci: events.map((e) => e.focus!), status };
}

const events = (id: string, input?: Record<string, string | number>, who: Person = ctx.clinic.ehr) => clientOf(who).operation({ name: '$events', resourceType: 'Subscription', id, method: 'GET', input }) as Promise<any>;

let subscriptionId: string;
let requests: { id: string }[];

beforeAll(async () => {
  ctx = await newCtx();
  endpoint = await hookEndpoint();
  server = await ctx.api.serverUrl();
  await quietOutbox([ctx.clinic.practiceId, ctx.clinic.specialistId]);
  subscriptionId = await subscribe();
  // The endpoint goes down: three events are tried once each and dead-lettered.
  endpoint.answer = 503;
  requests = [];
  for (const n of [1, 2, 3]) {
    const patient = patientBody({ name: { family: `${FAMILY}${n}`, given: ['Hedwig'] }, identifier: { system: 'urn:test:pid', value: `${IDENTIFIER}-${n}` } });
    requests.push((await submittedRequest(ctx, { patient, clinicalQuestion: `${QUESTION}?` })) as { id: string });
  }
  await drain(1);
});
afterAll(() => endpoint.stop());
beforeEach(() => {
  endpoint.answer = 200;
});

describe('$events', () => {
  it('the endpoint missed three events; the subscriber fetches them again by number, id-only by default', async () => {
    expect((await hookNotificationsAbout(requests.map((r) => r.id))).filter((n) => n.payload.subscriptionId === subscriptionId).map((n) => n.state)).toEqual(['dead', 'dead', 'dead']);
    const bundle = await events(subscriptionId, { eventsSinceNumber: 1, eventsUntilNumber: 3 });
    expectValidFhir(bundle);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'history', meta: { profile: [`${BACKPORT}/StructureDefinition/backport-subscription-notification-r4`] } });
    const { numbers, foci, status } = eventsIn(bundle);
    expect(status).toMatchObject({ type: 'query-event', subscription: `${served()}/Subscription/${subscriptionId}`, topic: TOPIC, 'events-since-subscription-start': '3' });
    expect(numbers).toEqual(['1', '2', '3']);
    expect(foci).toEqual(requests.map((r) => `${served()}/Task/${r.id}`));
    expect(bundle.entry.slice(1)).toEqual(requests.map((r) => ({ fullUrl: `${served()}/Task/${r.id}`, request: { method: 'GET', url: `Task/${r.id}` }, response: { status: '200' } })));
    for (const marker of [FAMILY, IDENTIFIER, QUESTION, 'Hedwig']) expect(JSON.stringify(bundle)).not.toContain(marker);
    // No numbers: every kept event; a range: just those; past the latest: none.
    expect(eventsIn(await events(subscriptionId)).numbers).toEqual(['1', '2', '3']);
    expect(eventsIn(await events(subscriptionId, { eventsSinceNumber: 2 })).numbers).toEqual(['2', '3']);
    expect(eventsIn(await events(subscriptionId, { eventsUntilNumber: 1 })).numbers).toEqual(['1']);
    expect(eventsIn(await events(subscriptionId, { eventsSinceNumber: 4 })).numbers).toEqual([]);
  });

  it('content full-resource gives the Task and ServiceRequest; empty gives the events alone; POST takes a Parameters body', async () => {
    const full = await events(subscriptionId, { eventsSinceNumber: 2, eventsUntilNumber: 2, content: 'full-resource' });
    expectValidFhir(full);
    expect(full.entry.slice(1).map((e: any) => [e.resource.resourceType, e.resource.id])).toEqual([
      ['Task', requests[1]!.id],
      ['ServiceRequest', requests[1]!.id],
    ]);
    expect(JSON.stringify(full)).toContain(`${FAMILY}2`);
    const empty = await events(subscriptionId, { content: 'empty' });
    expect(eventsIn(empty).numbers).toEqual(['1', '2', '3']);
    expect(empty.entry).toHaveLength(1);
    const posted = (await clientOf(ctx.clinic.ehr).operation({
      name: '$events',
      resourceType: 'Subscription',
      id: subscriptionId,
      input: { resourceType: 'Parameters', parameter: [{ name: 'eventsSinceNumber', valueString: '3' }, { name: 'content', valueCode: 'id-only' }] },
    })) as any;
    expect(eventsIn(posted).numbers).toEqual(['3']);
    expect(posted.entry.slice(1).map((e: any) => e.fullUrl)).toEqual([`${served()}/Task/${requests[2]!.id}`]);
  });

  it('bad numbers and contents are 400 OperationOutcomes naming the parameter', async () => {
    for (const [input, field] of [
      [{ eventsSinceNumber: 'two' }, 'eventsSinceNumber'],
      [{ eventsUntilNumber: '-1' }, 'eventsUntilNumber'],
      [{ eventsSinceNumber: '1.5' }, 'eventsSinceNumber'],
      [{ eventsSinceNumber: 3, eventsUntilNumber: 1 }, 'eventsSinceNumber'],
      [{ content: 'everything' }, 'content'],
    ] as const) {
      const { status, data } = await refusal(events(subscriptionId, input));
      expect(status, JSON.stringify(input)).toBe(400);
      expect(data.resourceType).toBe('OperationOutcome');
      expect(JSON.stringify(data.issue)).toContain(field);
    }
    const twice = await fhir(ctx, ctx.clinic.ehr, 'GET', `/Subscription/${subscriptionId}/$events?eventsSinceNumber=1&eventsSinceNumber=2`);
    expect(twice.status).toBe(400);
    const notParameters = await fhir(ctx, ctx.clinic.ehr, 'POST', `/Subscription/${subscriptionId}/$events`, { body: { resourceType: 'Patient' } });
    expect(notParameters.status).toBe(400);
  });

  it('only the owner: another client is told the subscription does not exist; a person is refused', async () => {
    const other = await newCtx();
    expect((await refusal(events(subscriptionId, {}, other.clinic.ehr))).status).toBe(404);
    expect((await refusal(events(subscriptionId, {}, ctx.clinic.gp))).status).toBe(403);
  });

  it('the CapabilityStatement advertises $events beside $status', async () => {
    const statement = (await clientOf(ctx.clinic.ehr).capabilityStatement()) as any;
    const entry = statement.rest[0].resource.find((r: { type: string }) => r.type === 'Subscription');
    expect(entry.operation).toEqual([
      { name: 'status', definition: `${BACKPORT}/OperationDefinition/backport-subscription-status` },
      { name: 'events', definition: `${BACKPORT}/OperationDefinition/backport-subscription-events` },
    ]);
  });

  it('events past the retention period are forgotten; the count stays', async () => {
    const id = await subscribe();
    await submittedRequest(ctx);
    const store = await outboxStore();
    await forgetOldEvents(store, new Date(Date.now() + 29 * 86_400_000), 30);
    expect(eventsIn(await events(id)).numbers).toEqual(['1']);
    // The scheduled round (the Worker's cron trigger) forgets them too, with the configured period.
    await deliverHooks({ store, clock: { now: () => new Date(Date.now() + 31 * 86_400_000) }, policy: { allowLocal: true }, fhirBase: BASE, eventRetentionDays: 30 });
    const after = eventsIn(await events(id));
    expect(after.numbers).toEqual([]);
    expect(after.status['events-since-subscription-start']).toBe('1');
    await clientOf(ctx.clinic.ehr).delete({ resourceType: 'Subscription', id });
  });

  it('a subscription deleted while a change is written hears nothing, and the change goes on', async () => {
    const id = await subscribe();
    const store = await outboxStore();
    const active = (await store.subscriptions.active(REQUEST_STATUS_TOPIC)).filter((s) => s.id === id);
    const request = (await store.requests.version(requests[0]!.id, 1))!;
    await clientOf(ctx.clinic.ehr).delete({ resourceType: 'Subscription', id });
    expect(await subscriberRows(store, active, request, new Date())).toEqual([]);
  });

  it('a deleted subscription’s events go with it', async () => {
    await clientOf(ctx.clinic.ehr).delete({ resourceType: 'Subscription', id: subscriptionId });
    expect((await refusal(events(subscriptionId))).status).toBe(404);
    const store = await outboxStore();
    expect(await store.subscriptions.events(subscriptionId, 0, 100, 100)).toEqual([]);
  });
});
