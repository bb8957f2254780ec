/** A consultation request's life through the JSON API, as the GP and the psychiatrist see it. */
import { describe, expect, it } from 'vitest';
import { act, createRequest, draftBody, expectProblem, fieldsOf, listIds, move, newCtx, read, steps, submittedRequest, type Json } from './helpers.js';

describe('the full lifecycle', () => {
  it('walks a request from draft to closed, with versions, allowed moves and a timeline', async () => {
    const ctx = await newCtx();
    const { api, clinic } = ctx;
    const { gp, psychiatrist } = clinic;

    const created = await api.call('POST', '/api/requests', { token: gp.token, body: draftBody({ reason: { text: 'Low mood for months' } }) });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.headers.get('location')).toBe(`/api/requests/${id}`);
    expect(created.body).toMatchObject({
      status: 'draft',
      version: 1,
      reference: expect.stringMatching(/^LSN-\d{6}$/),
      requester: { id: gp.id, name: 'Test gp' },
      service: { id: clinic.serviceId },
      assignee: null,
      submittedAt: null,
      sla: { clock: 'not-started', dueAt: null },
      allowedActions: ['submit', 'cancel', 'enter-in-error'],
    });

    // PATCH is a JSON merge patch: named fields change, the rest stays, null removes.
    const patched = await api.call('PATCH', `/api/requests/${id}`, {
      token: gp.token,
      headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': 'W/"1"' },
      body: { clinicalQuestion: 'Bipolar disorder or recurrent depression?', scores: { phq9Total: 16, gad7Total: 9 } },
    });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('W/"2"');
    expect(patched.body).toMatchObject({
      version: 2,
      clinicalQuestion: 'Bipolar disorder or recurrent depression?',
      scores: { phq9Total: 16, gad7Total: 9 },
      patient: created.body.patient,
      reason: { text: 'Low mood for months' },
    });
    expect(patched.body.timeline.at(-1)).toMatchObject({ action: 'edit', from: 'draft', to: 'draft', detail: { fields: ['clinicalQuestion', 'scores'] } });
    const removed = await api.call('PATCH', `/api/requests/${id}`, { token: gp.token, body: { scores: { gad7Total: null } } });
    expect(removed.body.scores).toEqual({ phq9Total: 16 });

    // PUT replaces the whole content: what is left out falls back to its default.
    const replaced = await api.call('PUT', `/api/requests/${id}`, {
      token: gp.token,
      headers: { 'If-Match': 'W/"3"' },
      body: draftBody({ patient: created.body.patient, requestedForm: 'joint-in-person' }),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get('etag')).toBe('W/"4"');
    expect(replaced.body).toMatchObject({ version: 4, requestedForm: 'joint-in-person', reason: { text: '', codes: [] }, scores: {} });

    const submitted = await act(ctx, gp, id, 'submit', undefined, { 'If-Match': 'W/"4"' });
    expect(submitted.status).toBe(200);
    expect(submitted.headers.get('etag')).toBe('W/"5"');
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 5, submittedAt: expect.any(String), sla: { clock: 'running' } });
    expect(submitted.body.allowedActions).toEqual(['cancel', 'enter-in-error']);
    const triage = await read(ctx, psychiatrist, id);
    expect(triage.headers.get('etag')).toBe('W/"5"');
    expect(triage.body.allowedActions).toEqual(['accept', 'decline', 'redirect', 'request-information', 'give-advice']);

    const asked = await move(ctx, psychiatrist, id, 'request-information', { question: 'Any manic episodes?' });
    expect(asked).toMatchObject({ status: 'awaiting-information', version: 6 });
    expect((await read(ctx, gp, id)).body.allowedActions).toEqual(['cancel', 'provide-information', 'enter-in-error']);

    expect(await move(ctx, gp, id, 'provide-information', { answer: 'One hypomanic week in 2019.' })).toMatchObject({ status: 'submitted', version: 7 });

    const accepted = await move(ctx, psychiatrist, id, 'accept', { agreedForm: 'joint-video', note: 'Joint video next week.' });
    expect(accepted).toMatchObject({
      status: 'accepted',
      version: 8,
      agreedForm: 'joint-video',
      assignee: { id: psychiatrist.id, name: 'Test psychiatrist' },
      sla: { clock: 'met' },
    });
    expect(accepted.allowedActions).toEqual(['decline', 'redirect', 'give-advice', 'schedule', 'complete', 'propose-times']);

    const scheduled = await move(ctx, psychiatrist, id, 'schedule', { start: '2030-03-11T14:00:00+01:00', videoLink: 'https://video.example/r/7' });
    expect(scheduled).toMatchObject({
      status: 'scheduled',
      appointment: { start: '2030-03-11T13:00:00.000Z', end: '2030-03-11T13:45:00.000Z', videoLink: 'https://video.example/r/7' },
    });

    const completed = await move(ctx, psychiatrist, id, 'complete', {
      summary: 'Bipolar II disorder, currently depressed.',
      outcomeCode: 'joint-follow-up',
      recommendations: ['Start lamotrigine', 'Review in 6 weeks'],
    });
    expect(completed).toMatchObject({
      status: 'completed',
      outcome: {
        kind: 'outcome',
        outcomeCode: 'joint-follow-up',
        recommendations: [
          { id: expect.any(String), kind: 'other', text: 'Start lamotrigine' },
          { id: expect.any(String), kind: 'other', text: 'Review in 6 weeks' },
        ],
      },
    });
    expect((await read(ctx, gp, id)).body.allowedActions).toEqual(['close', 'enter-in-error', 'reconsult']);

    const closed = await move(ctx, gp, id, 'close', { referralAvoided: true, note: 'Plan agreed.' });
    expect(closed).toMatchObject({ status: 'closed', version: 11, allowedActions: ['enter-in-error', 'reconsult'] });
    expect((await read(ctx, psychiatrist, id)).body.allowedActions).toEqual([]);

    expect(closed.timeline.map((e: Json) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(steps(closed)).toEqual([
      `create ∅→draft by ${gp.id}`,
      `edit draft→draft by ${gp.id}`,
      `edit draft→draft by ${gp.id}`,
      `edit draft→draft by ${gp.id}`,
      `submit draft→submitted by ${gp.id}`,
      `request-information submitted→awaiting-information by ${psychiatrist.id}`,
      `provide-information awaiting-information→submitted by ${gp.id}`,
      `accept submitted→accepted by ${psychiatrist.id}`,
      `schedule accepted→scheduled by ${psychiatrist.id}`,
      `complete scheduled→completed by ${psychiatrist.id}`,
      `close completed→closed by ${gp.id}`,
    ]);
    expect(closed.timeline[5]).toMatchObject({ by: { kind: 'user', name: 'Test psychiatrist' }, detail: { question: 'Any manic episodes?' } });
    expect(closed.timeline[10].detail).toEqual({ referralAvoided: true, note: 'Plan agreed.' });
  });

  it('creates and submits at once with submit: true', async () => {
    const ctx = await newCtx();
    const res = await ctx.api.call('POST', '/api/requests', { token: ctx.clinic.gp.token, body: { ...draftBody(), submit: true } });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('W/"1"');
    expect(res.body).toMatchObject({ status: 'submitted', version: 1, submittedAt: expect.any(String), sla: { clock: 'running' } });
    expect(steps(res.body)).toEqual([`create ∅→draft by ${ctx.clinic.gp.id}`, `submit draft→submitted by ${ctx.clinic.gp.id}`]);
  });
});

