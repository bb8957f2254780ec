/** Clinical rules a user notices: risk raises priority, advice-only needs acknowledgement, consent, SLA clock. */
import { afterEach, describe, expect, it } from 'vitest';
import { testApi } from '../harness/api.js';
import { act, createRequest, draftBody, expectNoWrites, expectProblem, fieldsOf, move, newCtx, read, submittedRequest, type Ctx } from './helpers.js';

// Monday 2 March 2026, 10:00 in Berlin (CET, UTC+1).
const MONDAY_10H_BERLIN = '2026-03-02T09:00:00.000Z';
const HOUR = 3_600_000;

afterEach(async () => (await testApi()).clock.reset());

const at = async (ctx: Ctx, instant: string) => ctx.api.clock.set(instant);

describe('risk rules at submit', () => {
  it.each([
    ['PHQ-9 item 9 above 0', { scores: { phq9Total: 19, phq9Item9: 1 } }],
    ['a risk flag', { riskFlags: ['suicidal-ideation'] }],
  ])('%s raises a routine request to urgent and says so in the history', async (_label, risk) => {
    const ctx = await newCtx();
    await at(ctx, MONDAY_10H_BERLIN);
    const submitted = await submittedRequest(ctx, { priority: 'routine', ...risk });
    expect(submitted).toMatchObject({ priority: 'urgent', requestedPriority: 'routine', atRisk: true });
    // Due on the urgent target (2 business days: Monday and Tuesday), not the routine one.
    expect(submitted.sla.dueAt).toBe('2026-03-03T23:00:00.000Z');
    const submitEvent = submitted.timeline.at(-1);
    expect(submitEvent.action).toBe('submit');
    expect(submitEvent.detail.notes).toEqual([expect.stringMatching(/routine to urgent/)]);
  });

  it('a request without a risk signal keeps its priority and gets no note', async () => {
    const ctx = await newCtx();
    const submitted = await submittedRequest(ctx, { scores: { phq9Total: 8, phq9Item9: 0 } });
    expect(submitted).toMatchObject({ priority: 'routine', requestedPriority: 'routine', atRisk: false });
    expect(submitted.timeline.at(-1).detail).toEqual({});
  });

  it('a risk signal never lowers a higher priority', async () => {
    const ctx = await newCtx();
    const submitted = await submittedRequest(ctx, { priority: 'asap', riskFlags: ['self-harm'] });
    expect(submitted).toMatchObject({ priority: 'asap', requestedPriority: 'asap', atRisk: true });
    expect(submitted.timeline.at(-1).detail).toEqual({});
  });
});

describe('advice only on an at-risk request must be acknowledged', () => {
  const atRisk = { riskFlags: ['self-harm'], requestedForm: 'advice-only' };

  it.each([
    ['accept as advice-only', 'accept', { agreedForm: 'advice-only' }],
    ['give advice', 'give-advice', { advice: 'Safety plan, then sertraline.' }],
  ] as const)('%s without acknowledgeRisk → 422 naming it, nothing changes; with it → 200', async (_label, action, body) => {
    const ctx = await newCtx();
    const request = await submittedRequest(ctx, atRisk);
    for (const acknowledgeRisk of [undefined, false]) {
      const refused = await expectNoWrites(ctx, () => act(ctx, ctx.clinic.psychiatrist, request.id, action, { ...body, acknowledgeRisk }));
      expectProblem(refused, 422, 'unprocessable');
      expect(fieldsOf(refused)).toEqual(['acknowledgeRisk']);
    }
    const unchanged = (await read(ctx, ctx.clinic.psychiatrist, request.id)).body;
    expect(unchanged).toMatchObject({ status: 'submitted', version: request.version, agreedForm: null, outcome: null });

    const done = await move(ctx, ctx.clinic.psychiatrist, request.id, action, { ...body, acknowledgeRisk: true });
    expect(done.status).toBe(action === 'accept' ? 'accepted' : 'advice-given');
  });

  it('a joint consultation of an at-risk request needs no acknowledgement', async () => {
    const ctx = await newCtx();
    const request = await submittedRequest(ctx, atRisk);
    expect(await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-in-person' })).toMatchObject({
      status: 'accepted',
      agreedForm: 'joint-in-person',
    });
  });

  it('advice on a request without risk needs no acknowledgement', async () => {
    const ctx = await newCtx();
    const request = await submittedRequest(ctx, { requestedForm: 'advice-only' });
    expect((await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'advice-only' })).status).toBe('accepted');
  });
});

