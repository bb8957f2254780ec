/**
 * The access matrix: every role against every JSON API route, allowed / 401 / 403 / 404.
 * "ok" means the call got past access control (a business answer such as 409 or 422 is still
 * ok: the caller was allowed to ask). A route that appears in the OpenAPI document without a
 * row here fails the suite, so a new route cannot arrive without its access decided.
 *
 * Columns, in order (see test/harness/cast.ts):
 *   gp  practiceGp  otherOrgGp  psychiatrist  otherServicePsychiatrist  leader  member  admin
 *   requestingEhr  consultingEhr  narrowClient  anonymous
 * Set ACCESS_MATRIX_PRINT=1 to print what a run observed, in the same format.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ACTIONS, TRANSITIONS, type RequestAction, type RequestState } from '../../src/domain/lifecycle.js';
import { testApi } from '../harness/api.js';
import { ROLES, type Role } from '../harness/cast.js';
import { notificationsAbout, outboxStore } from '../harness/outbox.js';
import { checkRow, mentions, newWorld, parseCells, type MatrixRow, type Observation, type World } from './access-matrix.fixtures.js';
import { actionBody, draftBody, move } from './helpers.js';
import { ADMIN_ROWS } from './admin.fixtures.js';

type Row = MatrixRow;

/** A listing: the caller gets an answer; whether the fixture's submitted request is in it is the question. */
const listing = (method: string, path: (w: World) => string, body?: unknown) => async (w: World, role: Role): Promise<Observation> => {
  const request = await w.request('submitted');
  const res = await w.call(role, method, path(w), body);
  return { ...res, seen: mentions(res.body, request.id) };
};

/** Where each move is tried: a state it is legal in, so only access can refuse it. */
const TRIED_IN: Record<RequestAction, RequestState> = {
  submit: 'draft',
  cancel: 'submitted',
  accept: 'submitted',
  decline: 'submitted',
  redirect: 'submitted',
  'request-information': 'submitted',
  'provide-information': 'awaiting-information',
  'give-advice': 'submitted',
  'convert-to-joint': 'advice-given',
  schedule: 'accepted',
  complete: 'accepted',
  close: 'advice-given',
  'enter-in-error': 'submitted',
  reconsult: 'advice-given',
  'cancel-visit': 'scheduled',
  // Answers to a proposal are tried on times just proposed (onProposal).
  'propose-times': 'accepted',
  'choose-time': 'accepted',
  'decline-times': 'accepted',
};

const consulting = (role: Role) => role === 'psychiatrist' || role === 'leader' || role === 'consultingEhr' || role === 'otherServicePsychiatrist';

//                                   gp  pGp oOrg psy oSvc lead memb adm  rEHR cEHR narr anon
const REQUESTER_MOVE = /*         */ 'ok  ok  404  403 404  403  404  404  ok   403  403  401';
const CONSULTANT_MOVE = /*        */ '403 403 404  ok  404  ok   404  404  403  ok   403  401';
/** A draft is the practice's alone; a client without ServiceRequest write scope is refused on its token first. */
const DRAFT_EDIT = /*             */ 'ok  ok  404  404 404  404  404  404  ok   403  403  401';
/** Suggestions name colleagues: Practitioner read scope, which the consulting EHR lacks. */
const SUGGESTIONS = /*            */ '403 403 404  ok  404  ok   404  404  403  403  403  401';
/** Recorded on the Appointment: the consulting EHR has no Appointment write scope. */
const ATTENDANCE = /*             */ '403 403 404  ok  404  ok   404  404  403  403  403  401';
const READ_REQUEST = /*           */ 'ok  ok  404  ok  404  ok   404  404  ok   ok   ok   401';
const LIST_REQUESTS = /*          */ 'ok  ok  -    ok  -    ok   -    -    ok   ok   ok   401';

