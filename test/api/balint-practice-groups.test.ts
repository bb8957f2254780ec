/**
 * A Balint group hosted by a practice (issue 13: "the service (or practice) hosting it"): set up by
 * one of its GPs, co-led with mental health; its members the practice's GPs and the psychiatrists
 * and psychologists of the services the practice refers to; runs in the practice's time zone;
 * referrals on its agenda only the practice's own; measures count referrals to any service.
 * Leaders invite more people later and remove someone.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { organisations } from '../../src/store/schema.js';
import { testApi } from '../harness/api.js';
import { castOf } from '../harness/cast.js';
import type { Person } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { runMove, schedule, startRun } from './balint-groups.fixtures.js';
import { type Ctx, type Json, createRequest, expectProblem, fieldsOf, move, newCtx } from './helpers.js';

afterEach(async () => (await testApi()).clock.reset());

const create = (ctx: Ctx, who: Person, body: Json) => ctx.api.call('POST', '/api/case-discussions', { token: who.token, body: { name: 'Practice Balint group', cadenceWeeks: 2, memberIds: [], ...body } });
const accept = async (ctx: Ctx, groupId: string, people: Person[]) => {
  for (const who of people) expect((await ctx.api.call('POST', `/api/me/invitations/${groupId}/accept`, { token: who.token })).status).toBe(204);
};

/** The practice's group: led by its GP and the service's psychiatrist; members its other GP and the service's psychologist. */
async function practiceGroup(ctx: Ctx): Promise<string> {
  const { gp, gp2, psychiatrist, leader, practiceId } = ctx.clinic;
  const made = await create(ctx, gp, { practiceId, leaderIds: [gp.id, psychiatrist.id], memberIds: [gp2.id, leader.id] });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  await accept(ctx, made.body.id, [psychiatrist, gp2, leader]);
  return made.body.id as string;
}

const setPracticeTimeZone = async (ctx: Ctx, timeZone: string | null) => (await testDatabase()).update(organisations).set({ timeZone }).where(eq(organisations.id, ctx.clinic.practiceId));

