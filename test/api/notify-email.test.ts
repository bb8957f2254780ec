/**
 * Mail through a real SMTP server (issue 11): recipients, subject, link, a valid invite with the
 * right METHOD/UID/SEQUENCE, no patient data in any part; and the faults — SMTP down then up, 4xx
 * retried, 5xx dead-lettered and replayed, a dispatcher dying mid-batch, two dispatchers at once.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS } from '../../src/domain/delivery.js';
import { Dispatcher } from '../../src/notify/dispatcher.js';
import { smtpTransport } from '../../src/notify/email/smtp.js';
import { remindOfServiceLevels } from '../../src/services/announcements.js';
import type { Notification } from '../../src/services/ports/notifications.js';
import { TestClock } from '../harness/api.js';
import { notificationsAbout, outboxStore, quietOutbox } from '../harness/outbox.js';
import { everyPart, testSmtp, type TestSmtp } from '../harness/smtp.js';
import { createRequest, move, newCtx, patientBody, submittedRequest, type Ctx } from './helpers.js';

const SETTINGS = { from: 'Liaison <noreply@liaison.test>', publicUrl: 'https://liaison.test' };
// Unmistakable: if any of these is in a mail, patient data leaked.
const FAMILY = 'Vandermolenkamp';
const GIVEN = 'Xanthippe';
const IDENTIFIER = 'PID-931775';
const QUESTION = 'Lithiumspiegel-Markierung';

let ctx: Ctx;
let smtp: TestSmtp;
const clock = new TestClock();

const dispatcher = async (maxAttempts = 4) => new Dispatcher({ notifications: (await outboxStore()).notifications, transport: smtpTransport(smtp.url, SETTINGS), clock, maxAttempts, batchSize: 50 });
/** Runs a dispatcher until nothing more is due now. */
async function drain(maxAttempts = 4): Promise<void> {
  const d = await dispatcher(maxAttempts);
  while ((await d.runOnce()) > 0);
}
const mailsFor = (rows: Notification[]): ParsedMail[] => smtp.mails.filter((m) => rows.some((r) => m.messageId === `<notification-${r.id}@liaison.test>`));
const calendarOf = (mail: ParsedMail): string => mail.attachments.find((a) => /calendar|ics/.test(a.contentType))?.content.toString('utf8') ?? '';
const icsField = (ics: string, name: string) => ics.match(new RegExp(`^${name}[:;](.*)$`, 'm'))?.[1]?.trim();

beforeAll(async () => {
  ctx = await newCtx();
  smtp = await testSmtp();
});
afterAll(() => smtp.stop());
beforeEach(() => quietOutbox([ctx.clinic.practiceId, ctx.clinic.otherPracticeId, ctx.clinic.specialistId]));

const patientMarked = () => ({ patient: patientBody({ name: { family: FAMILY, given: [GIVEN] }, identifier: { system: 'urn:test:pid', value: IDENTIFIER } }), clinicalQuestion: `${QUESTION}: what now?` });

