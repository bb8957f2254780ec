/**
 * The shared-care plan on FHIR: a request's advice or outcome as a CarePlan (same id), its
 * recommendations as activities carrying the GP's answers, the plan steps with their owners and
 * due dates; read, vread and search exactly as the request may be read; valid against the profile.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RECOMMENDATION_KINDS } from '../../src/domain/advice.js';
import { toCarePlan } from '../../src/fhir/resources/care-plan-out.js';
import type { Person } from '../harness/clinic.js';
import { fhirErrors } from '../harness/fhir-assert.js';
import { liaisonProfile } from '../harness/fhir-profiles.js';
import { EXAMPLE_NAMES, EXAMPLE_REQUEST } from './care-plan.fixtures.js';
import { BASE, PATIENT_SYSTEM, createRequest, expectOutcome, fhir, get, linkOf, matchIds, newCtx, search, sorted, sortedIds, uniqueValue, type Ctx, type Json } from './helpers.js';

const CANONICAL = 'https://liaison.example.org/fhir';
const ACTIVITY = `${CANONICAL}/CodeSystem/care-plan-activity`;
const BASED_ON = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-CarePlan.basedOn';
const profile = () => liaisonProfile('liaison-care-plan');

/** A JSON API call that must succeed; returns the body. */
async function api(ctx: Ctx, who: Person, path: string, body: Json = {}): Promise<Json> {
  const res = await ctx.api.call('POST', `/api${path}`, { token: who.token, body });
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** A submitted request (through the EHR) the psychiatrist has answered with advice and two recommendations. */
async function advised(ctx: Ctx, patient = uniqueValue('PAT')): Promise<{ id: string; view: Json }> {
  const sr = await createRequest(ctx, { patient });
  const view = await api(ctx, ctx.clinic.psychiatrist, `/requests/${sr.id}/give-advice`, {
    advice: 'A moderate depressive episode; sertraline has had a fair trial.',
    recommendations: [{ kind: 'medication-change', text: 'Switch to mirtazapine 15 mg at night.' }, 'Check weight and lipids in eight weeks.'],
  });
  return { id: String(sr.id), view };
}

/** The CarePlan as `who` reads it (200, valid R4 — fhir() checks — and valid against the Liaison profile). */
async function carePlan(ctx: Ctx, id: string, who: Person = ctx.clinic.ehr): Promise<Json> {
  const res = await fhir(ctx, who, 'GET', `/CarePlan/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(fhirErrors(res.body, { profile: profile() })).toEqual([]);
  expect(res.headers.get('etag')).toBe(`W/"${res.body.meta.versionId}"`);
  return res.body;
}

/** An activity's code, which must be of the care-plan-activity CodeSystem. */
const codeOf = (activity: Json) => {
  expect(activity.detail.code.coding[0].system).toBe(ACTIVITY);
  return activity.detail.code.coding[0].code as string;
};

describe('the advice as a CarePlan', () => {
  it('exists once the psychiatrist advises: the recommendations as activities for the GP, not yet answered', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/CarePlan/${sr.id}`), 404, 'not-found');

    const { id, view } = await advised(ctx);
    const plan = await carePlan(ctx, id);
    const { clinic } = ctx;
    expect(plan).toMatchObject({
      resourceType: 'CarePlan',
      id,
      meta: { profile: [`${CANONICAL}/StructureDefinition/liaison-care-plan`] },
      extension: [{ url: BASED_ON, valueReference: { reference: `ServiceRequest/${id}` } }],
      status: 'active',
      intent: 'plan',
      description: 'A moderate depressive episode; sertraline has had a fair trial.',
      subject: { identifier: { system: PATIENT_SYSTEM } },
      author: { reference: `Practitioner/${clinic.psychiatrist.id}` },
      created: expect.any(String),
    });
    // Versions of its own: the first advice makes version 1.
    expect(plan.meta.versionId).toBe('1');
    expect(plan.basedOn).toBeUndefined();
    expect(plan.supportingInfo[0]).toEqual({ reference: `ServiceRequest/${id}` });
    // The advice letter it points at is there to read.
    expect((await fhir(ctx, clinic.ehr, 'GET', `/${plan.supportingInfo[1].reference}`)).status).toBe(200);
    expect(plan.activity.map(codeOf)).toEqual(['medication-change', 'other']);
    expect(plan.activity.map((a: Json) => a.id)).toEqual(view.outcome.recommendations.map((r: Json) => r.id));
    for (const activity of plan.activity) {
      expect(activity.detail).toMatchObject({ status: 'not-started', performer: [{ reference: `Practitioner/${clinic.gp.id}` }] });
      expect(activity.progress).toBeUndefined();
    }
    expect(plan.activity[0].detail.description).toBe('Switch to mirtazapine 15 mg at night.');
    // Both sides read it, as they read the request.
    expect((await carePlan(ctx, id, clinic.psychiatrist)).meta.versionId).toBe(plan.meta.versionId);
  });

  it("carries the GP's answers: accepted → scheduled, declined → cancelled with the reason; only an answer makes a new version", async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const { id, view } = await advised(ctx);
    const before = await carePlan(ctx, id);
    // A message on the request leaves the CarePlan as it was.
    const message = { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${id}` }], payload: [{ contentString: 'Thank you.' }] };
    expect((await fhir(ctx, clinic.ehr, 'POST', '/Communication', { body: message })).status).toBe(201);
    expect((await carePlan(ctx, id)).meta).toEqual(before.meta);

    const [first, second] = view.outcome.recommendations as Json[];
    await api(ctx, clinic.gp, `/requests/${id}/recommendations/${first!.id}/answer`, { accepted: true });
    await api(ctx, clinic.gp, `/requests/${id}/recommendations/${second!.id}/answer`, { accepted: false, reason: 'Bloods were done last month.' });
    const after = await carePlan(ctx, id);
    expect(after.activity[0]).toMatchObject({ detail: { status: 'scheduled' }, progress: [{ text: 'Accepted by the GP.', time: expect.any(String) }] });
    expect(after.activity[0].detail.statusReason).toBeUndefined();
    expect(after.activity[1]).toMatchObject({ detail: { status: 'cancelled', statusReason: { text: 'Bloods were done last month.' } }, progress: [{ text: 'Declined by the GP.' }] });
    expect(Number(after.meta.versionId)).toBe(Number(before.meta.versionId) + 2);
    expect(after.meta.lastUpdated > before.meta.lastUpdated).toBe(true);

    // vread: the version the EHR read first, as it was.
    const old = await get(ctx, clinic.ehr, `/CarePlan/${id}/_history/${before.meta.versionId}`);
    expect(old.activity.map((a: Json) => a.detail.status)).toEqual(['not-started', 'not-started']);
    expectOutcome(await fhir(ctx, clinic.ehr, 'GET', `/CarePlan/${id}/_history/99`), 404);
    // No history interaction: the CapabilityStatement does not list it.
    expectOutcome(await fhir(ctx, clinic.ehr, 'GET', `/CarePlan/${id}/_history`), 405);
  });

  it('follows the request: entered-in-error with it; gone while a re-consult re-opens the request', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const wrong = await advised(ctx);
    await api(ctx, clinic.gp, `/requests/${wrong.id}/enter-in-error`, { reason: 'Wrong patient.' });
    expect((await carePlan(ctx, wrong.id)).status).toBe('entered-in-error');

    const again = await advised(ctx);
    const first = await carePlan(ctx, again.id);
    await api(ctx, clinic.gp, `/requests/${again.id}/reconsult`, { question: 'Four weeks on, still low: increase the dose?' });
    expectOutcome(await fhir(ctx, clinic.ehr, 'GET', `/CarePlan/${again.id}`), 404);
    expect((await get(ctx, clinic.ehr, `/CarePlan/${again.id}/_history/${first.meta.versionId}`)).activity).toHaveLength(2);
  });
});

describe('the shared-care plan of an outcome', () => {
  it('has a step for each owner with its due date, the follow-up and the medication advice', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const sr = await createRequest(ctx);
    await api(ctx, clinic.psychiatrist, `/requests/${sr.id}/accept`, { agreedForm: 'joint-video' });
    await api(ctx, clinic.psychiatrist, `/requests/${sr.id}/complete`, {
      summary: 'Moderate depressive episode.',
      outcomeCode: 'joint-follow-up',
      recommendations: [{ kind: 'investigation', text: 'ECG before raising the dose.' }],
      medicationAdvice: 'Mirtazapine 15 mg at night.',
      plan: [
        { who: 'gp', what: 'Review mood and weight.', due: '2031-02-01' },
        { who: 'psychiatrist', what: 'Joint review by video.', due: '2031-03-01' },
        { who: 'other-service', what: 'Community mental health team: first visit.' },
      ],
      followUpDate: '2031-03-01',
    });
    const plan = await carePlan(ctx, String(sr.id));
    expect(plan).toMatchObject({ status: 'active', description: 'Moderate depressive episode.', note: [{ text: 'Medication advice: Mirtazapine 15 mg at night.' }] });
    expect(plan.activity.map(codeOf)).toEqual(['investigation', 'plan-step', 'plan-step', 'plan-step', 'follow-up']);
    const [, gp, psychiatrist, other, followUp] = plan.activity as Json[];
    expect(gp!.detail).toMatchObject({ status: 'not-started', description: 'Review mood and weight.', scheduledPeriod: { end: '2031-02-01' }, performer: [{ reference: `Practitioner/${clinic.gp.id}` }] });
    expect(psychiatrist!.detail).toMatchObject({ scheduledPeriod: { end: '2031-03-01' }, performer: [{ reference: `Practitioner/${clinic.psychiatrist.id}` }] });
    expect(other!.detail.performer).toEqual([{ display: expect.stringMatching(/another service/i) }]);
    expect(other!.detail.scheduledPeriod).toBeUndefined();
    expect(followUp!.detail).toMatchObject({ status: 'not-started', scheduledTiming: { event: ['2031-03-01'] } });
  });
});

describe('CarePlan search', () => {
  it('by based-on, subject:identifier, patient:identifier (POST _search) and _id; paged; only requests with a plan', async () => {
    const ctx = await newCtx();
    const { clinic } = ctx;
    const patient = uniqueValue('PAT');
    const a = await advised(ctx, patient);
    const b = await advised(ctx, patient);
    const other = await advised(ctx);
    const unanswered = await createRequest(ctx, { patient });

    expect(matchIds(await search(ctx, clinic.ehr, `/CarePlan?based-on=ServiceRequest/${a.id}`))).toEqual([a.id]);
    expect(sortedIds(await search(ctx, clinic.ehr, `/CarePlan?based-on=${a.id},ServiceRequest/${other.id}`))).toEqual(sorted(a.id, other.id));
    expect(matchIds(await search(ctx, clinic.ehr, `/CarePlan?based-on=ServiceRequest/${unanswered.id}`))).toEqual([]);
    const bySubject = await search(ctx, clinic.ehr, `/CarePlan?subject:identifier=${encodeURIComponent(`${PATIENT_SYSTEM}|${patient}`)}`);
    expect(sortedIds(bySubject)).toEqual(sorted(a.id, b.id));
    // The patient's identifier stays out of the links.
    expect(JSON.stringify(bySubject.link)).not.toContain(patient);
    const form = await ctx.api.call('POST', '/fhir/CarePlan/_search', {
      token: clinic.ehr.token,
      rawBody: new URLSearchParams({ 'patient:identifier': `${PATIENT_SYSTEM}|${patient}` }).toString(),
      headers: { Accept: 'application/fhir+json', 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(sortedIds(form.body)).toEqual(sorted(a.id, b.id));
    expect(matchIds(await search(ctx, clinic.ehr, `/CarePlan?_id=${b.id}`))).toEqual([b.id]);
    expect(matchIds(await search(ctx, clinic.ehr, `/CarePlan?_id=${b.id}&status=revoked`))).toEqual([]);
    // A chain names the patient: refused, never ignored.
    expectOutcome(await fhir(ctx, clinic.ehr, 'GET', `/CarePlan?subject.identifier=${PATIENT_SYSTEM}|${patient}`), 400);

    const first = await search(ctx, clinic.ehr, `/CarePlan?subject:identifier=${encodeURIComponent(`${PATIENT_SYSTEM}|${patient}`)}&_count=1`);
    expect(matchIds(first)).toHaveLength(1);
    const next = linkOf(first, 'next');
    expect(next).toMatch(new RegExp(`^${BASE}/CarePlan\\?_page=`));
    const second = await search(ctx, clinic.ehr, next!.slice(BASE.length));
    expect(sorted(...matchIds(first), ...matchIds(second))).toEqual(sorted(a.id, b.id));
  });

  it('comes with its ServiceRequest: _revinclude=CarePlan:based-on', async () => {
    const ctx = await newCtx();
    const { id } = await advised(ctx);
    const bundle = await search(ctx, ctx.clinic.ehr, `/ServiceRequest?_id=${id}&_revinclude=CarePlan:based-on`);
    const included = (bundle.entry as Json[]).filter((e) => e.search.mode === 'include').map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    expect(included).toEqual([`CarePlan/${id}`]);
  });
});

describe('who reads a CarePlan', () => {
  it('another practice: 404 and an empty search, like the request', async () => {
    const ctx = await newCtx();
    const { id } = await advised(ctx);
    expectOutcome(await fhir(ctx, ctx.clinic.otherGp, 'GET', `/CarePlan/${id}`), 404);
    expectOutcome(await fhir(ctx, ctx.clinic.otherGp, 'GET', `/CarePlan/${id}/_history/1`), 404);
    expect(matchIds(await search(ctx, ctx.clinic.otherGp, `/CarePlan?based-on=ServiceRequest/${id}`))).toEqual([]);
  });

  it('a system client without system/CarePlan.r or .s: 403, also for _revinclude', async () => {
    const ctx = await newCtx({ ehrScopes: 'system/ServiceRequest.cruds system/Task.rs' });
    const { id } = await advised(ctx);
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/CarePlan/${id}`), 403, 'forbidden');
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/CarePlan?based-on=ServiceRequest/${id}`), 403, 'forbidden');
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/ServiceRequest?_id=${id}&_revinclude=CarePlan:based-on`), 403, 'forbidden');
  });
});