describe('consent', () => {
  it('a draft without consent cannot be submitted and stays a draft until consent is recorded', async () => {
    const ctx = await newCtx();
    const draft = await createRequest(ctx, ctx.clinic.gp, { consent: { given: false } });
    const refused = await expectNoWrites(ctx, () => act(ctx, ctx.clinic.gp, draft.id, 'submit'));
    expectProblem(refused, 422, 'unprocessable');
    expect(fieldsOf(refused)).toEqual(['consent.given']);
    expect((await read(ctx, ctx.clinic.gp, draft.id)).body).toMatchObject({ status: 'draft', version: 1, submittedAt: null });

    const patched = await ctx.api.call('PATCH', `/api/requests/${draft.id}`, { token: ctx.clinic.gp.token, body: { consent: { given: true, recordedAt: '2026-01-05' } } });
    expect(patched.body.consent).toEqual({ given: true, recordedAt: '2026-01-05' });
    expect((await move(ctx, ctx.clinic.gp, draft.id, 'submit')).status).toBe('submitted');
  });

  it('create with submit: true and no consent creates nothing', async () => {
    const ctx = await newCtx();
    const { consent: _consent, ...withoutConsent } = draftBody();
    const res = await expectNoWrites(ctx, () => ctx.api.call('POST', '/api/requests', { token: ctx.clinic.gp.token, body: { ...withoutConsent, submit: true } }));
    expectProblem(res, 422, 'unprocessable');
    expect(fieldsOf(res)).toEqual(['consent.given']);
  });
});

