/**
 * Fuzzing the JSON API: realistic bodies, query strings and headers, mutated at random, from every
 * kind of caller. Whatever arrives: never a 5xx, every refusal is an RFC 9457 problem, and a refused
 * call changes no row of any table a request use case writes. FUZZ_SEED=<seed> replays a failure.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ACTIONS, type RequestAction } from '../../src/domain/lifecycle.js';
import type { ApiResponse } from '../harness/api.js';
import type { Person } from '../harness/clinic.js';
import { fuzzRuns, mutated, nastyString, oddHeaders, queryString, wireBody } from '../harness/fuzz.js';
import { balintGroup } from './balint-groups.fixtures.js';
import { actionBody, createRequest, draftBody, expectProblem, move as moveAs, newCtx, submittedRequest, type Ctx } from './helpers.js';

let ctx: Ctx;
/** Requests in several states, so the same fuzzed call meets different rules. */
let targets: string[];

beforeAll(async () => {
  ctx = await newCtx();
  const draft = await createRequest(ctx, ctx.clinic.gp);
  const submitted = await submittedRequest(ctx);
  const accepted = await submittedRequest(ctx);
  await moveAs(ctx, ctx.clinic.psychiatrist, accepted.id, 'accept');
  targets = [draft.id, submitted.id, accepted.id, crypto.randomUUID(), 'not-a-uuid'];
}, 120_000);

const caller = () => fc.constantFrom<(Person | null)[]>(ctx.clinic.gp, ctx.clinic.gp, ctx.clinic.psychiatrist, ctx.clinic.psychiatrist, ctx.clinic.ehr, ctx.clinic.serviceEhr, ctx.clinic.otherGp, ctx.clinic.admin, null);
const target = () => fc.constantFrom(...targets);

