/**
 * The Balint group as a confidential space (issue 13), end to end: a case brought in the
 * presenter's own words carries no identifier (refused with a 422 naming the field); members
 * never see an identity; a linked request keeps its own privacy rules; leaders' notes are for
 * the leaders only and never part of a request; the group's reflection leaves the group only
 * when the presenter says so — onto the linked request (a FHIR Communication there) or as a note
 * for the presenter alone.
 */
import { describe, expect, it } from 'vitest';
import type { Person } from '../harness/clinic.js';
import { balintGroup, startRun } from './balint-groups.fixtures.js';
import { type Ctx, type Json, expectProblem, fieldsOf, newCtx, submittedRequest } from './helpers.js';

const SECRET = { identifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: 'ID-SECRET-4417' }, name: { family: 'Vogelsang', given: ['Hedwig'] }, birthDate: '1941-03-07', sex: 'female' };
const IDENTIFYING = ['Vogelsang', 'Hedwig', 'ID-SECRET-4417', '1941-03-07'];
const CASE = { title: 'A family that decides for her', question: 'I feel manipulated by the family of an 84-year-old patient who refuses cognitive screening.' };

async function aSession(ctx: Ctx): Promise<string> {
  const groupId = await balintGroup(ctx);
  const run = await startRun(ctx, ctx.clinic.leader, { groupId, startsAt: '2031-05-07T18:00:00+02:00', rhythmWeeks: 2, sessionCount: 2 });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  return run.body.sessions[0].id as string;
}

const present = (ctx: Ctx, who: Person, sessionId: string, body: Json) => ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/presentations`, { token: who.token, body });
const view = (ctx: Ctx, who: Person, sessionId: string) => ctx.api.call('GET', `/api/case-discussions/sessions/${sessionId}`, { token: who.token });
const reflect = (ctx: Ctx, who: Person, sessionId: string, itemId: string, text: string) =>
  ctx.api.call('PUT', `/api/case-discussions/sessions/${sessionId}/agenda/${itemId}/reflection`, { token: who.token, body: { text } });
const share = (ctx: Ctx, who: Person, sessionId: string, itemId: string, to: string) =>
  ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda/${itemId}/reflection/share`, { token: who.token, body: { to } });
const thread = async (ctx: Ctx, who: Person, requestId: string) => JSON.stringify((await ctx.api.call('GET', `/api/requests/${requestId}/messages`, { token: who.token })).body);
const fhirThread = async (ctx: Ctx, requestId: string) =>
  (await ctx.api.call('GET', `/fhir/Communication?based-on=ServiceRequest/${requestId}`, { token: ctx.clinic.gp.token, headers: { Accept: 'application/fhir+json' } })).body as Json;

describe('a case brought in the presenter’s own words', () => {
  it('refuses obvious identifiers, naming the field, and writes nothing', async () => {
    const ctx = await newCtx();
    const { gp } = ctx.clinic;
    await submittedRequest(ctx, { patient: SECRET });
    const sessionId = await aSession(ctx);
    const refused = async (body: Json, field: string) => {
      const res = await present(ctx, gp, sessionId, { ...CASE, ...body });
      expectProblem(res, 422);
      expect(fieldsOf(res)).toEqual([field]);
      for (const identifying of IDENTIFYING) expect(JSON.stringify(res.body)).not.toContain(identifying);
    };
    await refused({ title: 'Mrs Vogelsang again' }, 'title');
    await refused({ question: 'hedwig refuses screening; her daughter decides' }, 'question');
    await refused({ question: 'Patient id-secret-4417 refuses screening' }, 'question');
    await refused({ question: 'Born 7 March 1941, refuses screening' }, 'question');
    await refused({ question: 'Her son writes to me at son.of.patient@example.org every day' }, 'question');
    await refused({ title: 'Record 5531 2290 7' }, 'title');
    // Another practice's patient is not the presenter's: only its own patients are known to the screen.
    expect((await present(ctx, ctx.clinic.otherGp, sessionId, { ...CASE, title: 'Like Vogelsang in the novel' })).status).toBe(200);
    expect((await view(ctx, gp, sessionId)).body.agenda).toHaveLength(1);
  });

  it('members see the presentation, never an identity; a linked request keeps its own rules', async () => {
    const ctx = await newCtx();
    const { gp, gp2, otherGp, leader, psychiatrist } = ctx.clinic;
    const request = await submittedRequest(ctx, { patient: SECRET });
    const sessionId = await aSession(ctx);
    const plain = await present(ctx, otherGp, sessionId, { ...CASE, minutes: 30 });
    expect(plain.status, JSON.stringify(plain.body)).toBe(200);
    expect(plain.body.agenda[0]).toMatchObject({ kind: 'own-case', requestId: null, patient: null, case: null, presenterId: otherGp.id, minutes: 30, ...CASE });

    // Another member's request is not theirs to link: it does not exist for them.
    expectProblem(await present(ctx, otherGp, sessionId, { ...CASE, requestId: request.id }), 404);
    const linked = await present(ctx, gp, sessionId, { title: 'Her family again', question: 'How do I stay her doctor and not the family’s?', requestId: request.id });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    // A colleague of the practice sees the request but it is not theirs to bring; its GP brings it once.
    expect(fieldsOf(await present(ctx, gp2, sessionId, { ...CASE, requestId: request.id }))).toEqual(['requestId']);
    expectProblem(await present(ctx, gp, sessionId, { ...CASE, requestId: request.id }), 409);

    const seenBy = async (who: Person) => (await view(ctx, who, sessionId)).body;
    const stranger = await seenBy(otherGp);
    expect(stranger.agenda[1]).toMatchObject({ kind: 'own-case', requestId: request.id, patient: null, case: { ageBand: '80–89', sex: 'female' } });
    for (const identifying of IDENTIFYING) expect(JSON.stringify(stranger)).not.toContain(identifying);
    // The requesting practice and the consulting service may see the request anyway.
    for (const mayKnow of [gp, gp2, leader, psychiatrist]) expect((await seenBy(mayKnow)).agenda[1].patient).toMatchObject({ identifier: SECRET.identifier });
  });
});