describe('mail', () => {
  it('a new request reaches each of the triage team: from MAIL_FROM, reference, priority, link — and no patient data in any part', async () => {
    const request = await submittedRequest(ctx, patientMarked());
    clock.reset();
    await drain();
    const rows = await notificationsAbout([request.id]);
    const mails = mailsFor(rows);
    const { psychiatrist, psychiatrist2, leader } = ctx.clinic;
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    expect(mails.map((m) => (m.to as { value: { address: string }[] }).value[0]!.address).sort()).toEqual(rows.map((r) => r.recipient).sort());
    expect(rows.map((r) => r.recipientUserId).sort()).toEqual([psychiatrist.id, psychiatrist2.id, leader.id].sort());
    for (const mail of mails) {
      expect(mail.from?.value[0]).toMatchObject({ name: 'Liaison', address: 'noreply@liaison.test' });
      expect(mail.subject).toBe(`Liaison: New consultation request — ${request.reference} (routine)`);
      expect(mail.text).toContain(`https://liaison.test/requests/${request.id}`);
      expect(mail.html).toContain(`href="https://liaison.test/requests/${request.id}"`);
      const all = everyPart(mail, smtp.raw[smtp.mails.indexOf(mail)]);
      for (const marker of [FAMILY, GIVEN, IDENTIFIER, QUESTION, '1980-04-12']) expect(all).not.toContain(marker);
    }
  });

  it('a booking carries an invite (REQUEST, UID, SEQUENCE 0) in the service’s time zone; a move the same UID with SEQUENCE 1; a call-off METHOD:CANCEL', async () => {
    const { gp, psychiatrist } = ctx.clinic;
    const request = await submittedRequest(ctx, patientMarked());
    await move(ctx, psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
    await move(ctx, psychiatrist, request.id, 'schedule', { start: '2030-06-03T10:00:00+02:00', durationMinutes: 45, videoLink: 'https://video.example/room/7' });
    await move(ctx, psychiatrist, request.id, 'schedule', { start: '2030-06-04T11:00:00+02:00', durationMinutes: 45, videoLink: 'https://video.example/room/7' });
    await move(ctx, gp, request.id, 'cancel-visit', { reason: `${QUESTION} reason` });
    await drain();
    const rows = (await notificationsAbout([request.id])).filter((r) => r.payload.invite);
    const toGp = mailsFor(rows.filter((r) => r.recipientUserId === gp.id));
    expect(toGp.map((m) => m.subject)).toEqual([`Liaison: Consultation booked — ${request.reference} (routine)`, `Liaison: Consultation moved — ${request.reference} (routine)`]);
    const invites = mailsFor(rows).map(calendarOf);
    expect(invites.map((ics) => [icsField(ics, 'METHOD'), icsField(ics, 'UID'), icsField(ics, 'SEQUENCE')])).toEqual([
      ['REQUEST', `${request.id}-0@liaison`, '0'],
      ['REQUEST', `${request.id}-0@liaison`, '1'],
      ['CANCEL', `${request.id}-0@liaison`, '2'],
    ]);
    expect(invites[0]).toMatch(/^DTSTART;TZID=Europe\/Berlin:20300603T100000$/m);
    // The zone's rules travel with every invite: summer time (+0200) in force on 3 June 2030.
    for (const ics of invites) expect(ics).toMatch(/^BEGIN:VTIMEZONE\r?\nTZID:Europe\/Berlin\r?\n/m);
    expect(invites[0]).toMatch(/^BEGIN:DAYLIGHT\r?\nDTSTART:20300331T020000\r?\nTZOFFSETFROM:\+0100\r?\nTZOFFSETTO:\+0200/m);
    expect(invites[1]).toMatch(/^LOCATION:https:\/\/video.example\/room\/7$/m);
    expect(toGp[0]!.text).toContain('Monday 3 June 2030, 10:00–10:45 (Europe/Berlin)');
    for (const ics of invites) for (const marker of [FAMILY, GIVEN, IDENTIFIER, QUESTION]) expect(ics).not.toContain(marker);
  });

  it('a daily digest holds routine news until 07:00 and sends it as one mail; urgent news goes at once', async () => {
    const { gp, psychiatrist } = ctx.clinic;
    expect((await ctx.api.call('PUT', '/api/me/notification-preferences', { token: gp.token, body: { routine: 'daily-digest' } })).status).toBe(200);
    const routine = await submittedRequest(ctx);
    const urgent = await submittedRequest(ctx, { priority: 'urgent' });
    for (const r of [routine, urgent]) await move(ctx, psychiatrist, r.id, 'request-information');
    await drain();
    const toGp = async () => (await notificationsAbout([routine.id, urgent.id])).filter((r) => r.recipientUserId === gp.id);
    expect((await toGp()).map((r) => [r.payload.reference, r.digest, r.state])).toEqual([
      [routine.reference, true, 'pending'],
      [urgent.reference, false, 'sent'],
    ]);
    clock.set(new Date(Date.now() + 25 * 3600_000));
    await drain();
    const digest = mailsFor(await toGp()).filter((m) => m.subject?.startsWith('Liaison: your daily summary'));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toContain(routine.reference);
    expect((await toGp()).every((r) => r.state === 'sent')).toBe(true);
    clock.reset();
    await ctx.api.call('PUT', '/api/me/notification-preferences', { token: gp.token, body: { routine: 'immediate' } });
  });
});

describe('faults', () => {
  it('SMTP down, then up: nothing lost, each mail sent once, the first retry within 10 seconds', async () => {
    await smtp.stop();
    const request = await submittedRequest(ctx);
    const started = Date.now();
    clock.reset();
    await drain();
    const failed = await notificationsAbout([request.id]);
    expect(failed.map((r) => [r.state, r.attempts])).toEqual([['pending', 1], ['pending', 1], ['pending', 1]]);
    for (const r of failed) expect(r.nextAttemptAt.getTime() - started).toBeLessThanOrEqual(11_000);
    await smtp.start();
    clock.set(new Date(Date.now() + 11_000));
    await drain();
    const rows = await notificationsAbout([request.id]);
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    expect(mailsFor(rows)).toHaveLength(3);
    clock.reset();
  });

  it('a temporary 4xx is retried; a permanent 5xx is dead-lettered, listed for the administrator and replayed', async () => {
    const { gp, psychiatrist, admin } = ctx.clinic;
    const request = await submittedRequest(ctx);
    await drain();
    smtp.mode = 'temporary-failure';
    await move(ctx, psychiatrist, request.id, 'request-information');
    await drain();
    const asked = async () => (await notificationsAbout([request.id])).find((r) => r.payload.topic === 'question-asked')!;
    expect(await asked()).toMatchObject({ state: 'pending', attempts: 1, lastError: 'SMTP 451' });
    smtp.mode = 'permanent-failure';
    clock.set(new Date(Date.now() + 60_000));
    await drain();
    expect(await asked()).toMatchObject({ state: 'dead', attempts: 2, lastError: 'SMTP 550' });
    smtp.mode = 'accept';
    const dead = await ctx.api.call('GET', '/api/admin/notifications?state=dead', { token: admin.token });
    expect(dead.status).toBe(200);
    const listed = (dead.body.items as { id: string; reference: string; recipientUserId: string }[]).find((n) => n.reference === request.reference);
    expect(listed).toMatchObject({ recipientUserId: gp.id });
    expect(JSON.stringify(dead.body)).not.toContain('@');
    // Another organisation's administrator does not see or replay it.
    expect((await ctx.api.call('POST', `/api/admin/notifications/${listed!.id}/replay`, { token: psychiatrist.token })).status).toBe(403);
    expect((await ctx.api.call('POST', `/api/admin/notifications/${listed!.id}/replay`, { token: admin.token })).status).toBe(204);
    expect((await ctx.api.call('POST', `/api/admin/notifications/${listed!.id}/replay`, { token: admin.token })).status).toBe(404);
    await drain();
    expect(await asked()).toMatchObject({ state: 'sent', attempts: 1 });
    expect(mailsFor([await asked()])).toHaveLength(1);
    clock.reset();
  });

  it('a dispatcher that dies mid-batch loses nothing: after its lease another resends with the same Message-ID', async () => {
    const request = await submittedRequest(ctx);
    const store = await outboxStore();
    clock.reset();
    // The dying dispatcher: claims the batch, sends the first mail, and never settles anything.
    const claimed: Notification<'email'>[] = [];
    for (let batch = await store.notifications.claim('email', clock.now(), 200, CLAIM_LEASE_MS); batch.length; batch = await store.notifications.claim('email', clock.now(), 200, CLAIM_LEASE_MS)) {
      claimed.push(...batch.filter((r) => r.requestId === request.id));
    }
    expect(claimed).toHaveLength(3);
    await smtpTransport(smtp.url, SETTINGS).deliver([claimed[0]!]);
    // Nobody else takes them while the lease holds.
    await drain();
    expect(mailsFor(claimed)).toHaveLength(1);
    clock.set(new Date(Date.now() + CLAIM_LEASE_MS + 1000));
    await drain();
    const rows = await notificationsAbout([request.id]);
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    const ids = mailsFor(rows).map((m) => m.messageId);
    // At least once: the first mail twice, with one Message-ID (a mail client shows it once); the others once.
    expect(ids.filter((id) => id === `<notification-${claimed[0]!.id}@liaison.test>`)).toHaveLength(2);
    expect(new Set(ids).size).toBe(3);
    clock.reset();
  });

  it('two dispatchers at once never send a notification twice', async () => {
    const requests = [];
    for (let i = 0; i < 8; i++) requests.push(await createRequest(ctx, ctx.clinic.gp, {}, true));
    clock.reset();
    const [a, b] = [await dispatcher(), await dispatcher()];
    const run = async (d: Dispatcher) => {
      while ((await d.runOnce()) > 0);
    };
    await Promise.all([run(a), run(b)]);
    const rows = await notificationsAbout(requests.map((r) => r.id));
    expect(rows).toHaveLength(24);
    expect(rows.every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
    const ids = mailsFor(rows).map((m) => m.messageId);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
  });
});

describe('SLA reminders', () => {
  it('tell the triage team once at 80% of the response time and once when it is missed, however often the sweep runs', async () => {
    const request = await submittedRequest(ctx, { priority: 'urgent' });
    const store = await outboxStore();
    const submitted = new Date(request.submittedAt).getTime();
    const due = new Date(request.sla.dueAt).getTime();
    const reminders = async () => (await notificationsAbout([request.id])).filter((r) => r.payload.topic.startsWith('sla-')).map((r) => `${r.payload.topic} → ${r.recipientUserId}`).sort();
    await remindOfServiceLevels(store, new Date(submitted + (due - submitted) * 0.5));
    expect(await reminders()).toEqual([]);
    const team = [ctx.clinic.psychiatrist, ctx.clinic.psychiatrist2, ctx.clinic.leader].map((p) => p.id);
    for (let tick = 0; tick < 3; tick++) await remindOfServiceLevels(store, new Date(submitted + (due - submitted) * 0.85));
    expect(await reminders()).toEqual(team.map((id) => `sla-at-risk → ${id}`).sort());
    for (let tick = 0; tick < 3; tick++) await remindOfServiceLevels(store, new Date(due + 60_000));
    expect(await reminders()).toEqual([...team.map((id) => `sla-at-risk → ${id}`), ...team.map((id) => `sla-missed → ${id}`)].sort());
    // A first response stops the clock: nothing more.
    await move(ctx, ctx.clinic.psychiatrist, request.id, 'accept', { agreedForm: 'joint-video' });
    await remindOfServiceLevels(store, new Date(due + 3600_000));
    expect(await reminders()).toHaveLength(6);
  });
});
