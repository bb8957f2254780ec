/**
 * Versions as the CapabilityStatement says (https://hl7.org/fhir/R4/codesystem-versioning-policy.html):
 * a `no-version` type carries no meta.versionId, no ETag and no `_history` Location; a versioned
 * one carries both, and where it reads history its `_history` links resolve. Checked for every
 * type the statement lists, from the statement itself.
 */
import { describe, expect, it } from 'vitest';
import { BASE, createRequest, fhir, get, newCtx, search, type Ctx, type Json } from './helpers.js';

/** A request with a booked joint consultation (so it has an Appointment). */
async function scheduled(ctx: Ctx, start = '2026-12-02T13:00:00.000Z'): Promise<string> {
  const id = (await createRequest(ctx)).id as string;
  for (const [action, body] of [
    ['accept', { agreedForm: 'joint-video' }],
    ['schedule', { start, durationMinutes: 45, videoLink: 'https://video.example.org/room/1' }],
  ] as const) {
    const res = await ctx.api.call('POST', `/api/requests/${id}/${action}`, { token: ctx.clinic.psychiatrist.token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return id;
}

/** A request the psychiatrist advised on, with a recommendation (so it has a CarePlan). */
async function advised(ctx: Ctx): Promise<string> {
  const id = (await createRequest(ctx)).id as string;
  const res = await ctx.api.call('POST', `/api/requests/${id}/give-advice`, { token: ctx.clinic.psychiatrist.token, body: { advice: 'Try sleep hygiene first.', recommendations: ['Review in four weeks.'] } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return id;
}

/** A scheduled request the psychiatrist completed (so it has an outcome letter, a DocumentReference); returns the letter's id. */
async function completed(ctx: Ctx, id: string): Promise<string> {
  const res = await ctx.api.call('POST', `/api/requests/${id}/complete`, { token: ctx.clinic.psychiatrist.token, body: { summary: 'Adjustment disorder; no medication needed.', outcomeCode: 'managed-in-primary-care-with-advice', recommendations: [] } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.outcome.messageId as string;
}

describe('versions as the CapabilityStatement says', () => {
  it('every type: read, search and create agree with its versioning', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const id = await scheduled(ctx);
    const withAdvice = await advised(ctx);
    const done = await scheduled(ctx, '2026-12-03T13:00:00.000Z');
    const letter = await completed(ctx, done);
    const message = await fhir(ctx, clinic.ehr, 'POST', '/Communication', {
      body: { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${id}` }], payload: [{ contentString: 'Seen today; no change.' }] },
    });
    expect(message.status, JSON.stringify(message.body)).toBe(201);
    const subscription = await fhir(ctx, clinic.ehr, 'POST', '/Subscription', {
      body: { resourceType: 'Subscription', status: 'requested', reason: 'versioning', criteria: 'https://liaison.example.org/fhir/SubscriptionTopic/request-status-changed', channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/hook', payload: 'application/fhir+json' } },
    });
    expect(subscription.status, JSON.stringify(subscription.body)).toBe(201);
    const instances: Record<string, { read: string; search: string }> = {
      ServiceRequest: { read: `/ServiceRequest/${id}`, search: `/ServiceRequest?_id=${id}` },
      Task: { read: `/Task/${id}`, search: `/Task?_id=${id}` },
      Communication: { read: `/Communication/${message.body.id}`, search: `/Communication?based-on=ServiceRequest/${id}` },
      Appointment: { read: `/Appointment/${id}`, search: `/Appointment?based-on=ServiceRequest/${id}` },
      DocumentReference: { read: `/DocumentReference/${letter}`, search: `/DocumentReference?related=ServiceRequest/${done}` },
      CarePlan: { read: `/CarePlan/${withAdvice}`, search: `/CarePlan?based-on=ServiceRequest/${withAdvice}` },
      HealthcareService: { read: `/HealthcareService/${clinic.serviceId}`, search: `/HealthcareService?_id=${clinic.serviceId}` },
      Organization: { read: `/Organization/${clinic.practiceId}`, search: `/Organization?_id=${clinic.practiceId}` },
      PractitionerRole: { read: `/PractitionerRole/${clinic.gp.id}`, search: `/PractitionerRole?practitioner=Practitioner/${clinic.gp.id}` },
      Subscription: { read: `/Subscription/${subscription.body.id}`, search: '/Subscription' },
      Practitioner: { read: `/Practitioner/${clinic.gp.id}`, search: `/Practitioner?identifier=${encodeURIComponent(`https://liaison.example.org/fhir/sid/user-email|gp-${clinic.gp.id}@test.liaison.test`)}` },
    };
    const statement = await get(ctx, clinic.ehr, '/metadata');
    // AuditEvent is searched only, by auditors (no-version: test/fhir/audit-event.test.ts holds it to that).
    const types = (statement.rest[0].resource as Json[]).filter((t) => t.type !== 'AuditEvent');
    expect(types.map((t) => t.type).sort()).toEqual(Object.keys(instances).sort());
    for (const { type, versioning, readHistory } of types) {
      const who = type === 'Task' ? clinic.psychiatrist : type === 'Organization' || type === 'PractitionerRole' ? clinic.gp : clinic.ehr;
      const read = await fhir(ctx, who, 'GET', instances[type]!.read);
      expect(read.status, `${type}: ${JSON.stringify(read.body)}`).toBe(200);
      const found = ((await search(ctx, who, instances[type]!.search)).entry as Json[]).map((e) => e.resource);
      expect(found.length, type).toBeGreaterThan(0);
      if (versioning === 'no-version') {
        expect(read.body.meta?.versionId, type).toBeUndefined();
        expect(read.headers.get('etag'), type).toBeNull();
        for (const r of found) expect(r.meta?.versionId, type).toBeUndefined();
      } else {
        expect(read.body.meta?.versionId, type).toMatch(/^\d+$/);
        expect(read.headers.get('etag'), type).toBe(`W/"${read.body.meta.versionId}"`);
        for (const r of found) expect(r.meta?.versionId, type).toMatch(/^\d+$/);
      }
      if (readHistory) {
        const version = await fhir(ctx, who, 'GET', `${instances[type]!.read}/_history/${read.body.meta.versionId}`);
        expect(version.status, type).toBe(200);
      }
    }
    // Created: a Location (and transaction-response location) only to what can be read.
    const communication = types.find((t) => t.type === 'Communication')!;
    expect(communication.versioning).toBe('no-version');
    expect(message.headers.get('location')).toBe(`${BASE}/Communication/${message.body.id}`);
    expect(message.headers.get('etag')).toBeNull();
    const bundle = await fhir(ctx, clinic.ehr, 'POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ resource: { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${id}` }], payload: [{ contentString: 'And a follow-up.' }] }, request: { method: 'POST', url: 'Communication' } }],
      },
    });
    expect(bundle.status, JSON.stringify(bundle.body)).toBe(200);
    const response = bundle.body.entry[0].response as Json;
    expect(response.location).toMatch(new RegExp(`^${BASE}/Communication/[0-9a-f-]{36}$`));
    expect(response.etag).toBeUndefined();
    expect((await fhir(ctx, clinic.ehr, 'GET', String(response.location).slice(BASE.length))).status).toBe(200);
  });
});
