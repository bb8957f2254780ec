/** Small helpers shared by the API tests: request bodies, calls as a person, problem checks. */
import { expect } from 'vitest';
import type { RequestAction } from '../../src/domain/lifecycle.js';
import { testApi, type ApiResponse, type TestApi } from '../harness/api.js';
import type { Clinic, Person } from '../harness/clinic.js';

export type Json = Record<string, any>;

export interface Ctx {
  api: TestApi;
  clinic: Clinic;
}

/** A fresh isolated clinic on the shared test app. */
export async function newCtx(options?: { timeZone?: string }): Promise<Ctx> {
  const api = await testApi();
  return { api, clinic: await api.clinic(options) };
}

export function patientBody(overrides: Json = {}): Json {
  return {
    identifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: `P-${crypto.randomUUID().slice(0, 8)}` },
    name: { family: 'Jansen', given: ['Eva'] },
    birthDate: '1980-04-12',
    sex: 'female',
    ...overrides,
  };
}

/** A complete, valid draft the GP could submit as is. */
export function draftBody(overrides: Json = {}): Json {
  return {
    patient: patientBody(),
    clinicalQuestion: 'Is this a depressive episode, and would an SSRI be appropriate?',
    requestedForm: 'joint-video',
    consent: { given: true },
    ...overrides,
  };
}

/** A valid body for each lifecycle action (whether the move is legal is another matter). */
export function actionBody(action: RequestAction, clinic: Clinic): Json {
  const bodies: Record<RequestAction, Json> = {
    submit: {},
    cancel: { reason: 'The patient moved away.' },
    accept: { agreedForm: 'joint-video' },
    decline: { reason: 'manageable-in-primary-care', advice: 'Start sertraline 50 mg, review in four weeks.' },
    redirect: { serviceId: clinic.otherServiceId, reason: 'Needs the crisis team.' },
    'request-information': { question: 'Which medication has been tried so far?' },
    'provide-information': { answer: 'Citalopram 20 mg for six weeks, no effect.' },
    'give-advice': { advice: 'Switch to sertraline; refer if no response.' },
    'convert-to-joint': { agreedForm: 'joint-in-person' },
    schedule: { start: '2030-03-10T10:00:00+01:00', videoLink: 'https://video.example/room/1' },
    complete: { summary: 'Moderate depressive episode.', outcomeCode: 'joint-follow-up', recommendations: ['Sertraline 50 mg'] },
    close: { referralAvoided: true },
    'enter-in-error': { reason: 'Created for the wrong patient.' },
    reconsult: { question: 'Four weeks on, still low mood: increase the dose?' },
    'cancel-visit': { reason: 'The patient is in hospital that week.' },
    'propose-times': { times: ['2030-03-11T10:00:00+01:00', '2030-03-12T15:30:00+01:00'], videoLink: 'https://video.example/room/1' },
    'choose-time': { slotId: '00000000-0000-4000-8000-000000000000' },
    'decline-times': { note: 'Mornings do not work for me; Thursday afternoons do.' },
  };
  return bodies[action];
}

/** POST /api/requests as `who`; expects 201 and returns the view. */
export async function createRequest(ctx: Ctx, who: Person, overrides: Json = {}, submit = false): Promise<Json> {
  const res = await ctx.api.call('POST', '/api/requests', { token: who.token, body: { ...draftBody(overrides), submit } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A request the clinic's GP has submitted. */
export const submittedRequest = (ctx: Ctx, overrides: Json = {}): Promise<Json> => createRequest(ctx, ctx.clinic.gp, overrides, true);

/** POST /api/requests/{id}/{action}; the body defaults to a valid one for the action. */
export function act(
  ctx: Ctx,
  who: Person,
  id: string,
  action: RequestAction,
  body: Json | undefined = actionBody(action, ctx.clinic),
  headers?: Record<string, string>,
): Promise<ApiResponse> {
  return ctx.api.call('POST', `/api/requests/${id}/${action}`, { token: who.token, body, ...(headers ? { headers } : {}) });
}

/** Like act, but the move must succeed; returns the view after it. */
export async function move(ctx: Ctx, who: Person, id: string, action: RequestAction, body?: Json): Promise<Json> {
  const res = await act(ctx, who, id, action, body ?? actionBody(action, ctx.clinic));
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

export const read = (ctx: Ctx, who: Person, id: string): Promise<ApiResponse> =>
  ctx.api.call('GET', `/api/requests/${id}`, { token: who.token });

/** The timeline as compact lines, e.g. `submit draft→submitted by <user id>`. */
export function steps(view: Json): string[] {
  return (view.timeline as Json[]).map((e) => `${e.action} ${e.from ?? '∅'}→${e.to} by ${e.by.id}`);
}

export const fieldsOf = (res: ApiResponse): string[] => ((res.body?.errors ?? []) as Json[]).map((e) => String(e.field));

const STACK_TRACE = /(\\n|\n)\s*at\s|\.[cm]?[jt]sx?:\d+/;

/** An RFC 9457 problem with the given status and code, and nothing internal in it. */
export function expectProblem(res: ApiResponse, status: number, code?: string): void {
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/\S/), title: expect.stringMatching(/\S/), code: expect.any(String) });
  if (code) expect(res.body.code).toBe(code);
  expect(text).not.toMatch(STACK_TRACE);
}

/** Runs `work` and checks the practice has exactly as many requests and events afterwards. */
export async function expectNoWrites<T>(ctx: Ctx, work: () => Promise<T>): Promise<T> {
  const before = await ctx.api.rowsOf(ctx.clinic.practiceId);
  const result = await work();
  expect(await ctx.api.rowsOf(ctx.clinic.practiceId)).toEqual(before);
  return result;
}

/** Ids of every request `who` can list with the given query string (follows all pages). */
export async function listIds(ctx: Ctx, who: Person, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let path: string | null = `/api/requests?limit=100${query ? `&${query}` : ''}`;
  while (path) {
    const res: ApiResponse = await ctx.api.call('GET', path, { token: who.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...(res.body.items as Json[]).map((r) => String(r.id)));
    path = res.body.next;
  }
  return ids;
}
