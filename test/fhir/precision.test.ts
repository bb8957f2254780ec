/**
 * Precision is significant in FHIR (https://hl7.org/fhir/R4/datatypes.html#dateTime): what an
 * EHR wrote comes back as it wrote it, not reformatted from the instant Liaison stores.
 */
import { describe, expect, it } from 'vitest';
import { createRequest, get, newCtx, search } from './helpers.js';

describe('values come back as sent', () => {
  it.each(['2026-11-15', '2026-11-15T09:30:00+10:00', '2026-11'])('authoredOn %s', async (authoredOn) => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx, {}, { authoredOn });
    expect(sr.authoredOn).toBe(authoredOn);
    expect((await get(ctx, ctx.clinic.ehr, `/ServiceRequest/${sr.id}`)).authoredOn).toBe(authoredOn);
    // Still searched by the instant it names.
    const found = await search(ctx, ctx.clinic.ehr, `/ServiceRequest?authored=ge2026-11-01&_id=${sr.id}`);
    expect(found.total ?? found.entry?.length).toBe(1);
  });
});