const MOVE_EXPECTED: Record<RequestAction, string> = {
  submit: DRAFT_EDIT,
  cancel: REQUESTER_MOVE,
  accept: CONSULTANT_MOVE,
  decline: CONSULTANT_MOVE,
  redirect: CONSULTANT_MOVE,
  'request-information': CONSULTANT_MOVE,
  'provide-information': REQUESTER_MOVE,
  'give-advice': CONSULTANT_MOVE,
  'convert-to-joint': REQUESTER_MOVE,
  schedule: CONSULTANT_MOVE,
  complete: CONSULTANT_MOVE,
  close: REQUESTER_MOVE,
  'enter-in-error': /*            */ 'ok  ok  404  403 404  403  404  404  ok   403  403  401',
  reconsult: REQUESTER_MOVE,
  'cancel-visit': /*              */ 'ok  ok  404  ok  404  ok   404  404  ok   ok   403  401',
  'propose-times': CONSULTANT_MOVE,
  'choose-time': REQUESTER_MOVE,
  'decline-times': REQUESTER_MOVE,
};

const onRequest = (state: RequestState, method: string, suffix: string, body?: (w: World, role: Role, request: Record<string, any>) => unknown) =>
  async (w: World, role: Role) => {
    const request = await w.request(state);
    return w.call(role, method, `/api/requests/${request.id}${suffix}`, body?.(w, role, request));
  };

/** Each proposal gets its own hours, so a chosen time never makes the next proposal's busy. */
let proposals = 0;

/** An answer to times the psychiatrist has just proposed on an accepted request: a real choice, or none suiting. */
const onProposal = (action: 'choose-time' | 'decline-times') => async (w: World, role: Role) => {
  const request = await w.request('accepted');
  const at = (hours: number) => new Date(Date.UTC(2032, 0, 5, 8) + (proposals * 2 + hours) * 3_600_000).toISOString();
  const times = [at(0), at(1)];
  proposals++;
  const proposed = await move(w.ctx, w.ctx.clinic.psychiatrist, request.id, 'propose-times', { times, videoLink: 'https://video.example/room/1' });
  const body = action === 'choose-time' ? { slotId: proposed.proposedTimes.times[0].id } : actionBody(action, w.ctx.clinic);
  return w.call(role, 'POST', `/api/requests/${request.id}/${action}`, body);
};

/** A call on the world's case-discussion group (a fresh group per call: some calls change it). */
const onGroup = (method: string, path: (g: Awaited<ReturnType<World['group']>>) => string, body?: (w: World, role: Role) => unknown) => async (w: World, role: Role) => {
  const g = await w.group();
  return w.call(role, method, path(g), body?.(w, role));
};

/** A call on a fresh run of a fresh group, after an optional step that prepares it (as a leader). */
const onRun =
  (method: string, path: (r: Awaited<ReturnType<World['run']>>) => string, body?: (w: World, role: Role) => unknown, before?: (w: World, r: Awaited<ReturnType<World['run']>>) => Promise<unknown>) =>
  async (w: World, role: Role) => {
    const r = await w.run();
    await before?.(w, r);
    return w.call(role, method, path(r), body?.(w, role));
  };

//                                   gp  pGp oOrg psy oSvc lead memb adm  rEHR cEHR narr anon
const GROUP_LEADERS = /*          */ '404 404 404  ok  404  ok   403  404  403  403  403  401';
const IN_GROUP = /*               */ '404 404 404  ok  404  ok   ok   404  403  403  403  401';
const GROUP_MEMBERS = /*          */ '404 404 404  403 404  403  ok   404  403  403  403  401';
const PERSON_ONLY = /*            */ 'ok  ok  ok   ok  ok   ok   ok   ok   403  403  403  401';
const ADMINISTRATORS = /*         */ '403 403 403  403 403  403  403  ok   403  403  403  401';

