/**
 * Structured advice and the shared-care plan: the psychiatrist's recommendations, the GP's
 * answer to each (accepted, or declined with a reason), and the outcome's plan of who does what.
 */
import { describe, expect, it } from 'vitest';
import { type Json, move, newCtx, submittedRequest } from './helpers.js';

describe('structured advice', () => {
  it('the GP answers each recommendation; the answers are kept and in the history', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const r = await submittedRequest(ctx, { requestedForm: 'advice-only' });
    const advised = await move(ctx, psychiatrist, r.id, 'give-advice', {
      advice: 'Likely recurrent depression; optimise treatment in primary care.',
      recommendations: [
        { kind: 'medication-change', text: 'Increase sertraline to 150 mg.' },
        { kind: 'psychotherapy-referral', text: 'Refer for CBT.' },
        'Check TSH.',
      ],
    });
    const [medication, therapy, tsh] = advised.outcome.recommendations as [Json, Json, Json];
    expect([medication.kind, therapy.kind, tsh.kind]).toEqual(['medication-change', 'psychotherapy-referral', 'other']);

    const answer = (id: string, body: Json, who = gp) => ctx.api.call('POST', `/api/requests/${r.id}/recommendations/${id}/answer`, { token: who.token, body });
    expect((await answer(medication.id, { accepted: true })).status).toBe(200);
    const declined = await answer(therapy.id, { accepted: false, reason: 'Eight-month waiting list; patient prefers online CBT.' });
    expect(declined.status).toBe(200);
    expect(declined.body.outcome.recommendations[1].response).toMatchObject({ accepted: false, reason: expect.stringContaining('waiting list'), byId: gp.id });
    expect(declined.body.timeline.at(-1)).toMatchObject({ action: 'answer-recommendation', from: 'advice-given', to: 'advice-given' });

    expect((await answer(tsh.id, { accepted: false })).status).toBe(400);
    expect((await answer(tsh.id, { accepted: true }, psychiatrist)).status).toBe(403);
    expect((await answer(crypto.randomUUID(), { accepted: true })).status).toBe(404);
    expect((await answer(tsh.id, { accepted: true }, ctx.clinic.otherGp)).status).toBe(404);
  });

  it('an outcome carries the impression, medication advice and the shared-care plan, also in the letter', async () => {
    const ctx = await newCtx();
    const { psychiatrist } = ctx.clinic;
    const r = await submittedRequest(ctx);
    await move(ctx, psychiatrist, r.id, 'accept');
    const done = await move(ctx, psychiatrist, r.id, 'complete', {
      summary: 'Moderate depressive episode, no psychotic features.',
      outcomeCode: 'managed-in-primary-care-with-advice',
      recommendations: [{ kind: 'medication-change', text: 'Switch to venlafaxine.' }],
      medicationAdvice: 'Cross-taper over two weeks; check blood pressure.',
      plan: [
        { who: 'gp', what: 'Review mood and blood pressure', due: '2026-12-20' },
        { who: 'psychiatrist', what: 'Joint review if no response', due: '2027-02-01' },
      ],
      followUpDate: '2027-02-01',
    });
    expect(done.outcome).toMatchObject({ medicationAdvice: expect.stringContaining('Cross-taper'), plan: [{ who: 'gp' }, { who: 'psychiatrist' }], followUpDate: '2027-02-01' });
    const thread = await ctx.api.call('GET', `/api/requests/${r.id}/messages`, { token: ctx.clinic.gp.token });
    const letter = thread.body.items.find((m: Json) => m.kind === 'outcome').text as string;
    expect(letter).toContain('Next (gp, by 2026-12-20): Review mood and blood pressure');
    expect(letter).toContain('Medication: Cross-taper');
  });
});