describe('other endings', () => {
  it('a declined request keeps the advice and is closed by the GP', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const { id } = await submittedRequest(ctx);
    const declined = await move(ctx, psychiatrist, id, 'decline', { reason: 'manageable-in-primary-care', advice: 'Increase sertraline to 100 mg.' });
    expect(declined).toMatchObject({
      status: 'declined',
      outcome: { kind: 'declined', reason: 'manageable-in-primary-care', advice: 'Increase sertraline to 100 mg.' },
      sla: { clock: 'met' },
      allowedActions: [],
    });
    expect((await read(ctx, gp, id)).body.allowedActions).toEqual(['close', 'enter-in-error']);
    const closed = await move(ctx, gp, id, 'close', {});
    expect(closed.status).toBe('closed');
    expect(steps(closed).slice(-2)).toEqual([`decline submitted→declined by ${psychiatrist.id}`, `close declined→closed by ${gp.id}`]);
  });

  it('a redirect ends the request and submits a replacement to the other service', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist, psychiatrist2 } = ctx.clinic;
    const original = await submittedRequest(ctx);
    const redirected = await move(ctx, psychiatrist, original.id, 'redirect', { serviceId: ctx.clinic.otherServiceId, reason: 'Acute risk: crisis team.' });
    expect(redirected).toMatchObject({ status: 'redirected', replaces: null, replacedBy: expect.any(String), allowedActions: [] });
    const newId: string = redirected.replacedBy;
    expect(newId).not.toBe(original.id);

    const replacement = (await read(ctx, gp, newId)).body;
    expect(replacement).toMatchObject({
      status: 'submitted',
      version: 1,
      replaces: original.id,
      replacedBy: null,
      service: { id: ctx.clinic.otherServiceId, name: 'Test Crisis Team' },
      requester: { id: gp.id },
      patient: original.patient,
      clinicalQuestion: original.clinicalQuestion,
      assignee: null,
      sla: { clock: 'running' },
    });
    expect(replacement.reference).not.toBe(original.reference);
    expect(steps(replacement)).toEqual([`redirect ∅→submitted by ${psychiatrist.id}`]);
    expect(replacement.timeline[0].detail).toEqual({ replaces: original.reference });

    // psychiatrist2 works in the crisis team: they see it and may triage it.
    const inCrisisTeam = await read(ctx, psychiatrist2, newId);
    expect(inCrisisTeam.status).toBe(200);
    expect(inCrisisTeam.body.allowedActions).toContain('accept');
    expect(await listIds(ctx, psychiatrist2)).toContain(newId);
    // The redirecting psychiatrist does not work there: the replacement is not theirs to see.
    expectProblem(await read(ctx, psychiatrist, newId), 404, 'not_found');
    expect(await listIds(ctx, psychiatrist)).not.toContain(newId);
    expect(await listIds(ctx, psychiatrist)).toContain(original.id);
    // The old request can no longer be accepted.
    expectProblem(await act(ctx, psychiatrist2, original.id, 'accept'), 409, 'illegal_transition');
    expect(await move(ctx, psychiatrist2, newId, 'accept')).toMatchObject({ status: 'accepted', assignee: { id: psychiatrist2.id } });
  });

  it('advice given can be converted into a joint consultation by the GP', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist } = ctx.clinic;
    const { id } = await submittedRequest(ctx, { requestedForm: 'advice-only' });
    const advised = await move(ctx, psychiatrist, id, 'give-advice', { advice: 'Consider mirtazapine 15 mg at night.' });
    expect(advised).toMatchObject({ status: 'advice-given', outcome: { kind: 'advice', advice: 'Consider mirtazapine 15 mg at night.' }, sla: { clock: 'met' } });
    expect((await read(ctx, gp, id)).body.allowedActions).toEqual(['convert-to-joint', 'close', 'enter-in-error', 'reconsult']);
    expectProblem(await act(ctx, psychiatrist, id, 'convert-to-joint'), 403, 'forbidden');

    const joint = await move(ctx, gp, id, 'convert-to-joint', { agreedForm: 'joint-in-person' });
    expect(joint).toMatchObject({ status: 'accepted', agreedForm: 'joint-in-person' });
    expect(steps(joint).at(-1)).toBe(`convert-to-joint advice-given→accepted by ${gp.id}`);
    expect((await read(ctx, psychiatrist, id)).body.allowedActions).toContain('schedule');
  });

  // BUG (src/services/moves.ts, give-advice / convert-to-joint): give-advice from `submitted`
  // assigns nobody, and convert-to-joint moves the request to `accepted` still unassigned, so an
  // accepted (then scheduled, completed) request can have no responsible psychiatrist, although
  // `accept` refuses to leave one without an assignee. Expected: an assignee after conversion.
  it('a request converted to a joint consultation has a responsible psychiatrist', async () => {
    const ctx = await newCtx();
    const { id } = await submittedRequest(ctx, { requestedForm: 'advice-only' });
    await move(ctx, ctx.clinic.psychiatrist, id, 'give-advice');
    const joint = await move(ctx, ctx.clinic.gp, id, 'convert-to-joint');
    expect(joint.assignee).not.toBeNull();
  });

  it('the GP cancels a submitted request; the psychiatrist can no longer act on it', async () => {
    const ctx = await newCtx();
    const { id } = await submittedRequest(ctx);
    const cancelled = await move(ctx, ctx.clinic.gp, id, 'cancel', { reason: 'Patient admitted elsewhere.' });
    expect(cancelled).toMatchObject({ status: 'cancelled', sla: { clock: 'stopped' }, allowedActions: ['enter-in-error'] });
    expect(cancelled.timeline.at(-1).detail).toEqual({ reason: 'Patient admitted elsewhere.' });
    expect((await read(ctx, ctx.clinic.psychiatrist, id)).body.allowedActions).toEqual([]);
    expectProblem(await act(ctx, ctx.clinic.psychiatrist, id, 'accept'), 409, 'illegal_transition');
  });

  it('the practice enters a request in error; an administrator cannot (it sees no request)', async () => {
    const ctx = await newCtx();
    const { admin, gp, psychiatrist } = ctx.clinic;
    const { id } = await submittedRequest(ctx);
    expect((await read(ctx, admin, id)).status).toBe(404);
    const voided = await move(ctx, gp, id, 'enter-in-error', { reason: 'Wrong patient.' });
    expect(voided.status).toBe('entered-in-error');
    expect(voided.timeline.at(-1)).toMatchObject({ action: 'enter-in-error', from: 'submitted', by: { id: gp.id, kind: 'user' } });
    for (const who of [gp, psychiatrist]) expect((await read(ctx, who, id)).body.allowedActions).toEqual([]);
  });
});

