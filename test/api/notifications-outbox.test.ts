/**
 * The outbox is written with the change (issue 11): who hears what, never the person who made the
 * change, nothing written when the change is refused, and no patient data in any row.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { notificationsAbout } from '../harness/outbox.js';
import { act, createRequest, move, newCtx, patientBody, submittedRequest, type Ctx } from './helpers.js';

let ctx: Ctx;
beforeAll(async () => {
  ctx = await newCtx();
});

// SLA reminders are the sweep's (notify-email.test.ts), which may run beside this file.
const heard = async (requestId: string) => (await notificationsAbout([requestId])).filter((n) => !n.payload.topic.startsWith('sla-')).map((n) => `${n.payload.topic} → ${n.recipientUserId}`);

describe('the outbox', () => {
  it('a submitted request reaches the service’s triage team (psychiatrists and group leaders), not the GP who sent it', async () => {
    const request = await submittedRequest(ctx);
    const { psychiatrist, psychiatrist2, leader } = ctx.clinic;
    expect((await heard(request.id)).sort()).toEqual([psychiatrist, psychiatrist2, leader].map((p) => `request-submitted → ${p.id}`).sort());
  });

  it('assignment, a question, its answer, advice: each to the one person it concerns, never the actor', async () => {
    const { gp, psychiatrist, psychiatrist2 } = ctx.clinic;
    const request = await submittedRequest(ctx);
    await move(ctx, psychiatrist, request.id, 'request-information');
    await move(ctx, gp, request.id, 'provide-information');
    await move(ctx, psychiatrist, request.id, 'accept', { agreedForm: 'joint-video', assigneeId: psychiatrist2.id });
    await move(ctx, psychiatrist2, request.id, 'schedule', { start: '2030-03-10T10:00:00+01:00', durationMinutes: 45, videoLink: 'https://video.example/room/1' });
    await move(ctx, psychiatrist2, request.id, 'schedule', { start: '2030-03-11T10:00:00+01:00', durationMinutes: 45, videoLink: 'https://video.example/room/1' });
    await move(ctx, gp, request.id, 'cancel-visit', { reason: 'Away.' });
    const after = (await heard(request.id)).filter((line) => !line.startsWith('request-submitted'));
    // No one is assigned yet when the GP answers: the team hears it (not the GP who wrote it).
    const answered = [psychiatrist, psychiatrist2, ctx.clinic.leader].map((p) => `question-answered → ${p.id}`).sort();
    expect(after.filter((l) => l.startsWith('question-answered')).sort()).toEqual(answered);
    expect(after.filter((l) => !l.startsWith('question-answered'))).toEqual([
      `question-asked → ${gp.id}`,
      `assigned → ${psychiatrist2.id}`,
      `visit-booked → ${gp.id}`,
      `visit-moved → ${gp.id}`,
      `visit-called-off → ${psychiatrist2.id}`,
    ]);
  });

  it('a booking, its move and its call-off share one calendar UID with a rising SEQUENCE', async () => {
    const { gp, psychiatrist } = ctx.clinic;
    const request = await submittedRequest(ctx);
    await move(ctx, psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
    const slot = (day: number) => ({ start: `2030-04-0${day}T10:00:00+02:00`, durationMinutes: 30, location: 'Room 3' });
    await move(ctx, psychiatrist, request.id, 'schedule', slot(1));
    await move(ctx, psychiatrist, request.id, 'schedule', slot(2));
    await move(ctx, gp, request.id, 'cancel-visit', { reason: 'Away.' });
    await move(ctx, psychiatrist, request.id, 'schedule', slot(3));
    const invites = (await notificationsAbout([request.id])).filter((n) => n.payload.invite).map((n) => n.payload.invite!);
    expect(invites.map((i) => [i.uid, i.sequence, i.method])).toEqual([
      [`${request.id}-0@liaison`, 0, 'REQUEST'],
      [`${request.id}-0@liaison`, 1, 'REQUEST'],
      [`${request.id}-0@liaison`, 2, 'CANCEL'],
      [`${request.id}-1@liaison`, 0, 'REQUEST'],
    ]);
  });

  it('a refused change writes no notification', async () => {
    const request = await submittedRequest(ctx);
    const before = await heard(request.id);
    expect((await act(ctx, ctx.clinic.gp, request.id, 'accept')).status).toBe(403);
    expect((await act(ctx, ctx.clinic.psychiatrist, request.id, 'close')).status).toBe(409);
    expect(await heard(request.id)).toEqual(before);
  });

  it('a draft tells no one; no row holds the patient or the clinical question', async () => {
    const marker = 'Zyxwvutsrq';
    const draft = await createRequest(ctx, ctx.clinic.gp, { patient: patientBody({ name: { family: marker, given: ['Qwertyuiop'] } }), clinicalQuestion: `${marker} question` });
    expect(await heard(draft.id)).toEqual([]);
    await move(ctx, ctx.clinic.gp, draft.id, 'submit');
    const rows = await notificationsAbout([draft.id]);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(`${marker}|Qwertyuiop|${draft.patient.identifier.value}|1980-04-12`));
    expect(rows[0]!.payload).toMatchObject({ reference: draft.reference, priority: 'routine', timeZone: 'Europe/Berlin' });
  });
});
