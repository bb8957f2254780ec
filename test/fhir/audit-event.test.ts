/**
 * GET /fhir/AuditEvent (IHE Basic Audit Log Patterns): the privacy officer's "who saw this
 * request" over FHIR, paged, for administrators and privacy officers only.
 */
import { describe, expect, it } from 'vitest';
import { adminWorld } from '../api/admin.fixtures.js';
import { createRequest } from '../api/helpers.js';
import { expectValidFhir } from './helpers.js';

describe('AuditEvent search', () => {
  it('answers who saw a request, as BALP-shaped AuditEvents, paged with a sealed link', async () => {
    const w = await adminWorld();
    const { gp, psychiatrist, otherGp } = w.clinic;
    const request = await createRequest({ api: w.api, clinic: w.clinic }, gp, {}, true);
    await w.api.call('GET', `/fhir/ServiceRequest/${request.id}`, { token: psychiatrist.token });
    await w.api.call('GET', `/api/requests/${request.id}`, { token: otherGp.token });
    // A list names no request in its route, yet it showed this one: the entity is still the request.
    await w.api.call('GET', '/api/requests', { token: gp.token });

    const first = await w.as(w.privacyOfficer, 'GET', `/fhir/AuditEvent?entity=ServiceRequest/${request.id}&_count=2`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expectValidFhir(first.body);
    const events = first.body.entry.map((e: { resource: Record<string, any> }) => e.resource);
    expect(events[0]).toMatchObject({
      resourceType: 'AuditEvent',
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'create' }],
      action: 'C',
      outcome: '0',
      agent: [{ who: { reference: `Practitioner/${gp.id}` }, requestor: true }],
      entity: [{ what: { reference: `ServiceRequest/${request.id}` } }],
      source: { observer: { display: 'Liaison' } },
    });
    // No versions: the statement says no-version, and an audit record never changes.
    for (const event of events) expect(event.meta?.versionId).toBeUndefined();
    expect(events[1]).toMatchObject({ subtype: [{ code: 'read' }], action: 'R', agent: [{ who: { reference: `Practitioner/${psychiatrist.id}` } }] });
    const next = first.body.link.find((l: { relation: string }) => l.relation === 'next').url as string;
    expect(next).not.toContain(request.id);
    const second = await w.as(w.privacyOfficer, 'GET', next.replace('http://liaison.test', ''));
    expect(second.body.entry.map((e: { resource: Record<string, any> }) => [e.resource.outcome, e.resource.subtype[0].code, e.resource.agent[0].who.reference, e.resource.entity[0].what.reference])).toEqual([
      ['4', 'read', `Practitioner/${otherGp.id}`, `ServiceRequest/${request.id}`],
      ['0', 'search-type', `Practitioner/${gp.id}`, `ServiceRequest/${request.id}`],
    ]);
    expectValidFhir(second.body);
  });

  it('refuses clinicians (403) and answers nothing about another organisation (404)', async () => {
    const w = await adminWorld();
    const request = await createRequest({ api: w.api, clinic: w.clinic }, w.clinic.gp, {}, true);
    expect((await w.as(w.clinic.psychiatrist, 'GET', `/fhir/AuditEvent?entity=ServiceRequest/${request.id}`)).status).toBe(403);
    const elsewhere = await w.api.clinic();
    expect((await w.as(elsewhere.admin, 'GET', `/fhir/AuditEvent?entity=ServiceRequest/${request.id}`)).status).toBe(404);
    expect((await w.as(w.privacyOfficer, 'GET', '/fhir/AuditEvent?entity=nonsense')).status).toBe(400);
  });
});
