/**
 * HTTP to the letter (issue 8): 405 with Allow, HEAD, Prefer: return, ids as sent, content
 * negotiation (Accept, fhirVersion), history with _since/_count/_at, preconditions before rules.
 */
import { describe, expect, it } from 'vitest';
import { BASE, createRequest, expectOutcome, fhir, get, newCtx, put } from './helpers.js';

describe('methods', () => {
  it('PUT to an unknown id is 405 (no update-create), and every 405 carries Allow', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const unknown = crypto.randomUUID();
    const res = await fhir(ctx, ctx.clinic.ehr, 'PUT', `/ServiceRequest/${unknown}`, { body: { ...sr, id: unknown }, headers: { 'If-Match': 'W/"1"' } });
    expectOutcome(res, 405);
    expect(res.headers.get('allow')).toMatch(/GET/);
    // Another practice's request is, for the caller, just as unknown.
    const foreign = await fhir(ctx, ctx.clinic.otherGp, 'PUT', `/ServiceRequest/${sr.id}`, { body: sr, headers: { 'If-Match': 'W/"1"' } });
    expectOutcome(foreign, 405);
    const deleted = await fhir(ctx, ctx.clinic.ehr, 'DELETE', `/ServiceRequest/${sr.id}`);
    expectOutcome(deleted, 405);
    expect(deleted.headers.get('allow')?.split(/,\s*/).sort()).toEqual(['GET', 'HEAD', 'PUT']);
    const base = await fhir(ctx, ctx.clinic.ehr, 'GET', '');
    expectOutcome(base, 405);
    expect(base.headers.get('allow')).toBe('POST');
  });

  it('HEAD on reads and /metadata: the headers of GET, no body', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const read = await ctx.api.call('HEAD', `/fhir/ServiceRequest/${sr.id}`, { token: ctx.clinic.ehr.token });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect(read.body).toBeNull();
    const metadata = await ctx.api.call('HEAD', '/fhir/metadata');
    expect(metadata.status).toBe(200);
    expect(metadata.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  });

  it('Prefer: return=minimal is an empty body without a content type; return=OperationOutcome is an outcome', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const minimal = await put(ctx, ctx.clinic.ehr, { ...sr }, { status: 'revoked' });
    expect(minimal.status).toBe(200);
    const again = await createRequest(ctx);
    const res = await fhir(ctx, ctx.clinic.ehr, 'PUT', `/ServiceRequest/${again.id}`, { body: { ...again, status: 'revoked' }, headers: { 'If-Match': 'W/"1"', Prefer: 'return=minimal' } });
    expect(res.status).toBe(200);
    expect(res.body).toBeNull();
    expect(res.headers.get('content-type')).toBeNull();
    expect(res.headers.get('etag')).toBe('W/"2"');
    const outcome = await fhir(ctx, ctx.clinic.ehr, 'GET', `/ServiceRequest/${sr.id}`, { headers: { Prefer: 'return=OperationOutcome' } });
    expect(outcome.status).toBe(200);
    const created = await fhir(ctx, ctx.clinic.ehr, 'PUT', `/ServiceRequest/${again.id}`, {
      body: { ...again, status: 'entered-in-error', meta: undefined },
      headers: { 'If-Match': 'W/"2"', Prefer: 'return=OperationOutcome' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information' }] });
  });

  it('an upper-case id is 404, never silently lower-cased', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/ServiceRequest/${String(sr.id).toUpperCase()}`), 404);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/Task/${String(sr.id).toUpperCase()}`), 404);
  });
});

describe('content negotiation', () => {
  it('Accept: application/* is served; application/json is echoed; fhirVersion=3.0 is 406 / 415', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const token = ctx.clinic.ehr.token;
    const star = await ctx.api.call('GET', `/fhir/ServiceRequest/${sr.id}`, { token, headers: { Accept: 'application/*' } });
    expect(star.status).toBe(200);
    const json = await ctx.api.call('GET', `/fhir/ServiceRequest/${sr.id}`, { token, headers: { Accept: 'application/json' } });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const r3 = await ctx.api.call('GET', `/fhir/ServiceRequest/${sr.id}`, { token, headers: { Accept: 'application/fhir+json; fhirVersion=3.0' } });
    expect(r3.status).toBe(406);
    const r4 = await ctx.api.call('GET', `/fhir/ServiceRequest/${sr.id}`, { token, headers: { Accept: 'application/fhir+json; fhirVersion=4.0' } });
    expect(r4.status).toBe(200);
    const sent = await ctx.api.call('PUT', `/fhir/ServiceRequest/${sr.id}`, { token, body: { ...sr, status: 'revoked' }, headers: { 'Content-Type': 'application/fhir+json; fhirVersion=3.0', 'If-Match': 'W/"1"' } });
    expect(sent.status).toBe(415);
  });
});

