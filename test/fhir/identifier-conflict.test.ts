/**
 * An order number is unique within the requesting practice: a second create that reuses one
 * (without If-None-Exist) is a 409 naming it, and nothing of it is stored — the request's row,
 * version, identifiers and history are written together or not at all.
 */
import { describe, expect, it } from 'vitest';
import { createRequest, expectOutcome, fhir, matchIds, newCtx, ORDER_SYSTEM, search, serviceRequestBody, uniqueValue } from './helpers.js';

describe('an order number used twice', () => {
  it('is 409 on the second create, and the second request leaves no trace', async () => {
    const ctx = await newCtx();
    const order = uniqueValue('ORD');
    const first = await createRequest(ctx, { order });
    const before = matchIds(await search(ctx, ctx.clinic.gp, '/ServiceRequest?_count=100'));

    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/ServiceRequest', { body: serviceRequestBody(ctx.clinic, { order, question: 'A second request under the same order number' }) });
    const outcome = expectOutcome(res, 409);
    expect(JSON.stringify(outcome)).toMatch(/identifier/i);

    expect(matchIds(await search(ctx, ctx.clinic.gp, `/ServiceRequest?identifier=${encodeURIComponent(`${ORDER_SYSTEM}|${order}`)}`))).toEqual([first.id]);
    expect(matchIds(await search(ctx, ctx.clinic.gp, '/ServiceRequest?_count=100')).sort()).toEqual(before.sort());
    // The practice's next request still goes through (the failed one left no open transaction or lock).
    await createRequest(ctx);
  });
});
