/**
 * Administration through the JSON API (issue 12): settings that change what happens next (SLA
 * targets and holidays for new requests only), people leaving (their next call is 401),
 * optimistic concurrency, the rules' refusals, and the log of every change.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../harness/database.js';
import { adminWorld, type AdminWorld } from './admin.fixtures.js';
import { createRequest, draftBody, expectProblem, fieldsOf, read } from './helpers.js';

const service = (w: AdminWorld) => `/api/admin/services/${w.clinic.serviceId}`;

async function change(w: AdminWorld, path: string, patch: unknown) {
  const current = await w.as(w.providerAdmin, 'GET', path);
  expect(current.status).toBe(200);
  const res = await w.as(w.providerAdmin, 'PATCH', path, patch, { 'If-Match': current.headers.get('ETag')! });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

const submitUrgent = async (w: AdminWorld) => (await createRequest({ api: w.api, clinic: w.clinic }, w.clinic.gp, { priority: 'urgent' }, true)) as { id: string; sla: { dueAt: string } };

async function changesOf(entityId: string) {
  const result = await (await testDatabase()).execute(sql`select actor_kind, actor_id, action, version, changes from administration_log where entity_id = ${entityId} order by id`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { actor_kind: string; actor_id: string; action: string; version: number; changes: Record<string, unknown> }[];
}

describe('administration of a consulting service', () => {
  let w: AdminWorld | undefined;
  afterEach(() => w?.api.clock.reset());

  it('SLA targets and public holidays change the due time of new requests, not of old ones', async () => {
    w = await adminWorld();
    // Monday 6 January 2031, 10:00 in Berlin: urgent (2 business days) is due when Tuesday ends.
    w.api.clock.set('2031-01-06T09:00:00Z');
    const before = await submitUrgent(w);
    expect(before.sla.dueAt).toBe('2031-01-07T23:00:00.000Z');

    await change(w, service(w), { publicHolidays: ['2031-01-07'] });
    const afterHoliday = await submitUrgent(w);
    expect(afterHoliday.sla.dueAt).toBe('2031-01-08T23:00:00.000Z');

    await change(w, service(w), { slaTargets: { routine: 10, urgent: 3, asap: 1, stat: 0 } });
    const afterTargets = await submitUrgent(w);
    expect(afterTargets.sla.dueAt).toBe('2031-01-09T23:00:00.000Z');

    const ctx = { api: w.api, clinic: w.clinic };
    expect((await read(ctx, w.clinic.gp, before.id)).body.sla.dueAt).toBe('2031-01-07T23:00:00.000Z');
    expect((await read(ctx, w.clinic.gp, afterHoliday.id)).body.sla.dueAt).toBe('2031-01-08T23:00:00.000Z');
  });

  it('business hours say which weekdays count: a service open on Saturdays counts them', async () => {
    w = await adminWorld();
    w.api.clock.set('2031-01-10T09:00:00Z'); // a Friday
    await change(w, service(w), { businessHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '09:00', end: '13:00' })) });
    // Friday and Saturday: due when Saturday ends.
    expect((await submitUrgent(w)).sla.dueAt).toBe('2031-01-11T23:00:00.000Z');
  });

  it('needs the version read (428 without If-Match, 412 when stale) and changes nothing then', async () => {
    w = await adminWorld();
    const current = await w.as(w.providerAdmin, 'GET', service(w));
    expectProblem(await w.as(w.providerAdmin, 'PATCH', service(w), { reconsultMonths: 3 }), 428);
    await change(w, service(w), { reconsultMonths: 4 });
    expectProblem(await w.as(w.providerAdmin, 'PATCH', service(w), { reconsultMonths: 3 }, { 'If-Match': current.headers.get('ETag')! }), 412, 'precondition_failed');
    const now = await w.as(w.providerAdmin, 'GET', service(w));
    expect(now.body).toMatchObject({ reconsultMonths: 4, version: current.body.version + 1 });
    expect(now.headers.get('ETag')).toBe(`W/"${current.body.version + 1}"`);
  });

  it('refuses bad settings naming the field, and a triage team of anyone but its psychiatrists and group leaders', async () => {
    w = await adminWorld();
    const current = await w.as(w.providerAdmin, 'GET', service(w));
    const ifMatch = { 'If-Match': current.headers.get('ETag')! };
    const zone = await w.as(w.providerAdmin, 'PATCH', service(w), { timeZone: 'Mars/Olympus' }, ifMatch);
    expectProblem(zone, 400, 'invalid_input');
    expect(fieldsOf(zone)).toEqual(['timeZone']);
    const team = await w.as(w.providerAdmin, 'PATCH', service(w), { team: [w.clinic.psychiatrist.id, w.clinic.gp.id] }, ifMatch);
    expectProblem(team, 422, 'unprocessable');
    expect(fieldsOf(team)).toEqual(['team.1']);
    expect((await w.as(w.providerAdmin, 'GET', service(w))).body.version).toBe(current.body.version);
  });

  it('intake: a service that names its referring practices refuses a request from any other', async () => {
    w = await adminWorld();
    await change(w, service(w), { referringPractices: [w.clinic.otherPracticeId] });
    const refused = await w.as(w.clinic.gp, 'POST', '/api/requests', { ...draftBody(), submit: true });
    expectProblem(refused, 422, 'unprocessable');
    expect(fieldsOf(refused)).toEqual(['serviceId']);
    expect((await w.as(w.clinic.otherGp, 'POST', '/api/requests', { ...draftBody(), submit: true })).status).toBe(201);
    const notAPractice = await w.as(w.providerAdmin, 'GET', service(w));
    const res = await w.as(w.providerAdmin, 'PATCH', service(w), { referringPractices: [w.clinic.specialistId] }, { 'If-Match': notAPractice.headers.get('ETag')! });
    expectProblem(res, 422, 'unprocessable');
    expect(fieldsOf(res)).toEqual(['referringPractices.0']);
  });

  it("intake holds for a redirect too: a service that does not take the practice's referrals is refused, and the request stays where it was", async () => {
    w = await adminWorld();
    const submitted = (await createRequest({ api: w.api, clinic: w.clinic }, w.clinic.gp, {}, true)) as { id: string; version: number };
    const other = `/api/admin/services/${w.clinic.otherServiceId}`;
    await change(w, other, { referringPractices: [w.clinic.otherPracticeId] });
    const refused = await w.as(w.clinic.psychiatrist2, 'POST', `/api/requests/${submitted.id}/redirect`, { serviceId: w.clinic.otherServiceId, reason: 'Crisis team' });
    expectProblem(refused, 422, 'unprocessable');
    expect(fieldsOf(refused)).toEqual(['serviceId']);
    expect((await read({ api: w.api, clinic: w.clinic }, w.clinic.gp, submitted.id)).body).toMatchObject({ status: 'submitted', version: submitted.version });

    await change(w, other, { referringPractices: null });
    const redirected = await w.as(w.clinic.psychiatrist2, 'POST', `/api/requests/${submitted.id}/redirect`, { serviceId: w.clinic.otherServiceId, reason: 'Crisis team' });
    expect(redirected.status, JSON.stringify(redirected.body)).toBe(200);
  });

  it('records every change: who, what, the version it made', async () => {
    w = await adminWorld();
    await change(w, service(w), { team: [w.clinic.psychiatrist.id], reconsultMonths: 5 });
    const log = await changesOf(w.clinic.serviceId);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor_kind: 'user', actor_id: w.providerAdmin.id, action: 'update', version: 2, changes: { team: [w.clinic.psychiatrist.id], reconsultMonths: 5 } });
    expect((await w.as(w.providerAdmin, 'GET', service(w))).body.team).toEqual([w.clinic.psychiatrist.id]);
  });
});

describe('administration of people', () => {
  it('a deactivated person is refused at their next call, and let in again when reactivated', async () => {
    const w = await adminWorld();
    const path = `/api/admin/users/${w.clinic.psychiatrist2.id}`;
    expect((await w.as(w.clinic.psychiatrist2, 'GET', '/api/me')).status).toBe(200);
    await change(w, path, { active: false });
    expectProblem(await w.as(w.clinic.psychiatrist2, 'GET', '/api/me'), 401, 'unauthenticated');
    await change(w, path, { active: true });
    expect((await w.as(w.clinic.psychiatrist2, 'GET', '/api/me')).status).toBe(200);
    expect((await changesOf(w.clinic.psychiatrist2.id)).map((c) => c.action)).toEqual(['deactivate', 'reactivate']);
  });

  it('creates a person with identifiers and a profile; an address in use is a 409; nobody is deleted', async () => {
    const w = await adminWorld();
    const path = `/api/admin/organisations/${w.clinic.specialistId}/users`;
    const email = `new-${crypto.randomUUID()}@test.liaison.test`;
    const body = { email, name: 'Test newcomer', role: 'psychiatrist', identifiers: [{ system: 'https://provider-register.example.org/sid/provider-number', value: '0999' }], languages: ['nl', 'tr'], subSpecialties: ['perinatal'], weeklyCapacity: 6 };
    const created = await w.as(w.providerAdmin, 'POST', path, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ ...body, organisationId: w.clinic.specialistId, active: true, version: 1 });
    expect(created.headers.get('Location')).toBe(`/api/admin/users/${created.body.id}`);
    const again = await w.as(w.providerAdmin, 'POST', path, { ...body, email: email.toUpperCase() });
    expectProblem(again, 409, 'conflict');
    expect(fieldsOf(again)).toEqual(['email']);
    expect((await w.as(w.providerAdmin, 'DELETE', `/api/admin/users/${created.body.id}`)).status).toBe(404);
  });

  it('an administrator cannot lock themselves out', async () => {
    const w = await adminWorld();
    const path = `/api/admin/users/${w.providerAdmin.id}`;
    const current = await w.as(w.providerAdmin, 'GET', path);
    const res = await w.as(w.providerAdmin, 'PATCH', path, { active: false }, { 'If-Match': current.headers.get('ETag')! });
    expectProblem(res, 422, 'unprocessable');
    expect(fieldsOf(res)).toEqual(['active']);
  });

  it('lists the organisation\'s people by name, paged with a cursor sealed for that list', async () => {
    const w = await adminWorld();
    const path = `/api/admin/organisations/${w.clinic.specialistId}/users`;
    const first = await w.as(w.providerAdmin, 'GET', `${path}?limit=2`);
    expect(first.body.items).toHaveLength(2);
    const rest = await w.as(w.providerAdmin, 'GET', `${path}?limit=100&cursor=${first.body.nextCursor}`);
    const names = [...first.body.items, ...rest.body.items].map((u: { name: string }) => u.name);
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(5);
    expectProblem(await w.as(w.providerAdmin, 'GET', `/api/admin/organisations/${w.clinic.specialistId}/users?cursor=${first.body.nextCursor}x`), 400, 'invalid_input');
  });
});