/** Sends one call; it must not fail with 5xx, and a refusal must be a problem that changed nothing. */
async function probe(who: Person | null, method: string, path: string, rawBody: string | undefined, headers: Record<string, string>): Promise<ApiResponse> {
  const before = await ctx.api.tablesOf(ctx.clinic.practiceId, ctx.clinic.serviceId);
  const res = await ctx.api.call(method, path, { ...(who ? { token: who.token } : {}), ...(rawBody !== undefined ? { rawBody } : {}), headers });
  const what = `${method} ${path} ${JSON.stringify(headers)} ${rawBody?.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
  expect(res.status, what).toBeLessThan(500);
  if (process.env.FUZZ_FUZZ) console.log(`FUZZ ${method} ${path.split('?')[0]!.replace(/[0-9a-f-]{36}/g, ':id')} ${res.status} ${res.body?.code ?? ''} ${res.body?.errors?.[0]?.field ?? ''}`);
  if (res.status >= 400) {
    expectProblem(res, res.status);
    expect(await ctx.api.tablesOf(ctx.clinic.practiceId, ctx.clinic.serviceId), `a refused call wrote: ${what}`).toEqual(before);
  }
  return res;
}

/** Routes for a signed-in person: a system client gets a 403 there (issue 7, hole 9). */
const PERSON_ONLY = ['/api/me/cases', '/api/me/availability', '/api/me/attendance'];

const JSON_TYPES = ['application/json', 'application/json', 'application/json', 'application/merge-patch+json'];
/** Mostly the right content type and nothing else; now and then odd headers. */
const headers = (right: string) => fc.oneof({ weight: 3, arbitrary: fc.constant({ 'Content-Type': right }) }, { weight: 1, arbitrary: oddHeaders(JSON_TYPES) });

describe('fuzzing the JSON API: never a 5xx, a problem for every refusal, nothing written by a refused call', () => {
  it('creating requests', async () => {
    const body = mutated(() => ({ ...draftBody(), submit: false, reason: { text: 'Low mood', codes: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'F32.1' }] }, scores: { phq9Total: 12, phq9Item9: 0, gad7Total: 8 }, riskFlags: [], priority: 'routine' }));
    await fc.assert(
      fc.asyncProperty(caller(), wireBody(body), headers('application/json'), async (who, raw, h) => {
        await probe(who, 'POST', '/api/requests', raw, h);
      }),
      fuzzRuns(100),
    );
  });

  it('changing a draft with PATCH (merge patch) and PUT', async () => {
    const patch = mutated(() => ({ clinicalQuestion: 'Still low mood?', consent: { given: true, recordedAt: '2026-11-25' }, patient: { name: { family: 'Jansen', given: ['Eva'] } }, scores: { phq9Total: 10 } }));
    const full = mutated(() => draftBody());
    const change = fc.oneof(
      wireBody(patch).map((raw) => ({ method: 'PATCH', raw, type: 'application/merge-patch+json' })),
      wireBody(full).map((raw) => ({ method: 'PUT', raw, type: 'application/json' })),
    );
    await fc.assert(
      fc.asyncProperty(caller(), target(), change, fc.constantFrom('', 'W/"0"', 'W/"1"', 'W/"7"', 'W/"x"'), async (who, id, { method, raw, type }, ifMatch) => {
        await probe(who, method, `/api/requests/${id}`, raw, { 'Content-Type': type, ...(ifMatch ? { 'If-Match': ifMatch } : {}) });
      }),
      fuzzRuns(80),
    );
  });

  it('lifecycle moves, assignment and answers with mutated bodies', async () => {
    const move = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom<RequestAction[]>(...REQUEST_ACTIONS).chain((a) => wireBody(mutated(() => actionBody(a, ctx.clinic))).map((raw) => ({ path: a, raw }))) },
      { weight: 1, arbitrary: wireBody(mutated(() => ({ assigneeId: ctx.clinic.psychiatrist.id }))).map((raw) => ({ path: 'assign', raw })) },
      { weight: 1, arbitrary: wireBody(mutated(() => ({ participant: 'gp', answer: 'accepted' }))).map((raw) => ({ path: 'appointment/answers', raw })) },
      { weight: 1, arbitrary: wireBody(mutated(() => ({ attended: true }))).map((raw) => ({ path: 'appointment/attendance', raw })) },
    );
    await fc.assert(
      fc.asyncProperty(caller(), target(), move, headers('application/json'), async (who, id, { path, raw }, h) => {
        await probe(who, 'POST', `/api/requests/${id}/${path}`, raw, h);
      }),
      fuzzRuns(120),
    );
  });

  it('messages on a request', async () => {
    const message = mutated(() => ({ text: 'Any history of hypomania?', kind: 'question', attachments: [{ url: 'https://docs.example.org/letter.pdf', title: 'Letter', contentType: 'application/pdf' }] }));
    await fc.assert(
      fc.asyncProperty(caller(), target(), wireBody(message), headers('application/json'), async (who, id, raw, h) => {
        await probe(who, 'POST', `/api/requests/${id}/messages`, raw, h);
      }),
      fuzzRuns(80),
    );
  });

  it('Balint runs, presentations, leaders’ notes and feedback with mutated bodies', async () => {
    const groupId = await balintGroup(ctx);
    const run = await ctx.api.call('POST', '/api/case-discussion-runs', { token: ctx.clinic.leader.token, body: { groupId, startsAt: '2031-06-04T18:00:00+02:00', rhythmWeeks: 2, sessionCount: 3 } });
    const runId = String(run.body.id);
    const sessionId = String(run.body.sessions[0].id);
    const call = fc.oneof(
      wireBody(mutated(() => ({ groupId, startsAt: '2031-06-04T18:00:00+02:00', rhythmWeeks: 2, endsOn: '2031-09-01', place: 'Room 2', workingTime: true }))).map((raw) => ({ path: '/api/case-discussion-runs', raw })),
      wireBody(mutated(() => ({ sessionCount: 5 }))).map((raw) => ({ path: `/api/case-discussion-runs/${runId}/extend`, raw })),
      wireBody(mutated(() => ({ learnt: 'A lot.', coLeadershipRating: 4, cooperationChange: 'better', cooperation: null }))).map((raw) => ({ path: `/api/case-discussion-runs/${runId}/feedback`, raw })),
      wireBody(mutated(() => ({ title: 'A demanding family', question: 'How do I keep the frame?', minutes: 20, requestId: targets[1] }))).map((raw) => ({ path: `/api/case-discussions/sessions/${sessionId}/presentations`, raw })),
      wireBody(mutated(() => ({ text: 'Quiet session.' }))).map((raw) => ({ path: `/api/case-discussions/sessions/${sessionId}/leader-notes`, raw })),
    );
    await fc.assert(
      fc.asyncProperty(caller(), call, headers('application/json'), async (who, { path, raw }, h) => {
        await probe(who, 'POST', path, raw, h);
      }),
      fuzzRuns(80),
    );
  });

  it('lists, searches and reads with odd query strings', async () => {
    const value = (...values: string[]) => fc.oneof(fc.constantFrom(...values), nastyString);
    const query = queryString({
      status: value('submitted', 'draft,submitted', 'accepted,,', 'nope'),
      priority: value('routine', 'urgent,stat', 'whenever'),
      limit: value('1', '100', '101', '0', '-1', '1e3', 'abc', '9'.repeat(30)),
      cursor: value('abc', 'eyJhIjoxfQ', '.'),
      updatedSince: value('2026-01-01T00:00:00Z', '2026-01-01', 'yesterday', '1969-01-01T00:00:00Z'),
      patientIdentifier: value('urn:x|1', '|', 'no-bar', 'a|b|c'),
      requesterId: value(crypto.randomUUID(), 'me'),
      serviceId: value(crypto.randomUUID(), 'x'),
      assigneeId: value(crypto.randomUUID()),
      from: value('2026-01-01', '2026-13-40'),
      to: value('2027-01-01', '1900-01-01'),
      days: value('1', '0', '1000'),
      durationMinutes: value('30', '0', '100000'),
    });
    const search = mutated(() => ({ status: ['submitted'], patientIdentifier: { system: 'urn:x', value: '1' }, limit: 20 }));
    const path = fc.constantFrom('/api/requests', '/api/me/cases', '/api/services', `/api/services/{service}/queue`, `/api/services/{service}/measures`, '/api/requests/{id}/slots', '/api/requests/{id}/messages', '/api/requests/{id}/assignment-suggestions', '/api/me/availability', '/api/me/attendance');
    await fc.assert(
      fc.asyncProperty(caller(), target(), path, query, wireBody(search), async (who, id, p, q, raw) => {
        const resolved = p.replace('{id}', id).replace('{service}', ctx.clinic.serviceId);
        await probe(who, 'GET', `${resolved}?${q}`, undefined, {});
        if (p === '/api/requests') await probe(who, 'POST', '/api/requests/search', raw, { 'Content-Type': 'application/json' });
      }),
      fuzzRuns(100),
    );
  });

  it('a system client on a person-only route gets a 403, not a 500 (issue 7 hole 9)', async () => {
    for (const who of [ctx.clinic.ehr, ctx.clinic.serviceEhr]) {
      for (const path of PERSON_ONLY) expect((await probe(who, 'GET', path, undefined, {})).status).toBe(403);
    }
  });
});
