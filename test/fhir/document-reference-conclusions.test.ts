/**
 * A case discussion's conclusions reach the presenting GP on FHIR as a DocumentReference: for a
 * request agreed as a case discussion they are its outcome letter (one document, typed as
 * conclusions); for a request its GP only presented, the agenda item's conclusions. A group
 * member who sees the case only pseudonymised gets nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Person } from '../harness/clinic.js';
import { fhirErrors } from '../harness/fhir-assert.js';
import { createRequest as createByApi, move, read } from '../api/helpers.js';
import { LOINC, expectOutcome, fhir, get, matchIds, newCtx, search, type Ctx, type Json } from './helpers.js';
import { profileFromFile } from './profile-snapshot.js';

const CANONICAL = 'https://liaison.example.org/fhir';
const DOCUMENT_TYPE = `${CANONICAL}/CodeSystem/document-type`;
const OUTCOME = `${CANONICAL}/CodeSystem/consultation-outcome`;
const profile = profileFromFile('StructureDefinition-liaison-document-reference.json');
const textOf = (doc: Json): string => Buffer.from(String(doc.content[0].attachment.data), 'base64').toString('utf8');

const CONCLUSIONS = {
  conclusions: 'The group sees a grief reaction rather than a depressive episode.',
  outcomeCode: 'managed-in-primary-care-with-advice',
  recommendations: ['Fortnightly GP visits', 'Ask about sleep'],
};

const as = (ctx: Ctx, who: Person, method: string, path: string, body?: unknown) => ctx.api.call(method, path, { token: who.token, ...(body === undefined ? {} : { body }) });

/** A group led by the group leader and the psychiatrist; the clinic's GP and the other practice's GP are members. */
async function group(ctx: Ctx): Promise<{ sessionId: string; startsAt: string; endsAt: string }> {
  const { leader, psychiatrist, gp, otherGp, serviceId } = ctx.clinic;
  const made = await as(ctx, leader, 'POST', '/api/case-discussions', { serviceId, name: 'Balint group Nord', cadenceWeeks: 2, leaderIds: [leader.id, psychiatrist.id], memberIds: [gp.id, otherGp.id] });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  for (const who of [psychiatrist, gp, otherGp]) expect((await as(ctx, who, 'POST', `/api/me/invitations/${made.body.id}/accept`)).status).toBe(204);
  const sessions = await as(ctx, leader, 'POST', `/api/case-discussions/${made.body.id}/sessions`, { startsAt: '2031-02-03T17:00:00+01:00', durationMinutes: 90 });
  expect(sessions.status, JSON.stringify(sessions.body)).toBe(201);
  return { sessionId: String(sessions.body.items[0].id), startsAt: '2031-02-03T16:00:00.000Z', endsAt: '2031-02-03T17:30:00.000Z' };
}

/** Puts the request on the agenda as `who`; returns the agenda item's id. */
async function onAgenda(ctx: Ctx, who: Person, sessionId: string, requestId: string): Promise<string> {
  const added = await as(ctx, who, 'POST', `/api/case-discussions/sessions/${sessionId}/agenda`, { requestId, minutes: 20 });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  return String((added.body.agenda as Json[]).find((i) => i.requestId === requestId)!.id);
}