describe('a group hosted by a practice', () => {
  it('is set up by a GP of the practice, co-led with mental health, and listed with its host', async () => {
    const ctx = await newCtx();
    const { gp, psychiatrist, practiceId } = ctx.clinic;
    const made = await create(ctx, gp, { practiceId, leaderIds: [gp.id, psychiatrist.id], place: 'Practice library', workingTime: false });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ host: { kind: 'practice', id: practiceId }, practiceId, serviceId: null, place: 'Practice library' });
    expect(made.body.people.map((p: Json) => [p.discipline, p.status])).toEqual([
      ['family-physician', 'accepted'],
      ['psychiatrist', 'invited'],
    ]);
    const invitations = await ctx.api.call('GET', '/api/me/invitations', { token: psychiatrist.token });
    expect(invitations.body.items).toEqual([expect.objectContaining({ groupId: made.body.id, host: { kind: 'practice', id: practiceId, name: 'Test Practice' }, service: null, role: 'leader' })]);
    await accept(ctx, made.body.id, [psychiatrist]);
    const listed = await ctx.api.call('GET', '/api/case-discussions', { token: psychiatrist.token });
    expect(listed.body.items).toEqual([{ groupId: made.body.id, groupName: 'Practice Balint group', host: { kind: 'practice', id: practiceId, name: 'Test Practice' }, role: 'leader' }]);
    const read = await ctx.api.call('GET', `/api/case-discussions/${made.body.id}`, { token: gp.token });
    expect(read.body).toMatchObject({ host: { kind: 'practice', id: practiceId }, practiceId, serviceId: null });
  });

  it('is set up only by a GP of that practice, for exactly one host', async () => {
    const ctx = await newCtx();
    const { gp, otherGp, psychiatrist, leader, admin, practiceId, serviceId } = ctx.clinic;
    const body = { practiceId, leaderIds: [gp.id, psychiatrist.id] };
    expectProblem(await create(ctx, psychiatrist, body), 404);
    expectProblem(await create(ctx, leader, body), 404);
    expectProblem(await create(ctx, otherGp, body), 404);
    expectProblem(await create(ctx, admin, body), 403);
    expectProblem(await create(ctx, ctx.clinic.ehr, body), 403);
    // A service is no practice, and a practice no service.
    expectProblem(await create(ctx, gp, { ...body, practiceId: ctx.clinic.specialistId }), 404);
    expect(fieldsOf(await create(ctx, gp, { ...body, serviceId }))).toEqual(['practiceId']);
    expect(fieldsOf(await create(ctx, gp, { leaderIds: body.leaderIds }))).toEqual(['serviceId']);
  });

  it('admits the practice’s GPs and the clinicians of the services it refers to, and refuses others naming the field', async () => {
    const ctx = await newCtx();
    const { gp, gp2, otherGp, psychiatrist, leader, practiceId, otherServiceId } = ctx.clinic;
    const cast = await castOf(await testDatabase(), ctx.clinic, ctx.clinic.specialistId);
    const elsewhere = cast.otherServicePsychiatrist!;
    const leaders = [gp.id, psychiatrist.id];
    // Another practice's GP, a GP of a practice that refers nowhere, a psychiatrist of a service the practice never used.
    const refused = await create(ctx, gp, { practiceId, leaderIds: leaders, memberIds: [gp2.id, otherGp.id, cast.otherOrgGp!.id, elsewhere.id, leader.id] });
    expectProblem(refused, 422);
    expect(fieldsOf(refused)).toEqual(['memberIds.1', 'memberIds.2', 'memberIds.3']);
    expect(JSON.stringify(refused.body)).toContain('psychiatrist or psychologist of a consulting service the practice refers to');
    expect(fieldsOf(await create(ctx, gp, { practiceId, leaderIds: leaders, memberIds: [gp2.id, gp2.id] }))).toEqual(['memberIds.1']);
    // Co-led by the practice and by mental health: neither alone.
    expect(fieldsOf(await create(ctx, gp, { practiceId, leaderIds: [gp.id, gp2.id] }))).toEqual(['leaderIds']);
    expect(fieldsOf(await create(ctx, gp, { practiceId, leaderIds: [psychiatrist.id, leader.id] }))).toEqual(['leaderIds']);
    // Once the practice has sent a request to the other service, that service's psychiatrist may join.
    await createRequest(ctx, gp, { serviceId: otherServiceId }, true);
    const made = await create(ctx, gp, { practiceId, leaderIds: leaders, memberIds: [elsewhere.id] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  });

  it('keeps its sessions at the practice’s local time across a daylight-saving change (else its default service’s)', async () => {
    const ctx = await newCtx({ timeZone: 'Europe/Berlin' });
    await setPracticeTimeZone(ctx, 'America/New_York');
    const groupId = await practiceGroup(ctx);
    // 18:00 in New York; summer time there from 8 March 2026, three weeks before Berlin's.
    const run = await startRun(ctx, ctx.clinic.gp, { groupId, startsAt: '2026-02-25T18:00:00-05:00', rhythmWeeks: 2, sessionCount: 3 });
    expect(run.status, JSON.stringify(run.body)).toBe(201);
    expect(schedule(run.body)).toEqual(['2026-02-25T23:00:00.000Z planned', '2026-03-11T22:00:00.000Z planned', '2026-03-25T22:00:00.000Z planned *']);
    await runMove(ctx, ctx.clinic.gp, run.body.id, 'close');
    // Without a time zone of its own, the practice keeps its default service's.
    await setPracticeTimeZone(ctx, null);
    const berlin = await startRun(ctx, ctx.clinic.psychiatrist, { groupId, startsAt: '2026-03-18T18:00:00+01:00', rhythmWeeks: 2, sessionCount: 2 });
    expect(schedule(berlin.body)).toEqual(['2026-03-18T17:00:00.000Z planned', '2026-04-01T16:00:00.000Z planned *']);
  });

  it('discusses only the practice’s own requests, each still shown per its privacy rules', async () => {
    const ctx = await newCtx();
    const { gp, gp2, otherGp, psychiatrist, practiceId, otherServiceId } = ctx.clinic;
    const cast = await castOf(await testDatabase(), ctx.clinic, ctx.clinic.specialistId);
    const elsewhere = cast.otherServicePsychiatrist!;
    await createRequest(ctx, gp2, { serviceId: otherServiceId }, true);
    const made = await create(ctx, gp, { practiceId, leaderIds: [gp.id, psychiatrist.id], memberIds: [gp2.id, elsewhere.id] });
    const groupId = made.body.id as string;
    await accept(ctx, groupId, [psychiatrist, gp2, elsewhere]);
    const sessions = await ctx.api.call('POST', `/api/case-discussions/${groupId}/sessions`, { token: psychiatrist.token, body: { startsAt: '2031-02-03T17:00:00+01:00' } });
    const sessionId = sessions.body.items[0].id as string;
    const ours = await createRequest(ctx, gp, { requestedForm: 'case-discussion' }, true);
    await move(ctx, psychiatrist, ours.id, 'accept', { agreedForm: 'case-discussion' });
    const theirs = await createRequest(ctx, otherGp, { requestedForm: 'case-discussion' }, true);
    await move(ctx, psychiatrist, theirs.id, 'accept', { agreedForm: 'case-discussion' });

    const candidates = await ctx.api.call('GET', `/api/case-discussions/${groupId}/candidates`, { token: psychiatrist.token });
    expect(candidates.body.items.map((r: Json) => r.id)).toEqual([ours.id]);
    const other = await ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda`, { token: psychiatrist.token, body: { requestId: theirs.id } });
    expectProblem(other, 422);
    expect(other.body.errors).toEqual([{ field: 'requestId', message: 'Another practice’s request.' }]);
    expect((await ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda`, { token: psychiatrist.token, body: { requestId: ours.id } })).status).toBe(200);

    const seenBy = async (who: Person) => (await ctx.api.call('GET', `/api/case-discussions/sessions/${sessionId}`, { token: who.token })).body.agenda[0];
    expect((await seenBy(gp2)).patient).not.toBeNull();
    // A psychiatrist of another service sits in the group but never sees this request's patient.
    const pseudonymised = await seenBy(elsewhere);
    expect(pseudonymised.patient).toBeNull();
    expect(pseudonymised.case.reference).toBe(ours.reference);
  });
});

