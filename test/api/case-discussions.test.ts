/**
 * Case-discussion sessions: a group of the service with co-leaders and members who accepted
 * their invitation; the agenda; the group sees each case pseudonymised while those who may see
 * the request anyway (its practice, the consulting service) see the patient; conclusions go back
 * as the outcome; attendance is recorded per member.
 */
import { describe, expect, it } from 'vitest';
import type { Person } from '../harness/clinic.js';
import { type Ctx, type Json, move, newCtx, read, submittedRequest } from './helpers.js';

async function acceptAll(ctx: Ctx, groupId: string, people: Person[]) {
  for (const person of people) {
    const accepted = await ctx.api.call('POST', `/api/me/invitations/${groupId}/accept`, { token: person.token });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(204);
  }
}

async function setUp(ctx: Ctx) {
  const { leader, psychiatrist, gp, gp2, otherGp, serviceId } = ctx.clinic;
  const group = await ctx.api.call('POST', '/api/case-discussions', {
    token: leader.token,
    body: { serviceId, name: 'Balint group Nord', cadenceWeeks: 2, leaderIds: [leader.id, psychiatrist.id], memberIds: [gp.id, gp2.id, otherGp.id] },
  });
  expect(group.status, JSON.stringify(group.body)).toBe(201);
  await acceptAll(ctx, group.body.id, [psychiatrist, gp, gp2, otherGp]);
  const sessions = await ctx.api.call('POST', `/api/case-discussions/${group.body.id}/sessions`, { token: leader.token, body: { startsAt: '2026-12-02T17:00:00+01:00', durationMinutes: 90 } });
  expect(sessions.status).toBe(201);
  const session = { body: sessions.body.items[0] };
  const request = await submittedRequest(ctx, {
    requestedForm: 'case-discussion',
    patient: { identifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: 'ID-SECRET-77' }, name: { family: 'Verborgen', given: ['Ilse'] }, birthDate: '1984-05-17', sex: 'female' },
  });
  await move(ctx, psychiatrist, request.id, 'accept', { agreedForm: 'case-discussion' });
  const agenda = await ctx.api.call('POST', `/api/case-discussions/sessions/${session.body.id}/agenda`, { token: leader.token, body: { requestId: request.id, minutes: 25 } });
  expect(agenda.status, JSON.stringify(agenda.body)).toBe(200);
  return { sessionId: session.body.id as string, request, itemId: agenda.body.agenda[0].id as string };
}

const view = (ctx: Ctx, token: string, sessionId: string) => ctx.api.call('GET', `/api/case-discussions/sessions/${sessionId}`, { token });