async function conclude(ctx: Ctx, sessionId: string, itemId: string, body: Json = CONCLUSIONS): Promise<void> {
  const res = await as(ctx, ctx.clinic.leader, 'POST', `/api/case-discussions/sessions/${sessionId}/agenda/${itemId}/conclusions`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** The letters of a request, as the clinic's GP finds them. */
async function lettersOf(ctx: Ctx, requestId: string): Promise<Json[]> {
  const bundle = await search(ctx, ctx.clinic.gp, `/DocumentReference?based-on=ServiceRequest/${requestId}`);
  return ((bundle.entry ?? []) as Json[]).map((e) => e.resource);
}

function expectConclusions(doc: Json, ctx: Ctx, session: { startsAt: string; endsAt: string }, requestId: string): void {
  expect(fhirErrors(doc, { profile })).toEqual([]);
  expect(doc).toMatchObject({
    status: 'current',
    type: { coding: [{ system: LOINC, code: '11488-4' }, { system: DOCUMENT_TYPE, code: 'case-discussion-conclusions' }] },
    category: [{ coding: [{ system: OUTCOME, code: CONCLUSIONS.outcomeCode }] }],
    author: [{ reference: `Practitioner/${ctx.clinic.leader.id}` }],
    content: [{ attachment: { title: 'Case-discussion conclusions of Balint group Nord' } }],
    context: { period: { start: session.startsAt, end: session.endsAt }, related: [{ reference: `ServiceRequest/${requestId}` }] },
  });
  expect(textOf(doc)).toBe(`${CONCLUSIONS.conclusions}\n- Fortnightly GP visits\n- Ask about sleep`);
}

describe('case-discussion conclusions on FHIR', () => {
  it('of a request agreed as a case discussion: its outcome letter, typed as conclusions, and only once', async () => {
    const ctx = await newCtx();
    const session = await group(ctx);
    const request = await createByApi(ctx, ctx.clinic.gp, { requestedForm: 'case-discussion' }, true);
    await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'case-discussion' });
    const itemId = await onAgenda(ctx, ctx.clinic.leader, session.sessionId, request.id);
    expect(await lettersOf(ctx, request.id)).toEqual([]);
    await conclude(ctx, session.sessionId, itemId);

    const outcome = (await read(ctx, ctx.clinic.gp, request.id)).body.outcome;
    const letters = await lettersOf(ctx, request.id);
    expect(letters.map((d) => d.id)).toEqual([outcome.messageId]);
    expectConclusions(letters[0]!, ctx, session, request.id);
    expect(await get(ctx, ctx.clinic.ehr, `/DocumentReference/${outcome.messageId}`)).toMatchObject({ id: outcome.messageId });
    expectOutcome(await fhir(ctx, ctx.clinic.ehr, 'GET', `/DocumentReference/${itemId}`), 404);
  });

  it('of a request its GP only presented: the agenda item’s conclusions, while the request keeps its course', async () => {
    const ctx = await newCtx();
    const session = await group(ctx);
    const request = await createByApi(ctx, ctx.clinic.gp, {}, true);
    const itemId = await onAgenda(ctx, ctx.clinic.gp, session.sessionId, request.id);
    await conclude(ctx, session.sessionId, itemId);
    expect((await read(ctx, ctx.clinic.gp, request.id)).body.status).toBe('submitted');

    const letters = await lettersOf(ctx, request.id);
    expect(letters.map((d) => d.id)).toEqual([itemId]);
    expectConclusions(letters[0]!, ctx, session, request.id);
    for (const who of [ctx.clinic.gp2, ctx.clinic.ehr, ctx.clinic.psychiatrist]) {
      expect(await get(ctx, who, `/DocumentReference/${itemId}`)).toMatchObject({ id: itemId, status: 'current' });
    }
    const byType = await search(ctx, ctx.clinic.ehr, `/DocumentReference?related=ServiceRequest/${request.id}&type=${encodeURIComponent(`${DOCUMENT_TYPE}|case-discussion-conclusions`)}`);
    expect(matchIds(byType)).toEqual([itemId]);

    // Corrected by the leader: the same letter, as it now reads.
    await conclude(ctx, session.sessionId, itemId, { ...CONCLUSIONS, conclusions: 'Corrected: a grief reaction.', recommendations: [] });
    const corrected = await get(ctx, ctx.clinic.gp, `/DocumentReference/${itemId}`);
    expect(textOf(corrected)).toBe('Corrected: a grief reaction.');
    expect(corrected.date >= letters[0]!.date).toBe(true);
  });

  it('a group member who sees the case only pseudonymised gets nothing on FHIR', async () => {
    const ctx = await newCtx();
    const session = await group(ctx);
    const request = await createByApi(ctx, ctx.clinic.gp, {}, true);
    const itemId = await onAgenda(ctx, ctx.clinic.gp, session.sessionId, request.id);
    await conclude(ctx, session.sessionId, itemId);
    const agenda = await as(ctx, ctx.clinic.otherGp, 'GET', `/api/case-discussions/sessions/${session.sessionId}`);
    expect(agenda.status).toBe(200);
    expect(agenda.body.agenda[0]).toMatchObject({ conclusions: CONCLUSIONS.conclusions, patient: null });

    expectOutcome(await fhir(ctx, ctx.clinic.otherGp, 'GET', `/DocumentReference/${itemId}`), 404);
    for (const query of [`related=ServiceRequest/${request.id}`, `based-on=ServiceRequest/${request.id}`, '']) {
      expect(matchIds(await search(ctx, ctx.clinic.otherGp, `/DocumentReference?${query}`)), query).toEqual([]);
    }
  });
});