describe('what stays in the group', () => {
  it("leaders' notes are for the leaders only and never part of a request", async () => {
    const ctx = await newCtx();
    const { gp, otherGp, leader, psychiatrist, ehr } = ctx.clinic;
    const request = await submittedRequest(ctx, { patient: SECRET });
    const sessionId = await aSession(ctx);
    await present(ctx, gp, sessionId, { ...CASE, requestId: request.id });
    const notes = `/api/case-discussions/sessions/${sessionId}/leader-notes`;
    const written = await ctx.api.call('POST', notes, { token: leader.token, body: { text: 'Presenter seemed exhausted; check in with her next time.' } });
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    expect((await ctx.api.call('GET', notes, { token: psychiatrist.token })).body.items).toEqual([expect.objectContaining({ authorId: leader.id, text: expect.stringContaining('exhausted') })]);
    for (const member of [gp, otherGp]) {
      expectProblem(await ctx.api.call('GET', notes, { token: member.token }), 403);
      expectProblem(await ctx.api.call('POST', notes, { token: member.token, body: { text: 'mine' } }), 403);
    }
    expectProblem(await ctx.api.call('GET', notes, { token: ehr.token }), 403);
    expectProblem(await ctx.api.call('GET', notes, { token: ctx.clinic.psychiatrist2.token }), 404);
    for (const who of [gp, leader]) expect(JSON.stringify((await view(ctx, who, sessionId)).body)).not.toContain('exhausted');
    expect(await thread(ctx, gp, request.id)).not.toContain('exhausted');
    expect(JSON.stringify(await fhirThread(ctx, request.id))).not.toContain('exhausted');
  });

  it('a reflection goes back only when the presenter says so: onto the linked request (a FHIR Communication) or to the presenter alone', async () => {
    const ctx = await newCtx();
    const { gp, otherGp, leader } = ctx.clinic;
    const request = await submittedRequest(ctx, { patient: SECRET });
    const sessionId = await aSession(ctx);
    const agenda = (await present(ctx, gp, sessionId, { ...CASE, requestId: request.id })).body.agenda as Json[];
    const own = (await present(ctx, otherGp, sessionId, { title: 'A colleague as patient', question: 'Where does collegiality end?' })).body.agenda.at(-1) as Json;
    const linkedId = agenda[0]!.id as string;

    expectProblem(await share(ctx, gp, sessionId, linkedId, 'request'), 409);
    expectProblem(await reflect(ctx, gp, sessionId, linkedId, 'mine'), 403);
    const reflected = await reflect(ctx, leader, sessionId, linkedId, 'The group felt the family’s fear more than the patient’s refusal.');
    expect(reflected.status, JSON.stringify(reflected.body)).toBe(200);
    expect(reflected.body.agenda[0]).toMatchObject({ reflection: expect.stringContaining('family’s fear'), sharedTo: null });
    // Recorded in the group, it has not reached the request.
    expect(await thread(ctx, gp, request.id)).not.toContain('family’s fear');

    expectProblem(await share(ctx, otherGp, sessionId, linkedId, 'request'), 403);
    expectProblem(await share(ctx, leader, sessionId, linkedId, 'request'), 403);
    const shared = await share(ctx, gp, sessionId, linkedId, 'request');
    expect(shared.status, JSON.stringify(shared.body)).toBe(200);
    expect(shared.body.agenda[0].sharedTo).toBe('request');
    expect(await thread(ctx, ctx.clinic.psychiatrist, request.id)).toContain('family’s fear');
    const communications = ((await fhirThread(ctx, request.id)).entry ?? []) as Json[];
    expect(communications.map((e) => e.resource.resourceType)).toEqual(['Communication']);
    expect(JSON.stringify(communications[0])).toContain('family’s fear');
    expectProblem(await share(ctx, gp, sessionId, linkedId, 'presenter'), 409);
    expectProblem(await reflect(ctx, leader, sessionId, linkedId, 'changed'), 409);

    // An own case without a request: the reflection can only be kept by its presenter.
    await reflect(ctx, leader, sessionId, own.id, 'Being a colleague’s doctor needs the same frame as any other.');
    expect(fieldsOf(await share(ctx, otherGp, sessionId, own.id, 'request'))).toEqual(['to']);
    expect((await share(ctx, otherGp, sessionId, own.id, 'presenter')).status).toBe(200);
    const kept = async (who: Person) => (await ctx.api.call('GET', '/api/me/reflections', { token: who.token })).body.items as Json[];
    expect(await kept(otherGp)).toEqual([expect.objectContaining({ itemId: own.id, groupName: 'Balint group Mitte', title: 'A colleague as patient', reflection: expect.stringContaining('same frame') })]);
    expect(await kept(gp)).toEqual([]);
    expect(await kept(leader)).toEqual([]);
  });

  it('conclusions are for referrals; an own case gets a reflection', async () => {
    const ctx = await newCtx();
    const sessionId = await aSession(ctx);
    const item = (await present(ctx, ctx.clinic.gp, sessionId, CASE)).body.agenda[0] as Json;
    const concluded = await ctx.api.call('POST', `/api/case-discussions/sessions/${sessionId}/agenda/${item.id}/conclusions`, { token: ctx.clinic.leader.token, body: { conclusions: 'x', outcomeCode: 'other' } });
    expectProblem(concluded, 422);
    expect(fieldsOf(concluded)).toEqual(['itemId']);
  });
});
