/**
 * Modifier elements (https://hl7.org/fhir/R4/conformance-rules.html#isModifier) change the meaning
 * of what carries them: one Liaison does not understand is refused with a 422, never stored and
 * ignored. Nothing is written when a modifier is refused.
 */
import { describe, expect, it } from 'vitest';
import { createRequest, expectOutcome, expressionsOf, fhir, get, newCtx, put, serviceRequestBody, type Ctx, type Json } from './helpers.js';

const UNKNOWN_MODIFIER = [{ url: 'https://ehr.example.org/fhir/StructureDefinition/only-if-insured', valueBoolean: true }];

async function requestCount(ctx: Ctx): Promise<number> {
  const bundle = await get(ctx, ctx.clinic.ehr, '/ServiceRequest?_summary=count');
  return bundle.total as number;
}

describe('modifier elements Liaison does not understand are refused', () => {
  it.each([
    ['doNotPerform: true', { doNotPerform: true }, 'ServiceRequest.doNotPerform'],
    ['implicitRules', { implicitRules: 'https://ehr.example.org/rules/local' }, 'ServiceRequest.implicitRules'],
    ['a modifierExtension', { modifierExtension: UNKNOWN_MODIFIER }, 'ServiceRequest.modifierExtension'],
  ] as const)('ServiceRequest create with %s: 422 naming the element, nothing stored', async (_label, extra, expression) => {
    const ctx = await newCtx();
    const before = await requestCount(ctx);
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: serviceRequestBody(ctx.clinic, {}, extra) });
    const outcome = expectOutcome(res, 422);
    expect(expressionsOf(outcome)).toContain(expression);
    expect(outcome.issue.some((i: Json) => i.code === 'not-supported' || i.code === 'business-rule')).toBe(true);
    expect(await requestCount(ctx)).toBe(before);
  });

  it('a modifierExtension or implicitRules inside the contained Patient is refused too', async () => {
    const ctx = await newCtx();
    const body = serviceRequestBody(ctx.clinic);
    const language = { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'nl' }] }, modifierExtension: UNKNOWN_MODIFIER };
    const patient = { ...body.contained[0], implicitRules: 'https://ehr.example.org/rules/local', modifierExtension: UNKNOWN_MODIFIER, communication: [language] };
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: { ...body, contained: [patient] } });
    const outcome = expectOutcome(res, 422);
    expect(expressionsOf(outcome)).toEqual(
      expect.arrayContaining(['ServiceRequest.contained[0].implicitRules', 'ServiceRequest.contained[0].modifierExtension', 'ServiceRequest.contained[0].communication[0].modifierExtension']),
    );
  });

  it('doNotPerform: false is an ordinary order', async () => {
    const ctx = await newCtx();
    const made = await createRequest(ctx, {}, { doNotPerform: false });
    expect(made.status).toBe('active');
  });

  it('ServiceRequest update with doNotPerform: true is refused and the draft stays as it was', async () => {
    const ctx = await newCtx();
    const draft = await createRequest(ctx, { status: 'draft' });
    const res = await put(ctx, ctx.clinic.ehr, draft, { doNotPerform: true });
    expect(expressionsOf(expectOutcome(res, 422))).toContain('ServiceRequest.doNotPerform');
    const now = await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${draft.id}`);
    expect(now.meta.versionId).toBe(draft.meta.versionId);
    expect(now.doNotPerform).toBeUndefined();
  });

  it('a Task update with a modifierExtension does not move the request', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const [task] = (await get(ctx, ctx.clinic.psychiatrist, `/Task?focus=ServiceRequest/${sr.id}`)).entry.map((e: Json) => e.resource);
    const res = await put(ctx, ctx.clinic.psychiatrist, task, {
      status: 'accepted',
      owner: { reference: `Practitioner/${ctx.clinic.psychiatrist.id}` },
      modifierExtension: UNKNOWN_MODIFIER,
    });
    expect(expressionsOf(expectOutcome(res, 422))).toContain('Task.modifierExtension');
    expect((await get(ctx, ctx.clinic.psychiatrist, `/Task/${task.id}`)).status).toBe(task.status);
  });

  it.each([
    ['a modifierExtension', { modifierExtension: UNKNOWN_MODIFIER }, 'Communication.modifierExtension'],
    ['implicitRules', { implicitRules: 'https://ehr.example.org/rules/local' }, 'Communication.implicitRules'],
    ['status entered-in-error', { status: 'entered-in-error' }, 'Communication.status'],
    ['status not-done', { status: 'not-done' }, 'Communication.status'],
    ['a modifierExtension on a payload', { payload: [{ contentString: 'Lithium level 0.9.', modifierExtension: UNKNOWN_MODIFIER }] }, 'Communication.payload[0].modifierExtension'],
  ] as const)('a Communication with %s is refused and no message is added', async (_label, extra, expression) => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const body = { resourceType: 'Communication', status: 'completed', basedOn: [{ reference: `ServiceRequest/${sr.id}` }], payload: [{ contentString: 'Lithium level 0.9.' }], ...extra };
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', { body });
    expect(expressionsOf(expectOutcome(res, 422))).toContain(expression);
    const thread = await get(ctx, ctx.clinic.ehr, `/Communication?based-on=ServiceRequest/${sr.id}`);
    expect(thread.entry ?? []).toHaveLength(0);
  });

  it('inside a transaction: the entry is named and nothing in the Bundle is saved', async () => {
    const ctx = await newCtx();
    const before = await requestCount(ctx);
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a', resource: serviceRequestBody(ctx.clinic), request: { method: 'POST', url: 'ServiceRequest' } },
        { fullUrl: 'urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0b', resource: serviceRequestBody(ctx.clinic, {}, { doNotPerform: true }), request: { method: 'POST', url: 'ServiceRequest' } },
      ],
    };
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '', { body: bundle });
    expect(expressionsOf(expectOutcome(res, 422))).toContain('Bundle.entry[1].resource.doNotPerform');
    expect(await requestCount(ctx)).toBe(before);
  });
});
