/**
 * The access matrix's world: one clinic, the whole cast, and requests brought to the state a
 * route needs (a fresh one per call for routes that change something, so one role's move never
 * changes what the next role meets).
 */
import { expect } from 'vitest';
import type { RequestState } from '../../src/domain/lifecycle.js';
import { testApi, type ApiResponse } from '../harness/api.js';
import { ROLES, castOf, type Cast, type Role } from '../harness/cast.js';
import { testDatabase } from '../harness/database.js';
import { createRequest, move, newCtx, type Ctx, type Json } from './helpers.js';

export interface World {
  ctx: Ctx;
  cast: Cast;
  /** A request of the clinic's practice in the given state (fresh on every call). */
  request(state: RequestState, form?: string): Promise<Json>;
  call(role: Role, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  /**
   * A case-discussion group of the service: led by the group leader and the psychiatrist, with
   * the other practice's GP as a member (both accepted), one session, and on its agenda a
   * request agreed as a case discussion.
   */
  group(): Promise<{ groupId: string; sessionId: string; itemId: string; requestId: string; memberId: string }>;
  /** That group with a run of two sessions started by the group leader; the member has brought an own case to its first. */
  run(): Promise<{ groupId: string; runId: string; runSessionId: string; ownItemId: string }>;
}

const PATH_TO: Partial<Record<RequestState, Json[]>> = {
  'awaiting-information': [{ action: 'request-information' }],
  accepted: [{ action: 'accept' }],
  scheduled: [{ action: 'accept' }, { action: 'schedule' }],
  'advice-given': [{ action: 'give-advice' }],
  completed: [{ action: 'accept' }, { action: 'complete' }],
  declined: [{ action: 'decline' }],
  closed: [{ action: 'give-advice' }, { action: 'close', by: 'gp' }],
};

/** Each scheduled fixture gets its own hour, so bookings never collide. */
let booked = 0;
const nextSlot = () => ({ start: new Date(Date.UTC(2031, 0, 6, 8) + booked++ * 3_600_000).toISOString(), videoLink: 'https://video.example/room/1' });

export async function newWorld(): Promise<World> {
  const ctx = await newCtx();
  const cast = await castOf(await testDatabase(), ctx.clinic, ctx.clinic.specialistId);
  const api = await testApi();
  const world: World = {
    ctx,
    cast,
    async request(state, form = 'joint-video') {
      if (state === 'draft') return createRequest(ctx, ctx.clinic.gp);
      let view = await createRequest(ctx, ctx.clinic.gp, { requestedForm: form }, true);
      for (const step of PATH_TO[state] ?? []) {
        const body = step.action === 'schedule' ? nextSlot() : step.action === 'accept' ? { agreedForm: form } : undefined;
        view = await move(ctx, step.by === 'gp' ? ctx.clinic.gp : ctx.clinic.psychiatrist, view.id, step.action, body);
      }
      expect(view.status).toBe(state);
      return view;
    },
    async group() {
      const { leader, psychiatrist, otherGp, serviceId } = ctx.clinic;
      const as = (who: { token: string }, method: string, path: string, body?: unknown) => api.call(method, path, { token: who.token, ...(body !== undefined ? { body } : {}) });
      const made = await as(leader, 'POST', '/api/case-discussions', { serviceId, name: 'Matrix group', cadenceWeeks: 2, leaderIds: [leader.id, psychiatrist.id], memberIds: [otherGp.id] });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const groupId = String(made.body.id);
      for (const who of [psychiatrist, otherGp]) expect((await as(who, 'POST', `/api/me/invitations/${groupId}/accept`)).status).toBe(204);
      const sessions = await as(leader, 'POST', `/api/case-discussions/${groupId}/sessions`, { startsAt: '2031-02-03T17:00:00+01:00' });
      const sessionId = String(sessions.body.items[0].id);
      const request = await createRequest(ctx, ctx.clinic.gp, { requestedForm: 'case-discussion' }, true);
      await move(ctx, psychiatrist, request.id, 'accept', { agreedForm: 'case-discussion' });
      const added = await as(leader, 'POST', `/api/case-discussions/sessions/${sessionId}/agenda`, { requestId: request.id });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      return { groupId, sessionId, itemId: String(added.body.agenda[0].id), requestId: String(request.id), memberId: otherGp.id };
    },
    async run() {
      const { groupId } = await world.group();
      const { leader, otherGp } = ctx.clinic;
      const started = await api.call('POST', '/api/case-discussion-runs', { token: leader.token, body: { groupId, startsAt: '2031-04-02T17:00:00+02:00', rhythmWeeks: 2, sessionCount: 2 } });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const runSessionId = String(started.body.sessions[0].id);
      const presented = await api.call('POST', `/api/case-discussions/sessions/${runSessionId}/presentations`, { token: otherGp.token, body: { title: 'A demanding family', question: 'How do I keep the frame?' } });
      expect(presented.status, JSON.stringify(presented.body)).toBe(200);
      return { groupId, runId: String(started.body.id), runSessionId, ownItemId: String(presented.body.agenda[0].id) };
    },
    call(role, method, path, body, headers) {
      const person = cast[role];
      return api.call(method, path, { ...(person ? { token: person.token } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
    },
  };
  return world;
}

/**
 * What the matrix records of a response: the access decision, not the business answer. A
 * listing or search that answers but leaves the fixture's request out is `-` (sees nothing).
 */
export type Access = 'ok' | '-' | 401 | 403 | 404 | 405;

/** A response, and for listings whether the fixture's request was among what came back. */
export type Observation = ApiResponse & { seen?: boolean };

export function accessOf(res: Observation): Access | 'server-error' {
  if (res.status >= 500) return 'server-error';
  // 405: a FHIR PUT naming a resource the caller cannot see (no update-create), as for an unknown one.
  if (res.status === 401 || res.status === 403 || res.status === 404 || res.status === 405) return res.status;
  return res.seen === false ? '-' : 'ok';
}

/** Whether a listing's items (or a Bundle's entries) name the request; links and echoes of the query do not count. */
export function mentions(body: unknown, id: string): boolean {
  const b = (body ?? {}) as { resourceType?: string; entry?: unknown[]; items?: unknown[] };
  const shown = b.resourceType === 'Bundle' ? (b.entry ?? []).map((e) => (e as { resource?: unknown }).resource) : (b.items ?? []);
  return JSON.stringify(shown).includes(id);
}

/** One row of a matrix: a route or interaction, the expected cells in ROLES order, and how to call it. */
export interface MatrixRow {
  route: string;
  expected: string;
  call(w: World, role: Role): Promise<Observation>;
}

export const parseCells = (line: string): Access[] => line.trim().split(/\s+/).map((cell) => (cell === 'ok' || cell === '-' ? cell : (Number(cell) as Access)));

/**
 * Calls the row as every role in a fresh world and checks each cell. The row must be one that a
 * permitted role can make succeed, or its "ok" cells prove nothing. ACCESS_MATRIX_PRINT=1 prints
 * what was observed, in the matrix's own format.
 */
export async function checkRow(row: MatrixRow): Promise<void> {
  const w = await newWorld();
  const observed: (Access | 'server-error')[] = [];
  const statuses: number[] = [];
  for (const role of ROLES) {
    const res = await row.call(w, role);
    statuses.push(res.status);
    observed.push(accessOf(res));
  }
  if (process.env.ACCESS_MATRIX_PRINT === '1') console.log(`${row.route.padEnd(64)} ${observed.join(' ')}   [${statuses.join(' ')}]`);
  expect(statuses.some((s) => s >= 200 && s < 300), `${row.route}: no role succeeded (${statuses.join(' ')})`).toBe(true);
  const expected = parseCells(row.expected);
  expect(expected, row.route).toHaveLength(ROLES.length);
  const differences = ROLES.flatMap((role, i) => (observed[i] === expected[i] ? [] : [`${role}: expected ${expected[i]}, got ${observed[i]}`]));
  expect(differences).toEqual([]);
}
