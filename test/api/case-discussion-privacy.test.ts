/**
 * Case-discussion privacy (issue 7, hole 1): a group takes only clinicians of the service and of
 * the practices that refer to it, each by an invitation they accept; a request goes on an agenda
 * only when it was agreed as a case discussion or its GP presents it; and only those who may
 * already see the request see who the patient is.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/store/schema.js';
import type { Person } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { type Ctx, type Json, createRequest, expectProblem, fieldsOf, move, newCtx, submittedRequest } from './helpers.js';

const SECRET = { identifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: 'ID-SECRET-91' }, name: { family: 'Geheim', given: ['Marta'] }, birthDate: '1979-02-03', sex: 'female' };
const IDENTIFYING = ['Geheim', 'Marta', 'ID-SECRET-91', '1979-02-03'];

const createGroup = (ctx: Ctx, who: Person, body: Json) =>
  ctx.api.call('POST', '/api/case-discussions', { token: who.token, body: { serviceId: ctx.clinic.serviceId, name: 'Balint Süd', cadenceWeeks: 2, memberIds: [], ...body } });
const respond = (ctx: Ctx, who: Person, groupId: string, answer: 'accept' | 'decline') => ctx.api.call('POST', `/api/me/invitations/${groupId}/${answer}`, { token: who.token });
const invitations = async (ctx: Ctx, who: Person) => (await ctx.api.call('GET', '/api/me/invitations', { token: who.token })).body.items as Json[];
const accepted = async (ctx: Ctx, who: Person, groupId: string) => expect((await respond(ctx, who, groupId, 'accept')).status).toBe(204);
const firstSession = async (ctx: Ctx, who: Person, groupId: string) => {
  const made = await ctx.api.call('POST', `/api/case-discussions/${groupId}/sessions`, { token: who.token, body: { startsAt: '2026-12-02T17:00:00+01:00' } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.items[0].id as string;
};
const agenda = (ctx: Ctx, who: Person, sessionId: string, requestId: string) =>
  ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda`, { token: who.token, body: { requestId } });
const view = (ctx: Ctx, who: Person, sessionId: string) => ctx.api.call('GET', `/api/case-discussions/sessions/${sessionId}`, { token: who.token });

describe('the reported attack', () => {
  it("a psychiatrist cannot make a GP of a practice that does not refer to the service a leader and show them a joint consultation's patient", async () => {
    const ctx = await newCtx();
    const { psychiatrist } = ctx.clinic;
    // A GP of another clinic's practice: it neither defaults to this service nor sent it a request.
    const stranger = (await ctx.api.clinic()).gp;
    const joint = await submittedRequest(ctx, { requestedForm: 'joint-video', patient: SECRET });
    await move(ctx, psychiatrist, joint.id, 'accept', { agreedForm: 'joint-video' });

    const made = await createGroup(ctx, psychiatrist, { leaderIds: [psychiatrist.id, stranger.id] });
    expectProblem(made, 422);
    expect(fieldsOf(made)).toEqual(['leaderIds.1']);
    expect(await invitations(ctx, stranger)).toEqual([]);

    const group = await createGroup(ctx, psychiatrist, { leaderIds: [psychiatrist.id] });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    const sessionId = await firstSession(ctx, psychiatrist, group.body.id);
    const added = await agenda(ctx, psychiatrist, sessionId, joint.id);
    expectProblem(added, 422);
    expect(fieldsOf(added)).toEqual(['requestId']);
    const seen = await view(ctx, stranger, sessionId);
    expect(seen.status).toBe(404);
    for (const identifying of IDENTIFYING) expect(JSON.stringify(seen.body)).not.toContain(identifying);
  });
});

describe('membership by invitation', () => {
  it('an invitee is in the group only once they accept; one who declines stays out', async () => {
    const ctx = await newCtx();
    const { leader, psychiatrist, gp, otherGp, ehr } = ctx.clinic;
    const group = await createGroup(ctx, leader, { leaderIds: [leader.id, psychiatrist.id], memberIds: [otherGp.id, gp.id] });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    const groupId = group.body.id as string;
    expect(group.body.people).toEqual([
      { userId: leader.id, role: 'leader', status: 'accepted', discipline: 'psychologist' },
      { userId: psychiatrist.id, role: 'leader', status: 'invited', discipline: 'psychiatrist' },
      { userId: otherGp.id, role: 'member', status: 'invited', discipline: null },
      { userId: gp.id, role: 'member', status: 'invited', discipline: null },
    ]);
    expect(await invitations(ctx, otherGp)).toEqual([
      {
        groupId,
        groupName: 'Balint Süd',
        host: { kind: 'service', id: ctx.clinic.serviceId, name: 'Test C-L Psychiatry' },
        service: { id: ctx.clinic.serviceId, name: 'Test C-L Psychiatry' },
        role: 'member',
        invitedBy: { id: leader.id, name: expect.any(String) },
        invitedAt: expect.any(String),
      },
    ]);
    const sessionId = await firstSession(ctx, leader, groupId);
    // Invited is not in: the group does not exist for them yet, leader or member.
    expect((await ctx.api.call('POST', `/api/case-discussions/${groupId}/sessions`, { token: psychiatrist.token, body: { startsAt: '2026-12-16T17:00:00+01:00' } })).status).toBe(404);
    expect((await view(ctx, otherGp, sessionId)).status).toBe(404);

    await accepted(ctx, otherGp, groupId);
    expect(await invitations(ctx, otherGp)).toEqual([]);
    expect((await view(ctx, otherGp, sessionId)).status).toBe(200);
    expectProblem(await respond(ctx, otherGp, groupId, 'accept'), 404);

    expect((await respond(ctx, gp, groupId, 'decline')).status).toBe(204);
    expect((await view(ctx, gp, sessionId)).status).toBe(404);
    expectProblem(await respond(ctx, gp, groupId, 'accept'), 404);
    expectProblem(await ctx.api.call('GET', '/api/me/invitations', { token: ehr.token }), 403);

    // Attendance names only people in the group, once each.
    const attendance = (present: string[]) => ctx.api.call('PUT', `/api/case-discussions/sessions/${sessionId}/attendance`, { token: leader.token, body: { present } });
    const declined = await attendance([gp.id]);
    expectProblem(declined, 422);
    expect(fieldsOf(declined)).toEqual(['present.0']);
    expect(fieldsOf(await attendance([otherGp.id, otherGp.id]))).toEqual(['present.1']);
    expect((await attendance([leader.id, otherGp.id])).status).toBe(204);
    const mine = async (who: Person) => (await ctx.api.call('GET', '/api/me/attendance', { token: who.token })).body.items as Json[];
    expect(await mine(otherGp)).toEqual([expect.objectContaining({ sessionId, present: true })]);
    expect(await mine(psychiatrist)).toEqual([]);
    expect(await mine(gp)).toEqual([]);
  });

  it("a clinician of the service's organisation leads, with a co-leader of the group; they or GPs of practices that refer to the service take part", async () => {
    const ctx = await newCtx();
    const { leader, psychiatrist, gp, gp2, admin, otherGp } = ctx.clinic;
    const elsewhere = await ctx.api.clinic();
    const db = await testDatabase();
    await db.update(users).set({ active: false }).where(eq(users.id, gp2.id));
    const refused = async (body: Json, field: string) => {
      const res = await createGroup(ctx, leader, body);
      expectProblem(res, 422);
      expect(fieldsOf(res)).toEqual([field]);
    };
    // A family physician co-leads (issue 13), never alone: one leader at least is of the service's side.
    await refused({ leaderIds: [gp.id] }, 'leaderIds');
    await refused({ leaderIds: [leader.id, admin.id] }, 'leaderIds.1');
    await refused({ leaderIds: [leader.id], disciplines: { [gp.id]: 'nurse' } }, `disciplines.${gp.id}`);
    await refused({ leaderIds: [leader.id], memberIds: [otherGp.id, admin.id] }, 'memberIds.1');
    await refused({ leaderIds: [leader.id], memberIds: [gp2.id] }, 'memberIds.0');
    await refused({ leaderIds: [leader.id], memberIds: [crypto.randomUUID()] }, 'memberIds.0');
    await refused({ leaderIds: [leader.id], memberIds: [elsewhere.psychiatrist.id] }, 'memberIds.0');
    await refused({ leaderIds: [leader.id], memberIds: [elsewhere.gp.id] }, 'memberIds.0');
    // Duplicates are refused before anything is written (this once answered 500 after inserting the group).
    await refused({ leaderIds: [leader.id, psychiatrist.id, psychiatrist.id], memberIds: [otherGp.id] }, 'leaderIds.2');
    await refused({ leaderIds: [leader.id, psychiatrist.id], memberIds: [psychiatrist.id] }, 'memberIds.0');
    expect(await invitations(ctx, otherGp)).toEqual([]);
    expect(await invitations(ctx, psychiatrist)).toEqual([]);
    expectProblem(await createGroup(ctx, gp, { leaderIds: [leader.id] }), 404);

    // A practice that has sent the service a request refers to it, whatever its default service.
    await createRequest(ctx, elsewhere.gp, { serviceId: ctx.clinic.serviceId }, true);
    const group = await createGroup(ctx, leader, { leaderIds: [leader.id, psychiatrist.id], memberIds: [elsewhere.gp.id, otherGp.id] });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
  });
});

describe('what goes on the agenda and who sees the patient', () => {
  it('a leader adds only requests agreed as case discussions; the requesting GP may present their own; others see it pseudonymised', async () => {
    const ctx = await newCtx();
    const { leader, psychiatrist, gp, otherGp } = ctx.clinic;
    const group = await createGroup(ctx, leader, { leaderIds: [leader.id], memberIds: [gp.id, otherGp.id] });
    for (const member of [gp, otherGp]) await accepted(ctx, member, group.body.id);
    const sessionId = await firstSession(ctx, leader, group.body.id);
    const joint = await submittedRequest(ctx, { requestedForm: 'joint-video', patient: SECRET });
    await move(ctx, psychiatrist, joint.id, 'accept', { agreedForm: 'joint-video' });

    expect(fieldsOf(await agenda(ctx, leader, sessionId, joint.id))).toEqual(['requestId']);
    expectProblem(await agenda(ctx, otherGp, sessionId, joint.id), 404);
    const presented = await agenda(ctx, gp, sessionId, joint.id);
    expect(presented.status, JSON.stringify(presented.body)).toBe(200);
    expect(presented.body.agenda).toEqual([expect.objectContaining({ requestId: joint.id, presenterId: gp.id, patient: expect.objectContaining({ name: SECRET.name }) })]);
    const twice = await agenda(ctx, gp, sessionId, joint.id);
    expectProblem(twice, 409);
    expect(fieldsOf(twice)).toEqual(['requestId']);

    const seen = await view(ctx, otherGp, sessionId);
    expect(seen.body.agenda[0]).toMatchObject({ patient: null, case: { ageBand: expect.any(String), sex: 'female' } });
    for (const identifying of IDENTIFYING) expect(JSON.stringify(seen.body)).not.toContain(identifying);

    // The group's reflection goes back to the presenter; the joint consultation keeps its course.
    const concluded = await ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda/${seen.body.agenda[0].id}/conclusions`, {
      token: leader.token,
      body: { conclusions: 'Consider the transference.', outcomeCode: 'other' },
    });
    expect(concluded.status, JSON.stringify(concluded.body)).toBe(200);
    expect((await ctx.api.call('GET', `/api/requests/${joint.id}`, { token: gp.token })).body.status).toBe('accepted');
  });

  it("a leader who may not see the request (not of the request's service) sees it pseudonymised", async () => {
    const ctx = await newCtx();
    const { psychiatrist, psychiatrist2, gp, otherServiceId } = ctx.clinic;
    // The practice refers to the crisis team from this request on.
    const request = await submittedRequest(ctx, { serviceId: otherServiceId, requestedForm: 'case-discussion', patient: SECRET });
    const group = await createGroup(ctx, psychiatrist2, { serviceId: otherServiceId, leaderIds: [psychiatrist2.id, psychiatrist.id], memberIds: [gp.id] });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    for (const member of [psychiatrist, gp]) await accepted(ctx, member, group.body.id);
    const sessionId = await firstSession(ctx, psychiatrist2, group.body.id);
    await move(ctx, psychiatrist2, request.id, 'accept', { agreedForm: 'case-discussion' });
    expect((await agenda(ctx, psychiatrist2, sessionId, request.id)).status).toBe(200);

    const candidates = (who: Person) => ctx.api.call('GET', `/api/case-discussions/${group.body.id}/candidates`, { token: who.token });
    const other = await submittedRequest(ctx, { serviceId: otherServiceId, requestedForm: 'case-discussion' });
    await move(ctx, psychiatrist2, other.id, 'accept', { agreedForm: 'case-discussion' });
    expect((await candidates(psychiatrist2)).body.items.map((r: Json) => r.id)).toEqual([other.id]);
    expect((await candidates(psychiatrist)).body.items).toEqual([]);
    const coLeader = await view(ctx, psychiatrist, sessionId);
    expect(coLeader.body.agenda[0]).toMatchObject({ patient: null, requestId: request.id });
    for (const identifying of IDENTIFYING) expect(JSON.stringify(coLeader.body)).not.toContain(identifying);
    for (const mayKnow of [psychiatrist2, gp]) expect((await view(ctx, mayKnow, sessionId)).body.agenda[0].patient).toMatchObject({ identifier: SECRET.identifier });
  });
});

describe('the OpenAPI document', () => {
  it('describes the invitation routes and what a session shows', async () => {
    const ctx = await newCtx();
    const doc = (await ctx.api.call('GET', '/api/openapi.json')).body;
    expect(doc.paths['/me/invitations']?.get).toBeDefined();
    for (const answer of ['accept', 'decline']) expect(doc.paths[`/me/invitations/{groupId}/${answer}`]?.post, answer).toBeDefined();
    const { schemas } = doc.components;
    expect(Object.keys(schemas.CaseDiscussionSession.properties.agenda.items.properties)).toEqual(expect.arrayContaining(['case', 'patient', 'presenterId']));
    expect(Object.keys(schemas.CaseDiscussionInvitation.properties)).toEqual(expect.arrayContaining(['groupId', 'role', 'invitedBy']));
    expect(schemas.PseudonymisedCase.properties).not.toHaveProperty('patient');
  });
});
