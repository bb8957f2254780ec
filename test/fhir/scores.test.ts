/**
 * PHQ-9 and GAD-7 scores are whole numbers in their range: one that is not says so — "whole
 * number" — on FHIR (a 422 at the Observation's supportingInfo) and on the JSON API alike.
 */
import { describe, expect, it } from 'vitest';
import { LOINC, expectOutcome, expressionsOf, fhir, newCtx, serviceRequestBody, type Ctx, type Json } from './helpers.js';

function withScore(ctx: Ctx, code: string, value: Json): Json {
  const body = serviceRequestBody(ctx.clinic);
  const observation = { resourceType: 'Observation', id: 'score', status: 'final', code: { coding: [{ system: LOINC, code }] }, subject: { reference: '#pat' }, ...value };
  return { ...body, contained: [...(body.contained as Json[]), observation], supportingInfo: [{ reference: '#score' }] };
}

const diagnosticsOf = (outcome: Json): string => (outcome.issue as Json[]).map((i) => String(i.diagnostics)).join(' ');

describe('a score that is not a whole number', () => {
  it('PHQ-9 of 12.5 on FHIR: 422 saying "whole number", at supportingInfo', async () => {
    const ctx = await newCtx();
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: withScore(ctx, '44261-6', { valueQuantity: { value: 12.5, system: 'http://unitsofmeasure.org', code: '{score}' } }) });
    const outcome = expectOutcome(res, 422);
    expect(diagnosticsOf(outcome)).toMatch(/PHQ-9.*whole number/);
    expect(expressionsOf(outcome)).toContain('ServiceRequest.supportingInfo');
  });

  it('out of range still says the range', async () => {
    const ctx = await newCtx();
    const outcome = expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: withScore(ctx, '70274-6', { valueInteger: 22 }) }), 422);
    expect(diagnosticsOf(outcome)).toMatch(/GAD-7.*0.21/);
  });

  it.each(['phq9Total', 'phq9Item9', 'gad7Total'])('%s of 2.5 on the JSON API: 400 naming the field, saying "whole number"', async (score) => {
    const ctx = await newCtx();
    const body = {
      patient: { identifier: { system: 'https://demo-practice.example.org/sid/patient-number', value: 'P-1' }, name: { family: 'Jansen', given: ['Eva'] }, birthDate: '1980-01-01', sex: 'female' },
      clinicalQuestion: 'Low mood: switch or augment?',
      requestedForm: 'joint-video',
      scores: { [score]: 2.5 },
    };
    const res = await ctx.api.call('POST', '/api/requests', { token: ctx.clinic.gp.token, body });
    expect(res.status, res.text).toBe(400);
    const error = (res.body.errors as Json[]).find((e) => e.field === `scores.${score}`);
    expect(error?.message, res.text).toMatch(/whole number/);
  });
});
