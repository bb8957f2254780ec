/**
 * FHIR subscriptions (R4 Backport IG) with a real HTTP server as the subscriber's endpoint: the
 * handshake, event notifications on a status change (id-only carries no patient data; full-resource
 * the resources), filters, access, heartbeats, $status, 500s → backoff → dead letter → replay, and
 * delete stops delivery.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendHeartbeats } from '../../src/services/subscription-events.js';
import { TestClock } from '../harness/api.js';
import { deliverHooksNow, hookEndpoint, statusOf, type HookEndpoint } from '../harness/hook-endpoint.js';
import { hookNotificationsAbout, outboxStore, quietOutbox } from '../harness/outbox.js';
import { move, newCtx, patientBody, submittedRequest, type Ctx } from '../api/helpers.js';
import type { Person } from '../harness/clinic.js';
import { BASE, expectOutcome, expectValidFhir, expressionsOf, fhir } from './helpers.js';

const TOPIC = 'https://liaison.example.org/fhir/SubscriptionTopic/request-status-changed';
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
// Unmistakable: if any of these reaches an id-only notification, patient data leaked.
const FAMILY = 'Quonsetthaler';
const IDENTIFIER = 'PID-448213';
const QUESTION = 'Clozapinspiegel-Markierung';

let ctx: Ctx;
let endpoint: HookEndpoint;
const clock = new TestClock();

const drain = (maxAttempts = 3): Promise<void> => deliverHooksNow(clock, BASE, maxAttempts);

function subscriptionBody(o: { content?: string; filters?: string[]; heartbeat?: number; header?: string[]; url?: string } = {}) {
  return {
    resourceType: 'Subscription',
    meta: { profile: [`${BACKPORT}/backport-subscription`] },
    status: 'requested',
    reason: 'Keep the practice system in step',
    criteria: TOPIC,
    ...(o.filters ? { _criteria: { extension: o.filters.map((f) => ({ url: `${BACKPORT}/backport-filter-criteria`, valueString: f })) } } : {}),
    channel: {
      ...(o.heartbeat ? { extension: [{ url: `${BACKPORT}/backport-heartbeat-period`, valueUnsignedInt: o.heartbeat }] } : {}),
      type: 'rest-hook',
      endpoint: o.url ?? endpoint.url,
      payload: 'application/fhir+json',
      _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: o.content ?? 'id-only' }] },
      ...(o.header ? { header: o.header } : {}),
    },
  };
}

/** Creates a subscription as the clinic's EHR and completes its handshake; returns its id. */
async function subscribe(o: Parameters<typeof subscriptionBody>[0] = {}, who: Person = ctx.clinic.ehr): Promise<string> {
  const res = await fhir(ctx, who, 'POST', '/Subscription', { body: subscriptionBody(o) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await drain();
  return res.body.id;
}

const eventsFor = (id: string) => endpoint.received.map((r) => r.body).filter((b) => statusOf(b).subscription === `${BASE}/Subscription/${id}` && statusOf(b).type === 'event-notification');
const unsubscribe = (id: string) => fhir(ctx, ctx.clinic.ehr, 'DELETE', `/Subscription/${id}`);
const marked = () => ({ patient: patientBody({ name: { family: FAMILY, given: ['Ottilie'] }, identifier: { system: 'urn:test:pid', value: IDENTIFIER } }), clinicalQuestion: `${QUESTION}?` });

beforeAll(async () => {
  ctx = await newCtx();
  endpoint = await hookEndpoint();
});
afterAll(() => endpoint.stop());
beforeEach(async () => {
  clock.reset();
  endpoint.answer = 200;
  endpoint.received.length = 0;
  await quietOutbox([ctx.clinic.practiceId, ctx.clinic.specialistId]);
});

describe('subscribing', () => {
  it('the CapabilityStatement advertises the topic on Subscription with the backport extension', async () => {
    const statement = (await fhir(ctx, null, 'GET', '/metadata')).body;
    const entry = statement.rest[0].resource.find((r: { type: string }) => r.type === 'Subscription');
    expect(entry.extension).toEqual([{ url: `${BACKPORT}/capabilitystatement-subscriptiontopic-canonical`, valueCanonical: TOPIC }]);
    expect(entry.profile).toBe(`${BACKPORT}/backport-subscription`);
    expect(entry.interaction.map((i: { code: string }) => i.code).sort()).toEqual(['create', 'delete', 'read', 'search-type']);
  });

  it('creation is requested until the endpoint answers the handshake; then active, and $status reports it', async () => {
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/Subscription', { body: subscriptionBody({ header: ['Authorization: Bearer subscriber-secret'] }) });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${BASE}/Subscription/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'requested', criteria: TOPIC, channel: { type: 'rest-hook', endpoint: endpoint.url } });
    expect(JSON.stringify(res.body)).not.toContain('subscriber-secret');
    await drain();
    expect(endpoint.received).toHaveLength(1);
    const [handshake] = endpoint.received;
    expect(handshake!.headers['content-type']).toBe('application/fhir+json');
    expect(handshake!.headers.authorization).toBe('Bearer subscriber-secret');
    expectValidFhir(handshake!.body);
    expect(handshake!.body).toMatchObject({ resourceType: 'Bundle', type: 'history' });
    expect(statusOf(handshake!.body)).toMatchObject({ type: 'handshake', status: 'requested', topic: TOPIC, 'events-since-subscription-start': '0' });
    expect((await fhir(ctx, ctx.clinic.ehr, 'GET', `/Subscription/${res.body.id}`)).body.status).toBe('active');
    const status = (await fhir(ctx, ctx.clinic.ehr, 'GET', `/Subscription/${res.body.id}/$status`)).body;
    expect(statusOf(status)).toMatchObject({ type: 'query-status', status: 'active', 'events-since-subscription-start': '0' });
    const mine = (await fhir(ctx, ctx.clinic.ehr, 'GET', '/Subscription')).body;
    expect(mine.entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(res.body.id);
    await unsubscribe(res.body.id);
  });

  it('an endpoint that refuses the handshake leaves the subscription in error', async () => {
    endpoint.answer = 500;
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/Subscription', { body: subscriptionBody() });
    await drain();
    const read = (await fhir(ctx, ctx.clinic.ehr, 'GET', `/Subscription/${res.body.id}`)).body;
    expect(read.status).toBe('error');
    expect(read.error).toMatch(/500/);
    await unsubscribe(res.body.id);
  });

  it('bad subscriptions are 400; another client’s subscription does not exist; people and clients without the scope are refused', async () => {
    const outcome = expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'POST', '/Subscription', { body: { ...subscriptionBody(), criteria: 'Task?status=completed' } }), 400);
    expect(expressionsOf(outcome)).toEqual(['Subscription.criteria']);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'POST', '/Subscription', { body: subscriptionBody({ filters: ['Patient?name=x'] }) }), 400);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'POST', '/Subscription', { body: subscriptionBody({ content: 'everything' }) }), 400);
    const id = await subscribe();
    expectOutcome(await fhir(ctx, ctx.clinic.serviceEhr, 'GET', `/Subscription/${id}`), 403);
    expectOutcome(await fhir(ctx, ctx.clinic.gp, 'GET', `/Subscription/${id}`), 403);
    expectOutcome(await fhir(ctx, ctx.clinic.gp, 'POST', '/Subscription', { body: subscriptionBody() }), 403);
    const other = await newCtx();
    expectOutcome(await fhir(other, other.clinic.ehr, 'GET', `/Subscription/${id}`), 404);
    expectOutcome(await fhir(other, other.clinic.ehr, 'DELETE', `/Subscription/${id}`), 404);
    await unsubscribe(id);
  });
});

