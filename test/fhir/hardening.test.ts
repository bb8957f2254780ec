/**
 * What a careful reviewer tried: privacy across the draft boundary, corrections made in Liaison
 * showing over FHIR, odd input that must be a 4xx, and scopes on every path that moves a request.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accessLog } from '../../src/store/schema.js';
import { testDatabase } from '../harness/database.js';
import { CS, createRequest, expectOutcome, fhir, get, newCtx, serviceRequestBody, uniqueValue, type Json } from './helpers.js';

const message = (requestId: string, text: string): Json => ({
  resourceType: 'Communication',
  status: 'completed',
  basedOn: [{ reference: `ServiceRequest/${requestId}` }],
  payload: [{ contentString: text }],
});

describe('privacy across the draft boundary', () => {
  it('the consulting side never sees what was drafted before submission, nor a draft that was cancelled', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const draft = await createRequest(ctx, { status: 'draft', patient: 'FIRST-TRY' });
    const corrected = serviceRequestBody(ctx.clinic, { status: 'active', patient: 'CORRECTED' });
    const submitted = await fhir(ctx, ctx.clinic.ehr, 'PUT', `/ServiceRequest/${draft.id}`, {
      body: { ...corrected, id: draft.id, identifier: draft.identifier.filter((i: Json) => i.system !== `${CS.form.replace('/CodeSystem/consultation-form', '')}/sid/request-reference`) },
      headers: { 'If-Match': `W/"${draft.meta.versionId}"` },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const history = await get(ctx, psychiatrist, `/ServiceRequest/${draft.id}/_history`);
    expect(JSON.stringify(history)).not.toContain('FIRST-TRY');
    expect((await fhir(ctx, psychiatrist, 'GET', `/ServiceRequest/${draft.id}/_history/1`)).status).toBe(404);
    expect(JSON.stringify(await get(ctx, gp, `/ServiceRequest/${draft.id}/_history`))).toContain('FIRST-TRY');

    const abandoned = await createRequest(ctx, { status: 'draft' });
    const cancel = await ctx.api.call('POST', `/api/requests/${abandoned.id}/cancel`, { token: gp.token, body: { reason: 'Decided not to refer' } });
    expect(cancel.status).toBe(200);
    expect((await fhir(ctx, psychiatrist, 'GET', `/ServiceRequest/${abandoned.id}`)).status).toBe(404);
  });

  it('records a fixed pattern in the access log, never what a client typed into the path', async () => {
    const ctx = await newCtx();
    const typed = `/fhir/Patient/${uniqueValue('999911120')}`;
    expect((await ctx.api.call('GET', typed, { token: ctx.clinic.gp.token })).status).toBe(404);
    const db = await testDatabase();
    const [latest] = await db.select().from(accessLog).where(eq(accessLog.actorId, ctx.clinic.gp.id));
    expect(latest!.interaction).toBe('GET /fhir/*/:id');
  });
});

describe('corrections made in Liaison show over FHIR', () => {
  it('a patient and identifiers corrected through the JSON API replace what the EHR first sent', async () => {
    const ctx = await newCtx();
    const draft = await createRequest(ctx, { status: 'draft', patient: 'WRONG-PATIENT', order: 'ORD-77' });
    const patch = await ctx.api.call('PATCH', `/api/requests/${draft.id}`, {
      token: ctx.clinic.gp.token,
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { patient: { identifier: { system: 'urn:test', value: 'RIGHT-PATIENT' } }, identifiers: [{ system: 'urn:oid:1.2.3.4.5.6.7', value: 'ORD-78' }] },
    });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    const read = await get(ctx, ctx.clinic.gp, `/ServiceRequest/${draft.id}`);
    expect(JSON.stringify(read)).not.toContain('WRONG-PATIENT');
    expect(JSON.stringify(read)).toContain('RIGHT-PATIENT');
    expect(read.identifier.map((i: Json) => i.value)).toContain('ORD-78');
    expect(read.identifier.map((i: Json) => i.value)).not.toContain('ORD-77');
  });

  it('a GP can record consent on a draft an EHR made with a logical patient reference', async () => {
    const ctx = await newCtx();
    const { contained: _c, ...rest } = serviceRequestBody(ctx.clinic, { status: 'draft' });
    const body = { ...rest, subject: { identifier: { system: 'urn:test', value: uniqueValue('P') }, display: 'Maren Lindholm' }, extension: [rest.extension[0]] };
    const made = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const patch = await ctx.api.call('PATCH', `/api/requests/${made.body.id}`, {
      token: ctx.clinic.gp.token,
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { consent: { given: true }, identifiers: null },
    });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    expect(patch.body).toMatchObject({ consent: { given: true }, identifiers: [] });
  });
});