describe('the CarePlan profile', () => {
  const example = () => JSON.parse(readFileSync(new URL('../../fhir/examples/CarePlan-shared-care.json', import.meta.url), 'utf8')) as Json;

  it('fhir/examples/CarePlan-shared-care.json is what the mapper renders of its fictional request, and meets the profile', () => {
    expect(toCarePlan(EXAMPLE_REQUEST, EXAMPLE_NAMES)).toEqual(example());
    expect(fhirErrors(example(), { profile: profile() })).toEqual([]);
  });

  it('takes every recommendation kind of the domain (lcp-2 lists them)', () => {
    for (const kind of RECOMMENDATION_KINDS) {
      const plan = example();
      plan.activity[2].detail.code.coding[0].code = kind;
      expect(fhirErrors(plan, { profile: profile() }), kind).toEqual([]);
    }
  });

  it.each([
    ['a declined recommendation without a reason', 'lcp-1', (p: Json) => delete p.activity[1].detail.statusReason],
    ['an activity with the abstract code recommendation', 'lcp-2', (p: Json) => (p.activity[0].detail.code.coding[0].code = 'recommendation')],
    ['a recommendation marked completed', 'lcp-3', (p: Json) => (p.activity[2].detail.status = 'completed')],
    ['no R5 basedOn naming its request', 'lcp-4', (p: Json) => (p.extension[0].valueReference.reference = 'ServiceRequest/00000000-0000-4000-8000-000000000999')],
    ['R4 basedOn used', 'basedOn', (p: Json) => (p.basedOn = [{ reference: 'CarePlan/x' }])],
  ])('refuses %s', (_label, expected, change) => {
    const plan = example();
    change(plan);
    expect(fhirErrors(plan, { profile: profile() }).join('\n')).toContain(expected);
  });
});