const ROWS: Row[] = [
  { route: 'POST /api/requests', expected: 'ok ok ok 403 403 403 ok 403 ok 403 403 401', call: (w, r) => w.call(r, 'POST', '/api/requests', draftBody()) },
  { route: 'GET /api/requests', expected: LIST_REQUESTS, call: listing('GET', () => '/api/requests?limit=100') },
  { route: 'POST /api/requests/search', expected: LIST_REQUESTS, call: listing('POST', () => '/api/requests/search', {}) },
  { route: 'GET /api/requests/{id}', expected: READ_REQUEST, call: onRequest('submitted', 'GET', '') },
  { route: 'PUT /api/requests/{id}', expected: DRAFT_EDIT, call: onRequest('draft', 'PUT', '', () => draftBody()) },
  { route: 'PATCH /api/requests/{id}', expected: DRAFT_EDIT, call: onRequest('draft', 'PATCH', '', () => ({ clinicalQuestion: 'A changed question?' })) },
  ...REQUEST_ACTIONS.map((action): Row => ({
    route: `POST /api/requests/{id}/${action}`,
    expected: MOVE_EXPECTED[action],
    call: action === 'choose-time' || action === 'decline-times' ? onProposal(action) : onRequest(TRIED_IN[action], 'POST', `/${action}`, (w) => actionBody(action, w.ctx.clinic)),
  })),
  { route: 'GET /api/requests/{id}/messages', expected: 'ok ok 404 ok 404 ok 404 404 ok ok 403 401', call: onRequest('submitted', 'GET', '/messages') },
  {
    route: 'POST /api/requests/{id}/messages',
    expected: 'ok ok 404 ok 404 ok 404 404 ok ok 403 401',
    call: onRequest('submitted', 'POST', '/messages', () => ({ text: 'A note for the other side.' })),
  },
  {
    route: 'POST /api/requests/{id}/recommendations/{recommendationId}/answer',
    expected: REQUESTER_MOVE,
    call: async (w, role) => {
      const request = await w.request('completed');
      const recommendation = request.outcome.recommendations[0].id;
      return w.call(role, 'POST', `/api/requests/${request.id}/recommendations/${recommendation}/answer`, { accepted: true });
    },
  },
  { route: 'GET /api/requests/{id}/slots', expected: 'ok ok 404 ok 404 ok 404 404 ok 403 403 401', call: onRequest('accepted', 'GET', '/slots') },
  {
    route: 'POST /api/requests/{id}/appointment/answers',
    expected: 'ok ok 404 ok 404 ok 404 404 403 403 403 401',
    call: onRequest('scheduled', 'POST', '/appointment/answers', (_w, role) => ({ participant: consulting(role) ? 'psychiatrist' : 'gp', answer: 'accepted' })),
  },
  {
    route: 'POST /api/requests/{id}/appointment/attendance',
    expected: ATTENDANCE,
    call: async (w, role) => {
      const request = await w.request('scheduled');
      // Attendance is recorded once the visit has begun.
      w.ctx.api.clock.set(new Date(Date.parse(request.appointment.start) + 10 * 60_000));
      try {
        return await w.call(role, 'POST', `/api/requests/${request.id}/appointment/attendance`, { attended: true });
      } finally {
        w.ctx.api.clock.reset();
      }
    },
  },
  { route: 'GET /api/requests/{id}/assignment-suggestions', expected: SUGGESTIONS, call: onRequest('submitted', 'GET', '/assignment-suggestions') },
  {
    route: 'POST /api/requests/{id}/assign',
    expected: CONSULTANT_MOVE,
    call: onRequest('submitted', 'POST', '/assign', (w) => ({ assigneeId: w.ctx.clinic.psychiatrist.id })),
  },
  { route: 'GET /api/services/{id}/queue', expected: '404 404 404 ok 404 ok 404 404 404 ok 404 401', call: listing('GET', (w) => `/api/services/${w.ctx.clinic.serviceId}/queue`) },
  { route: 'GET /api/services/{id}/measures', expected: '404 404 404 ok 404 ok 404 404 404 ok 404 401', call: (w, r) => w.call(r, 'GET', `/api/services/${w.ctx.clinic.serviceId}/measures`) },
  { route: 'GET /api/me', expected: 'ok ok ok ok ok ok ok ok ok ok ok 401', call: (w, r) => w.call(r, 'GET', '/api/me') },
  { route: 'GET /api/services', expected: 'ok ok ok ok ok ok ok ok ok 403 403 401', call: (w, r) => w.call(r, 'GET', '/api/services') },
  { route: 'GET /api/me/cases', expected: 'ok ok ok ok ok ok ok ok 403 403 403 401', call: (w, r) => w.call(r, 'GET', '/api/me/cases') },
  { route: 'GET /api/me/availability', expected: 'ok ok ok ok ok ok ok ok 403 403 403 401', call: (w, r) => w.call(r, 'GET', '/api/me/availability') },
  {
    route: 'PUT /api/me/availability',
    expected: 'ok ok ok ok ok ok ok ok 403 403 403 401',
    call: (w, r) => w.call(r, 'PUT', '/api/me/availability', { weekly: [{ weekday: 1, start: '09:00', end: '12:00' }], unavailable: [] }),
  },
  {
    route: 'POST /api/case-discussions',
    expected: '404 404 404 ok 404 ok 404 404 403 403 403 401',
    call: (w, role) => {
      const caller = w.cast[role]?.id ?? w.ctx.clinic.leader.id;
      return w.call(role, 'POST', '/api/case-discussions', { serviceId: w.ctx.clinic.serviceId, name: 'A new group', cadenceWeeks: 2, leaderIds: [caller], memberIds: [] });
    },
  },
  {
    // The same route for a practice's group: its GPs set it up; anyone else has no such practice.
    route: 'POST /api/case-discussions (practice)',
    expected: 'ok  ok  404  404 404  404  404  403  403  403  403  401',
    call: (w, role) => {
      const { gp, psychiatrist, practiceId } = w.ctx.clinic;
      return w.call(role, 'POST', '/api/case-discussions', { practiceId, name: 'A practice group', cadenceWeeks: 2, leaderIds: [gp.id, psychiatrist.id], memberIds: [] });
    },
  },
  { route: 'GET /api/case-discussions', expected: PERSON_ONLY, call: (w, r) => w.call(r, 'GET', '/api/case-discussions') },
  { route: 'POST /api/case-discussions/{groupId}/people', expected: GROUP_LEADERS, call: onGroup('POST', (g) => `/api/case-discussions/${g.groupId}/people`, (w) => ({ memberIds: [w.ctx.clinic.gp2.id] })) },
  { route: 'DELETE /api/case-discussions/{groupId}/people/{userId}', expected: GROUP_LEADERS, call: onGroup('DELETE', (g) => `/api/case-discussions/${g.groupId}/people/${g.memberId}`) },
  { route: 'POST /api/case-discussions/{groupId}/sessions', expected: GROUP_LEADERS, call: onGroup('POST', (g) => `/api/case-discussions/${g.groupId}/sessions`, () => ({ startsAt: '2031-03-03T17:00:00+01:00' })) },
  { route: 'GET /api/case-discussions/{groupId}/candidates', expected: GROUP_LEADERS, call: onGroup('GET', (g) => `/api/case-discussions/${g.groupId}/candidates`) },
  { route: 'GET /api/case-discussions/sessions/{sessionId}', expected: '404 404 404 ok 404 ok ok 404 403 403 403 401', call: onGroup('GET', (g) => `/api/case-discussions/sessions/${g.sessionId}`) },
  {
    route: 'POST /api/case-discussions/sessions/{sessionId}/agenda',
    // A member may present only their own request: another practice's request does not exist for them.
    expected: '404 404 404 ok 404 ok 404 404 403 403 403 401',
    call: async (w, role) => {
      const g = await w.group();
      const request = await w.request('accepted', 'case-discussion');
      return w.call(role, 'POST', `/api/case-discussions/sessions/${g.sessionId}/agenda`, { requestId: request.id });
    },
  },
  {
    route: 'POST /api/case-discussions/sessions/{sessionId}/agenda/{itemId}/conclusions',
    expected: GROUP_LEADERS,
    call: onGroup('POST', (g) => `/api/case-discussions/sessions/${g.sessionId}/agenda/${g.itemId}/conclusions`, () => ({ conclusions: 'Manage in primary care.', outcomeCode: 'managed-in-primary-care-with-advice' })),
  },
  { route: 'PUT /api/case-discussions/sessions/{sessionId}/attendance', expected: GROUP_LEADERS, call: onGroup('PUT', (g) => `/api/case-discussions/sessions/${g.sessionId}/attendance`, () => ({ present: [] })) },
  { route: 'GET /api/me/invitations', expected: PERSON_ONLY, call: (w, r) => w.call(r, 'GET', '/api/me/invitations') },
  ...(['accept', 'decline'] as const).map(
    (answer): Row => ({
      route: `POST /api/me/invitations/{groupId}/${answer}`,
      // Only the invited person has an invitation to answer: the member of a fresh group.
      expected: '404 404 404 404 404 404 ok 404 403 403 403 401',
      call: async (w, role) => {
        const { leader, otherGp, serviceId } = w.ctx.clinic;
        const made = await w.ctx.api.call('POST', '/api/case-discussions', { token: leader.token, body: { serviceId, name: 'Invitation group', cadenceWeeks: 2, leaderIds: [leader.id], memberIds: [otherGp.id] } });
        return w.call(role, 'POST', `/api/me/invitations/${String(made.body.id)}/${answer}`);
      },
    }),
  ),
  { route: 'GET /api/case-discussions/{groupId}', expected: IN_GROUP, call: onGroup('GET', (g) => `/api/case-discussions/${g.groupId}`) },
  {
    route: 'POST /api/case-discussion-runs',
    expected: GROUP_LEADERS,
    call: async (w, role) => w.call(role, 'POST', '/api/case-discussion-runs', { groupId: (await w.group()).groupId, startsAt: '2031-04-02T17:00:00+02:00', rhythmWeeks: 2, sessionCount: 2 }),
  },
  { route: 'GET /api/case-discussion-runs/{runId}', expected: IN_GROUP, call: onRun('GET', (r) => `/api/case-discussion-runs/${r.runId}`) },
  { route: 'POST /api/case-discussion-runs/{runId}/pause', expected: GROUP_LEADERS, call: onRun('POST', (r) => `/api/case-discussion-runs/${r.runId}/pause`) },
  {
    route: 'POST /api/case-discussion-runs/{runId}/resume',
    expected: GROUP_LEADERS,
    call: onRun('POST', (r) => `/api/case-discussion-runs/${r.runId}/resume`, undefined, (w, r) => w.call('leader', 'POST', `/api/case-discussion-runs/${r.runId}/pause`)),
  },
  { route: 'POST /api/case-discussion-runs/{runId}/extend', expected: GROUP_LEADERS, call: onRun('POST', (r) => `/api/case-discussion-runs/${r.runId}/extend`, () => ({ sessionCount: 3 })) },
  { route: 'POST /api/case-discussion-runs/{runId}/close', expected: GROUP_LEADERS, call: onRun('POST', (r) => `/api/case-discussion-runs/${r.runId}/close`) },
  {
    route: 'POST /api/case-discussion-runs/{runId}/feedback',
    // The questionnaire is the members'; it opens when the run closes.
    expected: GROUP_MEMBERS,
    call: onRun('POST', (r) => `/api/case-discussion-runs/${r.runId}/feedback`, () => ({ learnt: 'A lot.', coLeadershipRating: 4, cooperationChange: 'better' }), (w, r) => w.call('leader', 'POST', `/api/case-discussion-runs/${r.runId}/close`)),
  },
  { route: 'GET /api/case-discussion-runs/{runId}/feedback', expected: GROUP_LEADERS, call: onRun('GET', (r) => `/api/case-discussion-runs/${r.runId}/feedback`) },
  { route: 'GET /api/case-discussion-runs/{runId}/certificate', expected: IN_GROUP, call: onRun('GET', (r) => `/api/case-discussion-runs/${r.runId}/certificate`) },
  { route: 'GET /api/case-discussion-runs/{runId}/measures', expected: GROUP_LEADERS, call: onRun('GET', (r) => `/api/case-discussion-runs/${r.runId}/measures`) },
  {
    route: 'POST /api/case-discussions/sessions/{sessionId}/presentations',
    expected: IN_GROUP,
    call: onRun('POST', (r) => `/api/case-discussions/sessions/${r.runSessionId}/presentations`, () => ({ title: 'A colleague as patient', question: 'Where does collegiality end?' })),
  },
  { route: 'GET /api/case-discussions/sessions/{sessionId}/leader-notes', expected: GROUP_LEADERS, call: onRun('GET', (r) => `/api/case-discussions/sessions/${r.runSessionId}/leader-notes`) },
  { route: 'POST /api/case-discussions/sessions/{sessionId}/leader-notes', expected: GROUP_LEADERS, call: onRun('POST', (r) => `/api/case-discussions/sessions/${r.runSessionId}/leader-notes`, () => ({ text: 'Quiet session.' })) },
  {
    route: 'PUT /api/case-discussions/sessions/{sessionId}/agenda/{itemId}/reflection',
    expected: GROUP_LEADERS,
    call: onRun('PUT', (r) => `/api/case-discussions/sessions/${r.runSessionId}/agenda/${r.ownItemId}/reflection`, () => ({ text: 'The frame holds.' })),
  },
  {
    route: 'POST /api/case-discussions/sessions/{sessionId}/agenda/{itemId}/reflection/share',
    // Only the presenter (the member who brought the case) takes the reflection back.
    expected: GROUP_MEMBERS,
    call: onRun(
      'POST',
      (r) => `/api/case-discussions/sessions/${r.runSessionId}/agenda/${r.ownItemId}/reflection/share`,
      () => ({ to: 'presenter' }),
      (w, r) => w.call('leader', 'PUT', `/api/case-discussions/sessions/${r.runSessionId}/agenda/${r.ownItemId}/reflection`, { text: 'The frame holds.' }),
    ),
  },
  { route: 'GET /api/me/reflections', expected: PERSON_ONLY, call: (w, r) => w.call(r, 'GET', '/api/me/reflections') },
  { route: 'GET /api/me/attendance', expected: 'ok ok ok ok ok ok ok ok 403 403 403 401', call: (w, r) => w.call(r, 'GET', '/api/me/attendance') },
  // An organisation's administrators only; a notification of no organisation of theirs is a 404.
  { route: 'GET /api/admin/notifications', expected: '403 403 403 403 403 403 403 ok 403 403 403 401', call: (w, r) => w.call(r, 'GET', '/api/admin/notifications?state=dead') },
  // A dead letter of the practice (the GP's mail of a question), fresh for each caller.
  { route: 'POST /api/admin/notifications/{notificationId}/replay', expected: '403 403 403 403 403 403 403 ok 403 403 403 401', call: async (w, r) => w.call(r, 'POST', `/api/admin/notifications/${await deadNotification(w)}/replay`) },
  // The organisation's EHR connection: its administrators only (set afresh before each read or removal).
  { route: 'PUT /api/admin/ehr-connection', expected: ADMINISTRATORS, call: (w, r) => w.call(r, 'PUT', '/api/admin/ehr-connection', EHR_CONNECTION) },
  { route: 'GET /api/admin/ehr-connection', expected: ADMINISTRATORS, call: async (w, r) => (await w.call('admin', 'PUT', '/api/admin/ehr-connection', EHR_CONNECTION), w.call(r, 'GET', '/api/admin/ehr-connection')) },
  { route: 'DELETE /api/admin/ehr-connection', expected: ADMINISTRATORS, call: async (w, r) => (await w.call('admin', 'PUT', '/api/admin/ehr-connection', EHR_CONNECTION), w.call(r, 'DELETE', '/api/admin/ehr-connection')) },
  { route: 'GET /api/me/notification-preferences', expected: PERSON_ONLY, call: (w, r) => w.call(r, 'GET', '/api/me/notification-preferences') },
  { route: 'PUT /api/me/notification-preferences', expected: PERSON_ONLY, call: (w, r) => w.call(r, 'PUT', '/api/me/notification-preferences', { routine: 'immediate' }) },
];