describe('who is in a group, later', () => {
  it('leaders invite more people (the same rule) and remove someone, never the last of the host’s side', async () => {
    const ctx = await newCtx();
    const { gp, gp2, otherGp, psychiatrist, psychiatrist2 } = ctx.clinic;
    const groupId = await practiceGroup(ctx);
    const invite = (who: Person, body: Json) => ctx.api.call('POST', `/api/case-discussions/${groupId}/people`, { token: who.token, body });
    const remove = (who: Person, userId: string) => ctx.api.call('DELETE', `/api/case-discussions/${groupId}/people/${userId}`, { token: who.token });

    expectProblem(await invite(gp2, { memberIds: [psychiatrist2.id] }), 403);
    const refused = await invite(gp, { memberIds: [psychiatrist2.id, otherGp.id, gp2.id] });
    expect(fieldsOf(refused)).toEqual(['memberIds.1', 'memberIds.2']);
    expect(JSON.stringify(refused.body)).toContain('Already in the group or invited.');
    const invited = await invite(psychiatrist, { memberIds: [psychiatrist2.id] });
    expect(invited.status, JSON.stringify(invited.body)).toBe(200);
    expect(invited.body.people.find((p: Json) => p.userId === psychiatrist2.id)).toMatchObject({ role: 'member', status: 'invited' });

    // The psychiatrist is the only leader from mental health: a practice's group keeps one.
    const lastLeader = await remove(gp, psychiatrist.id);
    expectProblem(lastLeader, 409);
    expect(fieldsOf(lastLeader)).toEqual(['userId']);
    expectProblem(await remove(gp2, psychiatrist2.id), 403);
    expectProblem(await remove(gp, otherGp.id), 404);
    const removed = await remove(gp, gp2.id);
    expect(removed.body.people.find((p: Json) => p.userId === gp2.id).status).toBe('removed');
    expectProblem(await ctx.api.call('GET', `/api/case-discussions/${groupId}`, { token: gp2.token }), 404);
    // Withdrawn invitations end too; and a removed member may be invited again.
    expect((await remove(gp, psychiatrist2.id)).status).toBe(200);
    expectProblem(await ctx.api.call('POST', `/api/me/invitations/${groupId}/accept`, { token: psychiatrist2.token }), 404);
    expect((await invite(gp, { memberIds: [gp2.id] })).status).toBe(200);
    await accept(ctx, groupId, [gp2]);
    expect((await ctx.api.call('GET', `/api/case-discussions/${groupId}`, { token: gp2.token })).status).toBe(200);
  });
});