describe('the SLA clock', () => {
  it('routine: due at local midnight after 10 business days, counting the day of submission', async () => {
    const ctx = await newCtx();
    await at(ctx, MONDAY_10H_BERLIN);
    const r = await submittedRequest(ctx, { priority: 'routine' });
    // Monday 2 March is day 1, Friday 13 March day 10: due at Saturday 14 March 00:00 CET.
    expect(r.sla).toEqual({
      dueAt: '2026-03-13T23:00:00.000Z',
      clock: 'running',
      timeLeftMs: 11 * 24 * HOUR + 14 * HOUR,
      overdue: false,
      phoneContactExpected: false,
    });
    expect(r.submittedAt).toBe(MONDAY_10H_BERLIN);
  });

  it("counts in the service's time zone", async () => {
    const ctx = await newCtx({ timeZone: 'America/New_York' });
    await at(ctx, MONDAY_10H_BERLIN);
    // Midnight after Friday 13 March in New York, which is on daylight time (UTC−4) by then.
    expect((await submittedRequest(ctx)).sla.dueAt).toBe('2026-03-14T04:00:00.000Z');
  });

  it('urgent submitted on a Friday is due at the end of Monday; asap submitted on Saturday at the end of Monday', async () => {
    const ctx = await newCtx();
    await at(ctx, '2026-03-06T09:00:00.000Z');
    expect((await submittedRequest(ctx, { priority: 'urgent' })).sla.dueAt).toBe('2026-03-09T23:00:00.000Z');
    await at(ctx, '2026-03-07T09:00:00.000Z');
    expect((await submittedRequest(ctx, { priority: 'asap' })).sla.dueAt).toBe('2026-03-09T23:00:00.000Z');
  });

  it('stat is due within the hour and flags the expected phone contact until someone responds', async () => {
    const ctx = await newCtx();
    await at(ctx, MONDAY_10H_BERLIN);
    const r = await submittedRequest(ctx, { priority: 'stat' });
    const inAnHour = new Date(new Date(MONDAY_10H_BERLIN).getTime() + 60 * 60 * 1000).toISOString();
    expect(r.sla).toMatchObject({ dueAt: inAnHour, clock: 'running', phoneContactExpected: true });
    expect((await read(ctx, ctx.clinic.psychiatrist, r.id)).body.sla.phoneContactExpected).toBe(true);
    const accepted = await move(ctx, ctx.clinic.psychiatrist, r.id, 'accept');
    expect(accepted.sla.phoneContactExpected).toBe(false);
  });

  it('pauses while awaiting information and resumes with the due time moved by the business time paused', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    await at(ctx, MONDAY_10H_BERLIN);
    const r = await submittedRequest(ctx);
    expect(r.sla.dueAt).toBe('2026-03-13T23:00:00.000Z');

    await at(ctx, '2026-03-06T11:00:00.000Z'); // Friday 12:00 Berlin
    const paused = await move(ctx, psychiatrist, r.id, 'request-information');
    const frozen = 7 * 24 * HOUR + 12 * HOUR; // until Saturday 14 March 00:00
    expect(paused.sla).toMatchObject({ clock: 'paused', dueAt: '2026-03-13T23:00:00.000Z', timeLeftMs: frozen });

    await at(ctx, '2026-03-09T11:00:00.000Z'); // Monday 12:00 Berlin: 72 h later, 24 of them business time
    expect((await read(ctx, gp, r.id)).body.sla).toMatchObject({ clock: 'paused', timeLeftMs: frozen });
    const resumed = await move(ctx, gp, r.id, 'provide-information');
    // 24 business hours after Saturday 14 March 00:00 is Tuesday 17 March 00:00.
    expect(resumed.sla).toMatchObject({ clock: 'running', dueAt: '2026-03-16T23:00:00.000Z', timeLeftMs: frozen, overdue: false });

    await at(ctx, '2026-03-10T08:00:00.000Z');
    const accepted = await move(ctx, psychiatrist, r.id, 'accept');
    expect(accepted.sla).toEqual({ dueAt: '2026-03-16T23:00:00.000Z', clock: 'met', timeLeftMs: null, overdue: false, phoneContactExpected: false });
  });

  // BUG (src/services/moves.ts decline/redirect + src/domain/sla.ts slaView): a request declined
  // (or redirected) while awaiting information compares the response time with a due time that
  // was never moved for the pause, so the psychiatrist is charged for the GP's silence. Input:
  // urgent submitted Mon 10:00 Berlin (due Wed 00:00), request-information Mon 11:00, decline
  // Thu. Expected sla.clock 'met' (37 h were left when the clock paused); actual 'missed', overdue.
  it('time spent awaiting information is not counted against a decline', async () => {
    const ctx = await newCtx();
    await at(ctx, MONDAY_10H_BERLIN);
    const r = await submittedRequest(ctx, { priority: 'urgent' });
    await at(ctx, '2026-03-02T10:00:00.000Z');
    await move(ctx, ctx.clinic.psychiatrist, r.id, 'request-information');
    await at(ctx, '2026-03-05T10:00:00.000Z');
    const declined = await move(ctx, ctx.clinic.psychiatrist, r.id, 'decline');
    expect(declined.sla).toMatchObject({ clock: 'met', overdue: false });
  });

  it('shows a running request as overdue, and a late first response as missed', async () => {
    const ctx = await newCtx();
    await at(ctx, MONDAY_10H_BERLIN);
    const r = await submittedRequest(ctx, { priority: 'urgent' }); // due Wednesday 00:00 Berlin
    await at(ctx, '2026-03-04T08:00:00.000Z');
    expect((await read(ctx, ctx.clinic.psychiatrist, r.id)).body.sla).toMatchObject({ clock: 'running', overdue: true, timeLeftMs: -9 * HOUR });
    const accepted = await move(ctx, ctx.clinic.psychiatrist, r.id, 'accept');
    expect(accepted.sla).toMatchObject({ clock: 'missed', overdue: true });
  });
});