describe('notifications', () => {
  it('a status change reaches an id-only subscription as numbered events with references only — no patient data', async () => {
    const id = await subscribe();
    const request = await submittedRequest(ctx, marked());
    await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
    await drain();
    const events = eventsFor(id);
    expect(events.map((b) => statusOf(b)['events-since-subscription-start'])).toEqual(['1', '2']);
    for (const [i, bundle] of events.entries()) {
      expectValidFhir(bundle);
      const event = Object.fromEntries((statusOf(bundle)['notification-event'] as { name: string; valueString?: string; valueReference?: { reference: string } }[]).map((p) => [p.name, p.valueString ?? p.valueReference?.reference]));
      expect(event).toMatchObject({ 'event-number': String(i + 1), focus: `${BASE}/Task/${request.id}` });
      expect(bundle.entry.slice(1)).toEqual([{ fullUrl: `${BASE}/Task/${request.id}`, request: { method: 'GET', url: `Task/${request.id}` }, response: { status: '200' } }]);
      for (const marker of [FAMILY, IDENTIFIER, QUESTION, 'Ottilie', '1980-04-12']) expect(JSON.stringify(bundle)).not.toContain(marker);
    }
    await unsubscribe(id);
  });

  it('full-resource carries the Task and ServiceRequest; a Task?status filter sends only matching changes', async () => {
    const id = await subscribe({ content: 'full-resource', filters: ['Task?status=accepted'] });
    const request = await submittedRequest(ctx);
    await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
    await drain();
    const [event, ...more] = eventsFor(id);
    expect(more).toEqual([]);
    const resources = event.entry.slice(1).map((e: { resource: { resourceType: string; id: string; status: string } }) => [e.resource.resourceType, e.resource.id, e.resource.status]);
    expect(resources).toEqual([
      ['Task', request.id, 'accepted'],
      ['ServiceRequest', request.id, 'active'],
    ]);
    await unsubscribe(id);
  });

  it('a subscription sees only what its client may see: another practice’s EHR hears nothing of this practice’s requests', async () => {
    const other = await newCtx();
    const res = await fhir(other, other.clinic.ehr, 'POST', '/Subscription', { body: subscriptionBody() });
    await quietOutbox([ctx.clinic.practiceId, ctx.clinic.specialistId, other.clinic.practiceId]);
    await drain();
    await submittedRequest(ctx);
    await drain();
    expect(eventsFor(res.body.id)).toEqual([]);
    await fhir(other, other.clinic.ehr, 'DELETE', `/Subscription/${res.body.id}`);
  });

  it('heartbeats at the requested period when nothing else was sent', async () => {
    const id = await subscribe({ heartbeat: 60 });
    const store = await outboxStore();
    await sendHeartbeats(store, clock.now());
    await drain();
    expect(endpoint.received.filter((r) => statusOf(r.body).type === 'heartbeat')).toHaveLength(1 - 1);
    clock.set(new Date(Date.now() + 61_000));
    await sendHeartbeats(store, clock.now());
    await sendHeartbeats(store, clock.now());
    await drain();
    const beats = endpoint.received.filter((r) => statusOf(r.body).type === 'heartbeat');
    expect(beats).toHaveLength(1);
    expectValidFhir(beats[0]!.body);
    await unsubscribe(id);
  });

  it('an endpoint answering 500s: retried with backoff, dead-lettered, listed for the administrator, replayed with success', async () => {
    const id = await subscribe();
    endpoint.answer = 500;
    const request = await submittedRequest(ctx);
    await drain(2);
    const [row] = await hookNotificationsAbout([request.id]);
    expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: 'Endpoint answered 500' });
    expect(row!.nextAttemptAt.getTime() - clock.now().getTime()).toBeLessThanOrEqual(10_000);
    clock.set(new Date(row!.nextAttemptAt.getTime() + 1));
    await drain(2);
    expect((await hookNotificationsAbout([request.id]))[0]).toMatchObject({ state: 'dead', attempts: 2 });
    expect(eventsFor(id).map((b) => statusOf(b).type), JSON.stringify(endpoint.received.map((r) => statusOf(r.body)))).toHaveLength(2);
    const dead = await ctx.api.call('GET', '/api/admin/notifications?state=dead', { token: ctx.clinic.admin.token });
    const listed = dead.body.items.find((n: { id: string }) => n.id === row!.id);
    expect(listed).toMatchObject({ channel: 'rest-hook', topic: 'event-notification', subscriptionId: id, reference: null });
    endpoint.answer = 200;
    expect((await ctx.api.call('POST', `/api/admin/notifications/${row!.id}/replay`, { token: ctx.clinic.admin.token })).status).toBe(204);
    await drain(2);
    expect((await hookNotificationsAbout([request.id]))[0]!.state).toBe('sent');
    expect(eventsFor(id)).toHaveLength(3);
    await unsubscribe(id);
  });

  it('delete stops delivery, what is waiting in the outbox included', async () => {
    const id = await subscribe();
    const request = await submittedRequest(ctx);
    expect((await unsubscribe(id)).status).toBe(204);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/Subscription/${id}`), 404);
    await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
    await drain();
    expect(eventsFor(id)).toEqual([]);
  });
});
