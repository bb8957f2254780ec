/**
 * What a Balint run leaves behind (issue 13), on a scripted run: the closing questionnaire
 * (members answer once from the closing session on; leaders read it without names), each
 * member's attendance certificate (hours attended), and the run's measures (sessions held,
 * attendance rate, cases by kind, members' referrals before and during the run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApi } from '../harness/api.js';
import type { Person } from '../harness/clinic.js';
import { balintGroup, runMove, startRun } from './balint-groups.fixtures.js';
import { type Ctx, type Json, expectProblem, move, newCtx, submittedRequest } from './helpers.js';

const PATIENT = { identifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: 'ID-RUN-2291' }, name: { family: 'Achterberg', given: ['Wim'] }, birthDate: '1950-01-01', sex: 'male' };

let ctx: Ctx;
let runId: string;
let sessions: Json[];

const at = (instant: string) => ctx.api.clock.set(instant);
const attend = async (sessionId: string, people: Person[]) => {
  const res = await ctx.api.call('PUT', `/api/case-discussions/sessions/${sessionId}/attendance`, { token: ctx.clinic.leader.token, body: { present: people.map((p) => p.id) } });
  expect(res.status, JSON.stringify(res.body)).toBe(204);
};

/**
 * Weekly from 4 February 2026, 90 minutes, four sessions; paused after the second (the third is
 * lost), resumed, extended to five. Attendance: all five; four (gp2 away); cancelled; all five;
 * four (otherGp away). Cases: one referral, one own case. The members' referrals: one long
 * before, two and the case-discussion referral in the four weeks before, one during.
 */
beforeAll(async () => {
  ctx = await newCtx({ timeZone: 'Europe/Berlin' });
  const { gp, gp2, otherGp, leader, psychiatrist } = ctx.clinic;
  const everyone = [gp, gp2, otherGp, leader, psychiatrist];
  const groupId = await balintGroup(ctx);
  at('2025-11-03T10:00:00Z');
  await submittedRequest(ctx);
  at('2026-01-15T10:00:00Z');
  await submittedRequest(ctx);
  await submittedRequest(ctx);
  at('2026-01-20T10:00:00Z');
  const forDiscussion = await submittedRequest(ctx, { requestedForm: 'case-discussion', patient: PATIENT });
  await move(ctx, psychiatrist, forDiscussion.id, 'accept', { agreedForm: 'case-discussion' });
  const run = await startRun(ctx, leader, { groupId, startsAt: '2026-02-04T17:00:00+01:00', rhythmWeeks: 1, sessionCount: 4, durationMinutes: 90 });
  runId = run.body.id;
  const ids = () => ctx.api.call('GET', `/api/case-discussion-runs/${runId}`, { token: leader.token }).then((r) => r.body.sessions as Json[]);
  let s = await ids();
  expect((await ctx.api.call('POST', `/api/case-discussions/sessions/${s[0]!.id}/agenda`, { token: leader.token, body: { requestId: forDiscussion.id } })).status).toBe(200);
  expect((await ctx.api.call('POST', `/api/case-discussions/sessions/${s[1]!.id}/presentations`, { token: otherGp.token, body: { title: 'A demanding family', question: 'How do I keep the frame?' } })).status).toBe(200);

  at('2026-02-04T18:00:00Z');
  await attend(s[0]!.id, everyone);
  at('2026-02-10T10:00:00Z');
  await submittedRequest(ctx);
  at('2026-02-11T18:00:00Z');
  await attend(s[1]!.id, [gp, otherGp, leader, psychiatrist]);
  at('2026-02-12T10:00:00Z');
  await runMove(ctx, leader, runId, 'pause');
  at('2026-02-20T10:00:00Z');
  await runMove(ctx, leader, runId, 'resume');
  await runMove(ctx, leader, runId, 'extend', { sessionCount: 5 });
  s = await ids();
  at('2026-02-25T18:00:00Z');
  await attend(s[3]!.id, everyone);
  at('2026-03-04T17:30:00Z');
  await attend(s[4]!.id, [gp, gp2, leader, psychiatrist]);
  sessions = s;
}, 120_000);

afterAll(async () => (await testApi()).clock.reset());

const feedback = (who: Person, body: Json) => ctx.api.call('POST', `/api/case-discussion-runs/${runId}/feedback`, { token: who.token, body });
const summary = (who: Person) => ctx.api.call('GET', `/api/case-discussion-runs/${runId}/feedback`, { token: who.token });
const answers = (learnt: string, rating: number, change: string) => ({ learnt, coLeadershipRating: rating, cooperationChange: change, coLeadership: `co-leading ${rating}` });