describe('a practice’s run, measured', () => {
  it('counts the members’ referrals to any service before and during the run', async () => {
    const ctx = await newCtx({ timeZone: 'Europe/Berlin' });
    const { gp, gp2, leader, psychiatrist, otherServiceId } = ctx.clinic;
    const groupId = await practiceGroup(ctx);
    const at = (instant: string) => ctx.api.clock.set(instant);
    // gp2 (a member) refers to the service and to the crisis team; gp (a leader) is not counted.
    at('2026-01-30T10:00:00Z');
    await createRequest(ctx, gp2, {}, true);
    await createRequest(ctx, gp2, { serviceId: otherServiceId }, true);
    await createRequest(ctx, gp, {}, true);
    at('2026-01-31T10:00:00Z');
    const run = await startRun(ctx, gp, { groupId, startsAt: '2026-02-04T17:00:00+01:00', rhythmWeeks: 1, sessionCount: 2, durationMinutes: 90 });
    const [first, second] = run.body.sessions as Json[];
    await ctx.api.call('POST', `/api/case-discussions/sessions/${first!.id}/presentations`, { token: gp2.token, body: { title: 'A colleague as patient', question: 'Where does collegiality end?' } });
    at('2026-02-04T18:00:00Z');
    expect((await ctx.api.call('PUT', `/api/case-discussions/sessions/${first!.id}/attendance`, { token: gp.token, body: { present: [gp.id, gp2.id, leader.id, psychiatrist.id] } })).status).toBe(204);
    at('2026-02-06T10:00:00Z');
    await createRequest(ctx, gp2, { serviceId: otherServiceId }, true);
    at('2026-02-11T18:00:00Z');
    expect((await ctx.api.call('PUT', `/api/case-discussions/sessions/${second!.id}/attendance`, { token: gp.token, body: { present: [gp.id, psychiatrist.id, leader.id] } })).status).toBe(204);
    at('2026-02-20T10:00:00Z');
    const measures = await ctx.api.call('GET', `/api/case-discussion-runs/${run.body.id}/measures`, { token: psychiatrist.token });
    expect(measures.body).toEqual({
      sessionsPlanned: 2,
      sessionsHeld: 2,
      sessionsCancelled: 0,
      attendanceRate: 7 / 8,
      casesByKind: { referral: 0, 'own-case': 1 },
      referrals: { before: 2, during: 1, from: '2026-01-28T14:30:00.000Z', start: '2026-02-04T16:00:00.000Z', to: '2026-02-11T17:30:00.000Z' },
    });
  });
});
