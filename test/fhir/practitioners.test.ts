/**
 * The staff directory over FHIR: a caller reads only the people related to their requests or
 * services (see domain/access.ts, "Who sees whom"); everyone else does not exist (404). A
 * requester named by e-mail is matched among the practice's GPs only: an unknown address and
 * someone else's get the same answer.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/store/schema.js';
import type { Person } from '../harness/clinic.js';
import { testDatabase } from '../harness/database.js';
import { createRequest, expectOutcome, fhir, newCtx, serviceRequestBody, type Ctx } from './helpers.js';

const read = (ctx: Ctx, who: Person, person: Person) => fhir(ctx, who, 'GET', `/Practitioner/${person.id}`);

async function deactivate(person: Person): Promise<void> {
  const db = await testDatabase();
  await db.update(users).set({ active: false }).where(eq(users.id, person.id));
}

async function emailOf(person: Person): Promise<string> {
  const db = await testDatabase();
  const [row] = await db.select({ email: users.email }).from(users).where(eq(users.id, person.id));
  return row!.email;
}

describe('Practitioner: only the people related to the caller', () => {
  it('a GP reads colleagues and the clinicians of the service the practice refers to; not another practice, not another organisation', async () => {
    const ctx = await newCtx();
    const elsewhere = await newCtx();
    const { gp, gp2, psychiatrist, leader, otherGp, admin } = ctx.clinic;
    for (const person of [gp2, admin, psychiatrist, leader]) expect((await read(ctx, gp, person)).status).toBe(200);
    expectOutcome(await read(ctx, gp, otherGp), 404, 'not-found');
    expectOutcome(await read(ctx, gp, elsewhere.clinic.psychiatrist), 404, 'not-found');
    expectOutcome(await read(ctx, ctx.clinic.ehr, elsewhere.clinic.gp), 404, 'not-found');
  });

  it('the consulting side reads the GPs of the practices that refer to it, not their administrators, not other organisations', async () => {
    const ctx = await newCtx();
    const elsewhere = await newCtx();
    const { gp, otherGp, admin, psychiatrist } = ctx.clinic;
    expect((await read(ctx, psychiatrist, gp)).status).toBe(200);
    expect((await read(ctx, ctx.clinic.leader, otherGp)).status).toBe(200);
    expectOutcome(await read(ctx, psychiatrist, admin), 404, 'not-found');
    expectOutcome(await read(ctx, psychiatrist, elsewhere.clinic.gp), 404, 'not-found');
  });

  it('someone who left is read only by their own organisation and by those who share a request with them', async () => {
    const ctx = await newCtx();
    const { gp, gp2, psychiatrist, psychiatrist2 } = ctx.clinic;
    const sr = await createRequest(ctx, { requester: gp2 });
    await deactivate(gp2);
    await deactivate(psychiatrist2);
    expect((await read(ctx, gp, gp2)).status).toBe(200);
    // The psychiatrist sees gp2's request, so the reference on it resolves.
    const requester = await read(ctx, psychiatrist, gp2);
    expect(requester.status).toBe(200);
    expect(requester.body.active).toBe(false);
    expect(sr.requester.reference).toBe(`Practitioner/${gp2.id}`);
    // psychiatrist2 left before working on any of the practice's requests.
    expectOutcome(await read(ctx, gp, psychiatrist2), 404, 'not-found');
  });
});

describe('a requester named by e-mail', () => {
  it('matches only a GP of the practice; an unknown address and another organisation’s give the same answer', async () => {
    const ctx = await newCtx();
    const elsewhere = await newCtx();
    const attempt = async (who: Person, email: string) => {
      const body = serviceRequestBody(ctx.clinic, {}, { requester: { identifier: { system: 'https://liaison.example.org/fhir/sid/user-email', value: email } } });
      return fhir(ctx, who, 'POST', '/ServiceRequest', { body });
    };
    // What the answer says about the requester, without the parts every request has of its own.
    const shape = (res: Awaited<ReturnType<typeof attempt>>) => ({ status: res.status, requester: res.body.requester?.reference ?? null });
    for (const who of [ctx.clinic.ehr, ctx.clinic.gp]) {
      const answers = [
        await attempt(who, `nobody-${crypto.randomUUID()}@test.liaison.test`),
        await attempt(who, await emailOf(elsewhere.clinic.gp)),
        await attempt(who, await emailOf(ctx.clinic.otherGp)),
        await attempt(who, await emailOf(ctx.clinic.psychiatrist)),
      ];
      // The EHR's request stays with the practice, requester as sent; a GP's own request is theirs.
      const expected = { status: 201, requester: who === ctx.clinic.gp ? `Practitioner/${ctx.clinic.gp.id}` : null };
      for (const answer of answers) expect(shape(answer)).toEqual(expected);
    }
    const own = await attempt(ctx.clinic.ehr, await emailOf(ctx.clinic.gp));
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.requester.reference).toBe(`Practitioner/${ctx.clinic.gp.id}`);
  });
});