describe('a scripted run', () => {
  it('measures sessions held, attendance, cases by kind and the members’ referrals before and during the run', async () => {
    at('2026-03-10T12:00:00Z');
    const measures = await ctx.api.call('GET', `/api/case-discussion-runs/${runId}/measures`, { token: ctx.clinic.psychiatrist.token });
    expect(measures.status, JSON.stringify(measures.body)).toBe(200);
    expect(measures.body).toEqual({
      sessionsPlanned: 4,
      sessionsHeld: 4,
      sessionsCancelled: 1,
      // 18 of 20 places.
      attendanceRate: 0.9,
      casesByKind: { referral: 1, 'own-case': 1 },
      // The run: 4 February 16:00 UTC to the end of its last session; as long a period before it.
      referrals: { before: 3, during: 1, from: '2026-01-07T14:30:00.000Z', start: '2026-02-04T16:00:00.000Z', to: '2026-03-04T17:30:00.000Z' },
    });
    expectProblem(await ctx.api.call('GET', `/api/case-discussion-runs/${runId}/measures`, { token: ctx.clinic.gp.token }), 403);
    expect(sessions.map((s) => s.status)).toEqual(['planned', 'planned', 'cancelled', 'planned', 'planned']);
  });

  it("certifies each member's hours attended, as a printable page without patient data", async () => {
    at('2026-03-10T12:00:00Z');
    const certificate = async (who: Person) => ctx.api.call('GET', `/api/case-discussion-runs/${runId}/certificate`, { token: who.token });
    const gp = await certificate(ctx.clinic.gp);
    expect(gp.status).toBe(200);
    expect(gp.headers.get('content-type')).toMatch(/^text\/html/);
    const html = gp.text;
    expect(html).toContain('Hours attended: <strong data-minutes="360">6.00</strong>');
    expect(html).toContain('Sessions attended: <strong>4</strong>');
    expect(html).toContain('Balint group Mitte');
    expect(html).toContain('(clinical psychologist)');
    // Local times: 17:00 in Berlin, the run's first and last dates.
    expect(html).toContain('<td>2026-02-04</td><td>17:00–18:30</td>');
    expect(html).not.toContain('2026-02-18');
    for (const identifying of ['Achterberg', 'Wim', 'ID-RUN-2291']) expect(html).not.toContain(identifying);
    expect((await certificate(ctx.clinic.gp2)).text).toContain('data-minutes="270">4.50<');
    expect((await certificate(ctx.clinic.otherGp)).text).toContain('data-minutes="270">4.50<');
    expectProblem(await certificate(ctx.clinic.psychiatrist2), 404);

    // A leader downloads a member's certificate; a member may not download another's; a person not in the group has none.
    const memberCertificate = (who: Person, member: Person) => ctx.api.call('GET', `/api/case-discussion-runs/${runId}/certificate?member=${member.id}`, { token: who.token });
    expect((await memberCertificate(ctx.clinic.leader, ctx.clinic.gp2)).text).toContain('data-minutes="270">4.50<');
    expectProblem(await memberCertificate(ctx.clinic.gp, ctx.clinic.gp2), 403);
    expectProblem(await memberCertificate(ctx.clinic.leader, ctx.clinic.psychiatrist2), 404);
    expect((await memberCertificate(ctx.clinic.gp, ctx.clinic.gp)).text).toContain('data-minutes="360">6.00<');
  });

  it('opens the questionnaire at the closing session; members answer once; leaders read it without names', async () => {
    const { gp, gp2, otherGp, leader, psychiatrist } = ctx.clinic;
    at('2026-03-04T15:59:00Z');
    expectProblem(await feedback(gp, answers('x', 3, 'better')), 409);
    at('2026-03-04T16:00:00Z');
    expect((await feedback(gp, answers('To let the family’s anxiety be theirs.', 5, 'better'))).status).toBe(204);
    expectProblem(await feedback(gp, answers('again', 5, 'better')), 409);
    expectProblem(await feedback(leader, answers('as a leader', 5, 'better')), 403);
    expect((await feedback(otherGp, answers('Colleagues struggle with the same patients.', 4, 'unchanged'))).status).toBe(204);
    // Two answers could point at a person: withheld.
    expect((await summary(leader)).body).toEqual({ answers: 2, minimum: 3, summary: null });
    expect((await feedback(gp2, { ...answers('Asking earlier, and asking better.', 3, 'better'), cooperation: 'I phone the psychiatrist before referring.' })).status).toBe(204);
    const read = await summary(psychiatrist);
    expect(read.body).toEqual({
      answers: 3,
      minimum: 3,
      summary: {
        coLeadership: { average: 4, ratings: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 }, comments: ['co-leading 3', 'co-leading 4', 'co-leading 5'] },
        cooperation: { better: 2, unchanged: 1, worse: 0, comments: ['I phone the psychiatrist before referring.'] },
        learnt: ['Asking earlier, and asking better.', 'Colleagues struggle with the same patients.', 'To let the family’s anxiety be theirs.'],
      },
    });
    for (const who of [gp, gp2, otherGp]) expect(JSON.stringify(read.body)).not.toContain(who.id);
    expectProblem(await summary(gp), 403);
  });
});