describe('odd input is a 4xx, never a 500', () => {
  it.each([
    ['a performer id of 36 dashes', { performer: [{ reference: `HealthcareService/${'-'.repeat(36)}` }] }, 422],
    ['an 8 KB order number', { identifier: [{ system: 'urn:x', value: 'x'.repeat(8192) }] }, 422],
    ['an authoredOn in year 1', { authoredOn: '0001-01-01T00:00:00Z' }, 422],
  ])('%s', async (_name, extra, status) => {
    const ctx = await newCtx();
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: { ...serviceRequestBody(ctx.clinic), ...extra } });
    expect([status, 400]).toContain(res.status);
    expectOutcome(res, res.status);
  });

  it('a leap second authoredOn is read as the next instant, not a 500', async () => {
    const ctx = await newCtx();
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: { ...serviceRequestBody(ctx.clinic), authoredOn: '2016-12-31T23:59:60Z' } });
    expect([201, 400, 422]).toContain(res.status);
  });

  it('a partial birth date is kept as sent', async () => {
    const ctx = await newCtx();
    const body = serviceRequestBody(ctx.clinic);
    body.contained[0].birthDate = '1987';
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.contained[0].birthDate).toBe('1987');
  });

  it('a lone surrogate or a NUL is refused in bodies, queries and If-None-Exist', async () => {
    const ctx = await newCtx();
    const body = serviceRequestBody(ctx.clinic, { question: 'x \ud800 y' });
    const lone = await ctx.api.call('POST', '/fhir/ServiceRequest', { token: ctx.clinic.ehr.token, rawBody: JSON.stringify(body), headers: { 'Content-Type': 'application/fhir+json' } });
    expectOutcome(lone, 400);
    const nul = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: serviceRequestBody(ctx.clinic), headers: { 'If-None-Exist': 'identifier=urn:x|a%00b' } });
    expectOutcome(nul, 400);
    const api = await ctx.api.call('POST', '/api/requests/search', { token: ctx.clinic.gp.token, rawBody: '{"patientIdentifier":{"system":"x","value":"\\udc00"}}', headers: { 'Content-Type': 'application/json' } });
    expect(api.status).toBe(400);
    const since = await ctx.api.call('GET', '/api/requests?updatedSince=0000-01-01T00:00:00Z', { token: ctx.clinic.gp.token });
    expect(since.status).toBe(400);
  });
});

describe('scopes on every path that moves a request', () => {
  it('a message that moves the request needs the write scope of its side; a conditional create that finds one needs read', async () => {
    const ctx = await newCtx({ ehrScopes: 'system/ServiceRequest.c system/Communication.c' });
    const order = uniqueValue('ORD');
    const body = serviceRequestBody(ctx.clinic, { order });
    const made = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body, headers: { 'If-None-Exist': `identifier=urn:oid:1.2.3.4.5.6.7|${order}` } });
    expect(made.status).toBe(201);
    const again = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body, headers: { 'If-None-Exist': `identifier=urn:oid:1.2.3.4.5.6.7|${order}` } });
    expectOutcome(again, 403);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', { body: message(made.body.id, 'More information') }), 403);
  });

  it('without PUBLIC_URL the token endpoint serves only loopback and .test names', async () => {
    const ctx = await newCtx();
    const res = await ctx.api.call('POST', '/auth/token', { rawBody: 'grant_type=client_credentials', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Host: 'fhir.example.org' } });
    // In-process calls use http://liaison.test; a different Host header does not change the URL.
    expect([400, 401]).toContain(res.status);
  });
});

describe('status searches find what reads show', () => {
  it('a declined request the GP closed is found as revoked (ServiceRequest), rejected and declined (Task)', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const declined = await createRequest(ctx);
    await ctx.api.call('POST', `/api/requests/${declined.id}/decline`, { token: psychiatrist.token, body: { reason: 'manageable-in-primary-care', advice: 'Sertraline 50 mg.' } });
    await ctx.api.call('POST', `/api/requests/${declined.id}/close`, { token: gp.token, body: {} });
    const completed = await createRequest(ctx);
    await ctx.api.call('POST', `/api/requests/${completed.id}/accept`, { token: psychiatrist.token, body: { agreedForm: 'joint-video' } });
    await ctx.api.call('POST', `/api/requests/${completed.id}/complete`, { token: psychiatrist.token, body: { summary: 'Seen.', outcomeCode: 'joint-follow-up' } });
    await ctx.api.call('POST', `/api/requests/${completed.id}/close`, { token: gp.token, body: {} });
    expect((await get(ctx, gp, `/ServiceRequest/${declined.id}`)).status).toBe('revoked');

    const ids = async (path: string) => ((await get(ctx, gp, path)).entry ?? []).filter((e: Json) => e.search.mode === 'match').map((e: Json) => e.resource.id);
    expect(await ids('/ServiceRequest?status=revoked')).toEqual([declined.id]);
    expect(await ids('/ServiceRequest?status=completed')).toEqual([completed.id]);
    expect((await ids('/ServiceRequest?status=completed,revoked')).sort()).toEqual([declined.id, completed.id].sort());
    expect(await ids('/ServiceRequest?status=completed&intent=proposal')).toEqual([]);
    expect(await ids('/Task?status=rejected')).toEqual([declined.id]);
    expect(await ids('/Task?business-status=declined')).toEqual([declined.id]);
    expect(await ids('/Task?business-status=closed-reviewed')).toEqual([completed.id]);
  });
});

describe('links Liaison makes never repeat a patient identifier', () => {
  it('neither the FHIR self link nor the JSON next link', async () => {
    const ctx = await newCtx();
    const patient = uniqueValue('PAT');
    await createRequest(ctx, { patient });
    await createRequest(ctx, { patient });
    const bundle = await get(ctx, ctx.clinic.gp, `/ServiceRequest?subject:identifier=https://demo-practice.example.org/sid/patient-number|${patient}&_count=1`);
    expect(JSON.stringify(bundle.link)).not.toContain(patient);
    const list = await ctx.api.call('GET', `/api/requests?limit=1&patientIdentifier=${encodeURIComponent(`https://demo-practice.example.org/sid/patient-number|${patient}`)}`, { token: ctx.clinic.gp.token });
    expect(list.status).toBe(200);
    expect(list.body.next).toBeNull();
    expect(list.body.nextCursor).toEqual(expect.any(String));
  });
});
