/**
 * Inviting people by e-mail (issue 12's leftover): the administrator's use case adds the person
 * and writes the invitation mail to the outbox in one transaction; the mail carries a single-use
 * sign-in link and nothing about any patient; only the token's hash is stored; a link works once,
 * for a week, for an active person, and a newer one ends the older ones.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { INVITATION_DAYS } from '../../src/domain/administration.js';
import { DomainError } from '../../src/domain/errors.js';
import { renderMail } from '../../src/notify/email/render.js';
import { buildServices, type Services } from '../../src/services/index.js';
import type { Actor } from '../../src/domain/actor.js';
import type { InvitationPayload, Notification } from '../../src/services/ports/notifications.js';
import { createStore } from '../../src/store/index.js';
import type { Database } from '../../src/store/database.js';
import { TestClock } from '../harness/api.js';
import { newClinic, type Clinic } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { expectProblem, fieldsOf, newCtx } from './helpers.js';

let db: Database;
let clinic: Clinic;
let services: Services;
let admin: Actor;
const clock = new TestClock();

beforeAll(async () => {
  db = await testDatabase();
  clinic = await newClinic(db);
  const store = createStore(db);
  services = buildServices(store, clock);
  admin = (await store.directory.findUser(clinic.admin.id))!;
});

async function invitationMails(userId: string): Promise<Notification<'email'>[]> {
  const rows = await createStore(db).notifications.pending('email', 10_000);
  return rows.filter((n) => n.recipientUserId === userId && 'kind' in n.payload);
}
const tokenOf = (n: Notification<'email'>) => (n.payload as InvitationPayload).token;
const refusal = (work: Promise<unknown>) => work.then(() => null, (e: unknown) => (e instanceof DomainError ? e.code : String(e)));
const email = () => `invited-${crypto.randomUUID().slice(0, 8)}@practice.test`;

describe('inviting people by e-mail', () => {
  it('adds the person and mails a sign-in link that works once; only its hash is kept', async () => {
    clock.reset();
    const address = email();
    const sent = await services.administration.invitations.invite(admin, clinic.practiceId, { email: address.toUpperCase(), name: 'Robin New', role: 'gp', identifiers: [], languages: [], subSpecialties: [], weeklyCapacity: null });
    expect(sent.member).toMatchObject({ email: address, name: 'Robin New', role: 'gp', active: true, organisationId: clinic.practiceId });
    expect(sent.expiresAt.getTime() - clock.now().getTime()).toBeGreaterThan((INVITATION_DAYS - 1) * 86_400_000);
    const [mail, ...more] = await invitationMails(sent.member.id);
    expect(more).toEqual([]);
    const token = tokenOf(mail!);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rendered = renderMail([mail!], { from: 'Liaison <liaison@example.org>', publicUrl: 'https://liaison.example.org' });
    expect(rendered.to).toBe(address);
    expect(rendered.text).toContain(`https://liaison.example.org/sign-in/invitation/${token}`);
    expect(rendered.html).toContain(`https://liaison.example.org/sign-in/invitation/${token}`);
    expect(rendered.subject).not.toMatch(/LSN-|patient/i);
    const stored = await db.execute(sql`select token_hash from invitations where user_id = ${sent.member.id}`);
    const hashes = ((Array.isArray(stored) ? stored : (stored as { rows: unknown[] }).rows) as { token_hash: string }[]).map((r) => r.token_hash);
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes[0]).not.toContain(token);
    await expect(services.administration.invitations.open(admin, [sent.member])).resolves.toEqual(new Map([[sent.member.id, sent.expiresAt]]));
    await expect(services.administration.invitations.accept(token)).resolves.toBe(sent.member.id);
    await expect(services.administration.invitations.open(admin, [sent.member])).resolves.toEqual(new Map());
    await expect(refusal(services.administration.invitations.accept(token))).resolves.toBe('gone');
    await expect(refusal(services.administration.invitations.accept('no-such-token-at-all-0123456789'))).resolves.toBe('gone');
  });

  it('a new link ends the older one; a link expires; a deactivated person cannot use theirs', async () => {
    clock.reset();
    const { member } = await services.administration.invitations.invite(admin, clinic.practiceId, { email: email(), name: 'Sam Later', role: 'psychiatrist', identifiers: [], languages: [], subSpecialties: [], weeklyCapacity: null });
    const first = tokenOf((await invitationMails(member.id))[0]!);
    await services.administration.invitations.resend(admin, member.id);
    const second = tokenOf((await invitationMails(member.id)).find((n) => tokenOf(n) !== first)!);
    await expect(refusal(services.administration.invitations.accept(first))).resolves.toBe('gone');
    // A week and a day later, the newer link has expired too.
    clock.set(new Date(Date.now() + (INVITATION_DAYS + 1) * 86_400_000));
    await expect(refusal(services.administration.invitations.accept(second))).resolves.toBe('gone');
    clock.reset();
    await services.administration.invitations.resend(admin, member.id);
    const third = tokenOf((await invitationMails(member.id)).find((n) => ![first, second].includes(tokenOf(n)))!);
    await services.administration.staff.change(admin, member.id, member.version, { active: false });
    await expect(refusal(services.administration.invitations.accept(third))).resolves.toBe('gone');
    await expect(refusal(services.administration.invitations.resend(admin, member.id))).resolves.toBe('unprocessable');
  });

  it('through the JSON API: 201 with the person and until when, never the link', async () => {
    const { api, clinic: own } = await newCtx();
    const address = email();
    const res = await api.call('POST', `/api/admin/organisations/${own.practiceId}/invitations`, { token: own.admin.token, body: { email: address, name: 'Alex Api', role: 'privacy-officer' } });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ person: { email: address, role: 'privacy-officer', active: true }, expiresAt: expect.any(String) });
    expect(res.headers.get('Location')).toBe(`/api/admin/users/${res.body.person.id}`);
    const [mail] = await invitationMails(res.body.person.id);
    expect(res.text).not.toContain(tokenOf(mail!));
    const again = await api.call('POST', `/api/admin/users/${res.body.person.id}/invitations`, { token: own.admin.token });
    expect(again.status, again.text).toBe(201);
    expect(await invitationMails(res.body.person.id)).toHaveLength(2);
    const bad = await api.call('POST', `/api/admin/organisations/${own.practiceId}/invitations`, { token: own.admin.token, body: { email: 'not an address', name: '', role: 'chief' } });
    expectProblem(bad, 400);
    expect(fieldsOf(bad).sort()).toEqual(['email', 'name', 'role']);
  });

  it('only an administrator invites, into their own organisation, at an address nobody uses', async () => {
    const input = { email: email(), name: 'Kim', role: 'gp' as const, identifiers: [], languages: [], subSpecialties: [], weeklyCapacity: null };
    const gp = (await createStore(db).directory.findUser(clinic.gp.id))!;
    await expect(refusal(services.administration.invitations.invite(gp, clinic.practiceId, input))).resolves.toBe('forbidden');
    await expect(refusal(services.administration.invitations.invite(admin, clinic.specialistId, input))).resolves.toBe('not_found');
    await expect(refusal(services.administration.invitations.resend(admin, clinic.psychiatrist.id))).resolves.toBe('not_found');
    await services.administration.invitations.invite(admin, clinic.practiceId, input);
    const taken = await refusal(services.administration.invitations.invite(admin, clinic.practiceId, { ...input, email: input.email.toUpperCase() }));
    expect(taken).toBe('conflict');
  });
});