const EHR_CONNECTION = { baseUrl: 'https://ehr.invalid/fhir', auth: { kind: 'bearer', token: 'matrix' } };

async function deadNotification(w: World): Promise<string> {
  const request = await w.request('awaiting-information');
  const asked = (await notificationsAbout([request.id as string])).find((n) => n.payload.topic === 'question-asked');
  await (await outboxStore()).notifications.markFailed(asked!.id, 'SMTP 550', { state: 'dead' });
  return asked!.id;
}

describe('access matrix: JSON API', () => {
  beforeAll(() => testApi(), 120_000);

  it('has a row for every route in the OpenAPI document', async () => {
    const w = await newWorld();
    const doc = (await w.call('gp', 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api${path}`));
    // The administration routes have a matrix of their own (admin-access-matrix.test.ts).
    const covered = new Set([...ROWS, ...ADMIN_ROWS].map((r) => r.route));
    expect(documented.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('every row names twelve cells', () => {
    for (const row of ROWS) expect(parseCells(row.expected), row.route).toHaveLength(ROLES.length);
    expect(Object.keys(TRANSITIONS)).toHaveLength(REQUEST_ACTIONS.length);
  });

  it.each(ROWS.map((row) => [row.route, row] as const))('%s', (_route, row) => checkRow(row));
});