describe('case-discussion sessions', () => {
  it('members of other practices see the case pseudonymised; the requesting practice and the service see the patient', async () => {
    const ctx = await newCtx();
    const { sessionId } = await setUp(ctx);
    for (const member of [ctx.clinic.otherGp]) {
      const seen = await view(ctx, member.token, sessionId);
      expect(seen.status).toBe(200);
      const text = JSON.stringify(seen.body);
      for (const identifying of ['Verborgen', 'Ilse', 'ID-SECRET-77', '1984-05-17']) expect(text).not.toContain(identifying);
      expect(seen.body.agenda[0]).toMatchObject({ patient: null, minutes: 25, case: { ageBand: '40–49', sex: 'female', clinicalQuestion: expect.any(String) } });
    }
    for (const identified of [ctx.clinic.gp, ctx.clinic.gp2, ctx.clinic.leader, ctx.clinic.psychiatrist]) {
      const seen = await view(ctx, identified.token, sessionId);
      expect(seen.body.agenda[0].patient).toMatchObject({ name: { family: 'Verborgen' }, identifier: { value: 'ID-SECRET-77' } });
    }
    expect((await view(ctx, ctx.clinic.psychiatrist2.token, sessionId)).status).toBe(404);
  });

  it("the group's conclusions reach the presenting GP as the request's outcome; attendance is recorded", async () => {
    const ctx = await newCtx();
    const { sessionId, request, itemId } = await setUp(ctx);
    const notLeader = await ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda/${itemId}/conclusions`, {
      token: ctx.clinic.gp2.token,
      body: { conclusions: 'x', outcomeCode: 'other' },
    });
    expect(notLeader.status).toBe(403);
    const concluded = await ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda/${itemId}/conclusions`, {
      token: ctx.clinic.leader.token,
      body: { conclusions: 'The group sees a grief reaction; keep seeing her fortnightly and watch sleep.', outcomeCode: 'managed-in-primary-care-with-advice', recommendations: ['Fortnightly GP visits'] },
    });
    expect(concluded.status, JSON.stringify(concluded.body)).toBe(200);
    expect(concluded.body.agenda[0].conclusions).toContain('grief reaction');
    const outcome = (await read(ctx, ctx.clinic.gp, request.id)).body;
    expect(outcome).toMatchObject({ status: 'completed', outcome: { kind: 'outcome', summary: expect.stringContaining('grief reaction') } });

    const recorded = await ctx.api.call('PUT', `/api/case-discussions/sessions/${sessionId}/attendance`, { token: ctx.clinic.leader.token, body: { present: [ctx.clinic.gp.id, ctx.clinic.otherGp.id, ctx.clinic.leader.id] } });
    expect(recorded.status).toBe(204);
    const mine = async (token: string) => (await ctx.api.call('GET', '/api/me/attendance', { token })).body.items as Json[];
    expect(await mine(ctx.clinic.otherGp.token)).toEqual([expect.objectContaining({ sessionId, groupName: 'Balint group Nord', present: true })]);
    expect(await mine(ctx.clinic.gp2.token)).toEqual([expect.objectContaining({ sessionId, present: false })]);
  });

  it('a leader puts only accepted requests of the service on the agenda; another member cannot put them there', async () => {
    const ctx = await newCtx();
    const { sessionId } = await setUp(ctx);
    const waiting = await submittedRequest(ctx, { requestedForm: 'case-discussion' });
    const early = await ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda`, { token: ctx.clinic.leader.token, body: { requestId: waiting.id } });
    expect(early.status).toBe(409);
    const byMember = await ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda`, { token: ctx.clinic.gp2.token, body: { requestId: waiting.id } });
    expect(byMember.status).toBe(403);
  });
});

describe('a recurring group', () => {
  it('schedules sessions every cadence at the same local time, and lists requests waiting for discussion', async () => {
    const ctx = await newCtx({ timeZone: 'Europe/Berlin' });
    const { leader, psychiatrist, gp, serviceId } = ctx.clinic;
    const group = await ctx.api.call('POST', '/api/case-discussions', { token: leader.token, body: { serviceId, name: 'Fortnightly', cadenceWeeks: 2, leaderIds: [leader.id], memberIds: [gp.id] } });
    await acceptAll(ctx, group.body.id, [gp]);
    const made = await ctx.api.call('POST', `/api/case-discussions/${group.body.id}/sessions`, { token: leader.token, body: { startsAt: '2026-03-18T17:00:00+01:00', count: 3 } });
    // 17:00 in Berlin each time, across the clock change of 29 March.
    expect(made.body.items.map((s: Json) => s.startsAt)).toEqual(['2026-03-18T16:00:00.000Z', '2026-04-01T15:00:00.000Z', '2026-04-15T15:00:00.000Z']);

    const forDiscussion = await submittedRequest(ctx, { requestedForm: 'case-discussion' });
    await move(ctx, psychiatrist, forDiscussion.id, 'accept', { agreedForm: 'case-discussion' });
    const joint = await submittedRequest(ctx, { requestedForm: 'joint-video' });
    await move(ctx, psychiatrist, joint.id, 'accept', { agreedForm: 'joint-video' });
    const candidates = await ctx.api.call('GET', `/api/case-discussions/${group.body.id}/candidates`, { token: leader.token });
    expect(candidates.body.items.map((r: Json) => r.id)).toEqual([forDiscussion.id]);
    await ctx.api.call('POST', `/api/case-discussions/sessions/${made.body.items[0].id}/agenda`, { token: leader.token, body: { requestId: forDiscussion.id } });
    expect((await ctx.api.call('GET', `/api/case-discussions/${group.body.id}/candidates`, { token: leader.token })).body.items).toEqual([]);
    expect((await ctx.api.call('GET', `/api/case-discussions/${group.body.id}/candidates`, { token: gp.token })).status).toBe(403);
  });
});
