/**
 * One rule for the addresses of attached documents, through both doors: what the JSON API refuses,
 * FHIR refuses, and a link that runs script or reads local files never reaches a reader.
 */
import { describe, expect, it } from 'vitest';
import { createRequest, expectOutcome, expressionsOf, fhir, get, newCtx, type Ctx, type Json } from './helpers.js';

const REFUSED = [
  'javascript:alert(document.cookie)',
  'JavaScript:alert(1)',
  ' javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'file:///etc/passwd',
  'vbscript:msgbox(1)',
  '/letters/881',
  '//evil.example.org/letter',
  'letters/881',
  'https://',
  'ftp://ehr.example.org/letters/881',
];
const ACCEPTED = ['https://ehr.example.org/letters/881', 'http://ehr.example.org/letters/881?v=2#page=3'];

const viaJson = (ctx: Ctx, id: string, url: string) =>
  ctx.api.call('POST', `/api/requests/${id}/messages`, { token: ctx.clinic.gp.token, body: { text: 'Letter attached.', attachments: [{ url, title: 'Letter' }] } });

const viaFhir = (ctx: Ctx, id: string, url: string) =>
  fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', {
    body: {
      resourceType: 'Communication',
      status: 'completed',
      basedOn: [{ reference: `ServiceRequest/${id}` }],
      payload: [{ contentString: 'Letter attached.' }, { contentAttachment: { url, title: 'Letter' } }],
    },
  });

async function threadUrls(ctx: Ctx, id: string): Promise<string[]> {
  const res = await ctx.api.call('GET', `/api/requests/${id}/messages`, { token: ctx.clinic.psychiatrist.token });
  expect(res.status).toBe(200);
  return (res.body.items as Json[]).flatMap((m) => (m.attachments as Json[]).map((a) => a.url as string));
}

describe('attachment addresses: one rule for the JSON API and FHIR', () => {
  it.each(REFUSED)('both doors refuse %j and nothing reaches the thread', async (url) => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const json = await viaJson(ctx, sr.id, url);
    expect(json.status, JSON.stringify(json.body)).toBe(400);
    expect(JSON.stringify(json.body)).toContain('attachments');
    // A malformed url primitive fails FHIR validation (400); a well-formed address the rule refuses is a 422.
    const fhirRes = await viaFhir(ctx, sr.id, url);
    const outcome = expectOutcome(fhirRes, fhirRes.status === 400 ? 400 : 422);
    expect(expressionsOf(outcome)).toContain('Communication.payload[1].contentAttachment.url');
    expect(await threadUrls(ctx, sr.id)).toEqual([]);
  });

  it.each(ACCEPTED)('both doors accept %j', async (url) => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    expect((await viaJson(ctx, sr.id, url)).status).toBe(201);
    expect((await viaFhir(ctx, sr.id, url)).status).toBe(201);
    expect(await threadUrls(ctx, sr.id)).toEqual([url, url]);
  });

  it('FHIR refuses an attachment without an address (Liaison keeps references, not files) instead of dropping it', async () => {
    const ctx = await newCtx();
    const sr = await createRequest(ctx);
    const res = await fhir(ctx, ctx.clinic.ehr, 'POST', '/Communication', {
      body: {
        resourceType: 'Communication',
        status: 'completed',
        basedOn: [{ reference: `ServiceRequest/${sr.id}` }],
        payload: [{ contentString: 'Letter attached.' }, { contentAttachment: { contentType: 'application/pdf', data: 'JVBERi0xLjQK' } }],
      },
    });
    expect(expressionsOf(expectOutcome(res, 422))).toContain('Communication.payload[1].contentAttachment.url');
    expect((await get(ctx, ctx.clinic.ehr, `/Communication?based-on=ServiceRequest/${sr.id}`)).entry ?? []).toHaveLength(0);
  });
});