describe('requests created by an EHR system', () => {
  it('names the requesting GP of its practice', async () => {
    const ctx = await newCtx();
    const { ehr, gp } = ctx.clinic;
    const res = await ctx.api.call('POST', '/api/requests', { token: ehr.token, body: { ...draftBody(), requesterId: gp.id, submit: true } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'submitted', requester: { id: gp.id, name: 'Test gp' }, organisationId: ctx.clinic.practiceId });
    expect(res.body.timeline[0].by).toEqual({ kind: 'client', id: ehr.id, name: 'Test EHR' });
    expect((await read(ctx, gp, res.body.id)).body.allowedActions).toContain('cancel');
  });

  it('names no GP: the request belongs to the practice, and any of its GPs acts for it', async () => {
    const ctx = await newCtx();
    const res = await ctx.api.call('POST', '/api/requests', { token: ctx.clinic.ehr.token, body: { ...draftBody(), submit: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'submitted', requester: { id: null, name: null }, organisationId: ctx.clinic.practiceId });
    for (const gp of [ctx.clinic.gp, ctx.clinic.gp2]) expect((await read(ctx, gp, res.body.id)).body.allowedActions).toContain('cancel');
  });

  it.each([
    ['a GP of another practice', 'otherGp'],
    ['a psychiatrist', 'psychiatrist'],
    ['an unknown user', 'unknown'],
  ] as const)('refuses a requesterId that is %s with 400 naming requesterId', async (_label, who) => {
    const ctx = await newCtx();
    const requesterId = who === 'unknown' ? crypto.randomUUID() : ctx.clinic[who].id;
    const before = await ctx.api.rowsOf(ctx.clinic.practiceId);
    const res = await ctx.api.call('POST', '/api/requests', { token: ctx.clinic.ehr.token, body: { ...draftBody(), requesterId } });
    expectProblem(res, 400, 'invalid_input');
    expect(fieldsOf(res)).toEqual(['requesterId']);
    expect(await ctx.api.rowsOf(ctx.clinic.practiceId)).toEqual(before);
  });

  it('a GP creates requests only in their own name', async () => {
    const ctx = await newCtx();
    const own = await createRequest(ctx, ctx.clinic.gp, { requesterId: ctx.clinic.gp.id });
    expect(own.requester.id).toBe(ctx.clinic.gp.id);
    const res = await ctx.api.call('POST', '/api/requests', { token: ctx.clinic.gp.token, body: { ...draftBody(), requesterId: ctx.clinic.gp2.id } });
    expectProblem(res, 400, 'invalid_input');
    expect(fieldsOf(res)).toEqual(['requesterId']);
  });
});
