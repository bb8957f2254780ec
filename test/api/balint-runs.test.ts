/**
 * Balint groups' runs (issue 13): interdisciplinary co-leaders by invitation, a run of sessions
 * on a fixed rhythm for a number of sessions or until a date, in the service's time zone across
 * daylight-saving changes; leaders pause, resume, extend and close it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testApi } from '../harness/api.js';
import { balintGroup, runMove, schedule, startRun } from './balint-groups.fixtures.js';
import { expectProblem, fieldsOf, newCtx } from './helpers.js';

// Some tests set the shared test clock; the next file's must find it running again.
afterEach(async () => (await testApi()).clock.reset());

describe('a group led across disciplines', () => {
  it("records each leader's discipline; a family physician co-leads; invitees are in only once they accept", async () => {
    const ctx = await newCtx();
    const { leader, gp, gp2, otherGp, serviceId } = ctx.clinic;
    const made = await ctx.api.call('POST', '/api/case-discussions', {
      token: leader.token,
      body: { serviceId, name: 'GP-led', cadenceWeeks: 2, leaderIds: [leader.id, gp.id], memberIds: [gp2.id, otherGp.id], place: 'Room 3, health centre', workingTime: true },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const groupId = made.body.id as string;
    expect(made.body).toMatchObject({ place: 'Room 3, health centre', videoLink: null, workingTime: true });
    expect(made.body.people.map((p: { discipline: string | null }) => p.discipline)).toEqual(['psychologist', 'family-physician', null, null]);

    expect((await ctx.api.call('GET', `/api/case-discussions/${groupId}`, { token: gp.token })).status).toBe(404);
    expect((await ctx.api.call('POST', `/api/me/invitations/${groupId}/accept`, { token: gp.token })).status).toBe(204);
    expect((await ctx.api.call('POST', `/api/me/invitations/${groupId}/decline`, { token: otherGp.token })).status).toBe(204);
    const read = await ctx.api.call('GET', `/api/case-discussions/${groupId}`, { token: gp.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'GP-led', runs: [] });
    expect(read.body.people.find((p: { userId: string }) => p.userId === otherGp.id).status).toBe('declined');
    expect((await ctx.api.call('GET', `/api/case-discussions/${groupId}`, { token: otherGp.token })).status).toBe(404);

    // A co-leading family physician may start a run; a discipline named explicitly wins over the role's.
    expect((await startRun(ctx, gp, { groupId, startsAt: '2026-09-02T18:00:00+02:00', rhythmWeeks: 2, sessionCount: 3 })).status).toBe(201);
    const social = await ctx.api.call('POST', '/api/case-discussions', {
      token: leader.token,
      body: { serviceId, name: 'With a social worker', cadenceWeeks: 2, leaderIds: [leader.id, ctx.clinic.psychiatrist.id], disciplines: { [ctx.clinic.psychiatrist.id]: 'social-worker' } },
    });
    expect(social.body.people.map((p: { discipline: string }) => p.discipline)).toEqual(['psychologist', 'social-worker']);
  });
});

describe('a run', () => {
  it('keeps the local time across the spring and autumn clock changes, counted in sessions or until a date', async () => {
    const ctx = await newCtx({ timeZone: 'Europe/Berlin' });
    const groupId = await balintGroup(ctx);
    const spring = await startRun(ctx, ctx.clinic.leader, { groupId, startsAt: '2026-03-11T18:00:00+01:00', rhythmWeeks: 2, sessionCount: 4, durationMinutes: 90 });
    expect(spring.status, JSON.stringify(spring.body)).toBe(201);
    // 18:00 in Berlin each time; summer time from 29 March.
    expect(schedule(spring.body)).toEqual([
      '2026-03-11T17:00:00.000Z planned',
      '2026-03-25T17:00:00.000Z planned',
      '2026-04-08T16:00:00.000Z planned',
      '2026-04-22T16:00:00.000Z planned *',
    ]);
    expect(spring.body.sessions[2].endsAt).toBe('2026-04-08T17:30:00.000Z');
    expect(spring.body).toMatchObject({ rhythmWeeks: 2, sessionCount: 4, endsOn: null, status: 'active', workingTime: false });

    expectProblem(await startRun(ctx, ctx.clinic.leader, { groupId, startsAt: '2026-10-14T17:00:00+02:00', rhythmWeeks: 1, endsOn: '2026-11-04' }), 409);
    await runMove(ctx, ctx.clinic.leader, spring.body.id, 'close');
    const autumn = await startRun(ctx, ctx.clinic.leader, { groupId, startsAt: '2026-10-14T17:00:00+02:00', rhythmWeeks: 1, endsOn: '2026-11-04', videoLink: 'https://video.example/balint' });
    // Winter time from 25 October; the end date is a local date and counts.
    expect(schedule(autumn.body)).toEqual([
      '2026-10-14T15:00:00.000Z planned',
      '2026-10-21T15:00:00.000Z planned',
      '2026-10-28T16:00:00.000Z planned',
      '2026-11-04T16:00:00.000Z planned *',
    ]);
    expect(autumn.body.videoLink).toBe('https://video.example/balint');
  });

  it('is counted in sessions or runs until a date, never both, and never ends before it starts', async () => {
    const ctx = await newCtx();
    const groupId = await balintGroup(ctx);
    const start = { groupId, startsAt: '2026-09-02T18:00:00+02:00', rhythmWeeks: 2 };
    expect(fieldsOf(await startRun(ctx, ctx.clinic.leader, { ...start, sessionCount: 3, endsOn: '2026-12-01' }))).toEqual(['sessionCount']);
    expect(fieldsOf(await startRun(ctx, ctx.clinic.leader, start))).toEqual(['sessionCount']);
    expect(fieldsOf(await startRun(ctx, ctx.clinic.leader, { ...start, endsOn: '2026-08-01' }))).toEqual(['endsOn']);
    expectProblem(await startRun(ctx, ctx.clinic.gp, { ...start, sessionCount: 3 }), 403);
    expectProblem(await startRun(ctx, ctx.clinic.psychiatrist2, { ...start, sessionCount: 3 }), 404);
    expectProblem(await startRun(ctx, ctx.clinic.ehr, { ...start, sessionCount: 3 }), 403);
  });

  it('leaders pause it (sessions ahead cancelled), resume it (those still ahead come back), extend and close it', async () => {
    const ctx = await newCtx({ timeZone: 'Europe/Berlin' });
    const { leader, psychiatrist, gp } = ctx.clinic;
    const groupId = await balintGroup(ctx);
    ctx.api.clock.set('2026-01-10T12:00:00Z');
    const run = await startRun(ctx, leader, { groupId, startsAt: '2026-02-04T17:00:00+01:00', rhythmWeeks: 1, sessionCount: 4, place: 'Library' });
    const runId = run.body.id as string;
    expect(run.body.place).toBe('Library');

    ctx.api.clock.set('2026-02-12T12:00:00Z');
    expectProblem(await runMove(ctx, gp, runId, 'pause'), 403);
    expectProblem(await runMove(ctx, psychiatrist, runId, 'resume'), 409);
    const paused = await runMove(ctx, psychiatrist, runId, 'pause');
    expect(paused.body.status).toBe('paused');
    expect(schedule(paused.body)).toEqual(['2026-02-04T16:00:00.000Z planned', '2026-02-11T16:00:00.000Z planned *', '2026-02-18T16:00:00.000Z cancelled', '2026-02-25T16:00:00.000Z cancelled']);
    // A cancelled session takes no attendance.
    expectProblem(await ctx.api.call('PUT', `/api/case-discussions/sessions/${paused.body.sessions[2].id}/attendance`, { token: leader.token, body: { present: [] } }), 409);

    ctx.api.clock.set('2026-02-20T12:00:00Z');
    const resumed = await runMove(ctx, leader, runId, 'resume');
    expect(schedule(resumed.body)).toEqual(['2026-02-04T16:00:00.000Z planned', '2026-02-11T16:00:00.000Z planned', '2026-02-18T16:00:00.000Z cancelled', '2026-02-25T16:00:00.000Z planned *']);

    expect(fieldsOf(await runMove(ctx, leader, runId, 'extend', { sessionCount: 4 }))).toEqual(['sessionCount']);
    expect(fieldsOf(await runMove(ctx, leader, runId, 'extend', { endsOn: '2026-06-01' }))).toEqual(['sessionCount']);
    const longer = await runMove(ctx, leader, runId, 'extend', { sessionCount: 6 });
    expect(longer.status, JSON.stringify(longer.body)).toBe(200);
    expect(schedule(longer.body).slice(3)).toEqual(['2026-02-25T16:00:00.000Z planned', '2026-03-04T16:00:00.000Z planned', '2026-03-11T16:00:00.000Z planned *']);
    expect(longer.body.sessionCount).toBe(6);

    ctx.api.clock.set('2026-03-05T12:00:00Z');
    const closed = await runMove(ctx, leader, runId, 'close');
    expect(closed.body.status).toBe('closed');
    expect(schedule(closed.body).slice(4)).toEqual(['2026-03-04T16:00:00.000Z planned *', '2026-03-11T16:00:00.000Z cancelled']);
    expectProblem(await runMove(ctx, leader, runId, 'extend', { sessionCount: 8 }), 409);
    expect((await ctx.api.call('GET', `/api/case-discussion-runs/${runId}`, { token: gp.token })).body.status).toBe('closed');
    expectProblem(await ctx.api.call('GET', `/api/case-discussion-runs/${runId}`, { token: ctx.clinic.psychiatrist2.token }), 404);
    expect((await ctx.api.call('GET', `/api/case-discussions/${groupId}`, { token: gp.token })).body.runs).toEqual([expect.objectContaining({ id: runId, status: 'closed' })]);
  });

  it('an end-date run extends to a later date on the same rhythm', async () => {
    const ctx = await newCtx({ timeZone: 'Europe/Berlin' });
    const groupId = await balintGroup(ctx);
    const run = await startRun(ctx, ctx.clinic.leader, { groupId, startsAt: '2026-10-07T17:00:00+02:00', rhythmWeeks: 2, endsOn: '2026-10-21' });
    expect(run.body.sessions).toHaveLength(2);
    expect(fieldsOf(await runMove(ctx, ctx.clinic.leader, run.body.id, 'extend', { endsOn: '2026-10-21' }))).toEqual(['endsOn']);
    const longer = await runMove(ctx, ctx.clinic.leader, run.body.id, 'extend', { endsOn: '2026-11-18' });
    expect(schedule(longer.body)).toEqual(['2026-10-07T15:00:00.000Z planned', '2026-10-21T15:00:00.000Z planned', '2026-11-04T16:00:00.000Z planned', '2026-11-18T16:00:00.000Z planned *']);
  });
});