describe('history parameters', () => {
  it('_since, _count and _at on instance history; garbage is 400, lenient or strict', async () => {
    const ctx = await newCtx();
    try {
      ctx.api.clock.set('2026-03-01T10:00:00.000Z');
      const draft = await createRequest(ctx, { status: 'draft' });
      ctx.api.clock.set('2026-03-02T10:00:00.000Z');
      expect((await put(ctx, ctx.clinic.ehr, draft, { priority: 'urgent' })).status).toBe(200);
      ctx.api.clock.set('2026-03-03T10:00:00.000Z');
      const second = await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${draft.id}`);
      expect((await put(ctx, ctx.clinic.ehr, second, { priority: 'asap' })).status).toBe(200);
      const versions = (b: { entry?: { resource: { meta: { versionId: string } } }[] }) => (b.entry ?? []).map((e) => e.resource.meta.versionId);
      const path = `/ServiceRequest/${draft.id}/_history`;
      expect(versions(await get(ctx, ctx.clinic.ehr, `${path}?_since=2026-03-02T00:00:00Z`))).toEqual(['3', '2']);
      expect((await get(ctx, ctx.clinic.ehr, `${path}?_since=2026-03-02T00:00:00Z`)).total).toBe(2);
      expect(versions(await get(ctx, ctx.clinic.ehr, `${path}?_at=2026-03-02T12:00:00Z`))).toEqual(['2']);
      expect(versions(await get(ctx, ctx.clinic.ehr, `${path}?_count=1`))).toEqual(['3']);
      for (const bad of ['_since=yesterday', '_at=soon', '_count=many', '_since=2026-02-30']) {
        expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `${path}?${bad}`), 400);
        expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `${path}?${bad}`, { headers: { Prefer: 'handling=strict' } }), 400);
      }
    } finally {
      ctx.api.clock.reset();
    }
  });
});

describe('history _since, at its boundary', () => {
  it('takes the version made at the exact instant and those after; garbage is 400', async () => {
    const ctx = await newCtx();
    try {
      // Versions 1, 2 and 3 at 10:00:00.000 on 1, 2 and 3 March.
      ctx.api.clock.set('2026-03-01T10:00:00.000Z');
      const draft = await createRequest(ctx, { status: 'draft' });
      ctx.api.clock.set('2026-03-02T10:00:00.000Z');
      expect((await put(ctx, ctx.clinic.ehr, draft, { priority: 'urgent' })).status).toBe(200);
      ctx.api.clock.set('2026-03-03T10:00:00.000Z');
      const second = await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${draft.id}`);
      expect((await put(ctx, ctx.clinic.ehr, second, { priority: 'asap' })).status).toBe(200);
      const path = `/ServiceRequest/${draft.id}/_history`;
      const since = async (value: string) => {
        const bundle = await get(ctx, ctx.clinic.ehr, `${path}?_since=${encodeURIComponent(value)}`);
        return { versions: ((bundle.entry ?? []) as { resource: { meta: { versionId: string } } }[]).map((e) => e.resource.meta.versionId), total: bundle.total };
      };
      for (const [value, versions] of [
        ['2026-03-02T09:59:59.999Z', ['3', '2']],
        ['2026-03-02T10:00:00Z', ['3', '2']],
        ['2026-03-02T10:00:00.000Z', ['3', '2']],
        ['2026-03-02T11:00:00+01:00', ['3', '2']],
        ['2026-03-02T10:00Z', ['3', '2']],
        ['2026-03-02T10:00:00.000000001Z', ['3']],
        ['2026-03-02T10:00:00.001Z', ['3']],
        ['2026-03-03T10:00:00Z', ['3']],
        ['2026-03-03T10:00:00.001Z', []],
      ] as const) {
        expect(await since(value), value).toEqual({ versions, total: versions.length });
      }
      // Not an instant: a search prefix, no time zone, an impossible time, a number, nothing, twice.
      for (const bad of [
        '_since=lt2030-01-01T00:00:00Z',
        '_since=gt2026-03-02T10:00:00Z',
        '_since=ge2026-03-02T10:00:00Z',
        '_at=gt2026-03-02T10:00:00Z',
        '_since=2026-03-02T10:00:00',
        '_since=2026-03-02T24:00:00Z',
        '_since=1772445600',
        '_since=',
        '_since=2026-03-02T10:00:00Z&_since=2026-03-01T10:00:00Z',
      ]) {
        expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `${path}?${bad}`), 400);
        expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `${path}?${bad}`, { headers: { Prefer: 'handling=strict' } }), 400);
      }
    } finally {
      ctx.api.clock.reset();
    }
  });
});

describe('preconditions before rules', () => {
  it('a stale If-Match is 412 even when the update would also break a rule', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const task = await get(ctx, ctx.clinic.psychiatrist, `/Task/${sr.id}`);
    expect((await put(ctx, ctx.clinic.ehr, sr, { status: 'revoked' })).status).toBe(200);
    // The Task moved on (cancelled): accepting it on the old version is stale first, illegal second.
    expectOutcome(await put(ctx, ctx.clinic.psychiatrist, task, { status: 'rejected' }), 412);
    const other = await createRequest(ctx);
    expect((await put(ctx, ctx.clinic.ehr, other, { status: 'revoked' })).status).toBe(200);
    // Changing the content of a request that is no longer a draft is a 409 — but the version is stale first.
    expectOutcome(await put(ctx, ctx.clinic.ehr, other, { code: { text: 'Something else entirely' } }), 412);
    expect(BASE).toMatch(/fhir$/);
  });
});
