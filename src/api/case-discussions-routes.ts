/** Case-discussion groups and their sessions: invitations, agenda, pseudonymised cases, conclusions, attendance. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { disclosed } from '../http/access-log.js';
import type { AppEnv } from '../http/context.js';
import { OUTCOME_CODES } from '../domain/request.js';
import { AgendaBody, Attendance, Candidate, Group, GroupBody, Invitation, ScheduleBody, Session, SessionView } from './case-discussion-schemas.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { presentGroup, presentPlace, presentSession as present, presentSessionTime } from './case-discussion-views.js';
import { apiRouter } from './router.js';
import { addPeopleRoutes } from './case-discussion-people-routes.js';
import { requesterView } from './views.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const id = (name: string, description?: string) => z.uuid().openapi({ param: { name, in: 'path', ...(description ? { description } : {}) } });
const items = <T extends z.ZodType>(schema: T) => json(z.object({ items: z.array(schema) }));

export function caseDiscussionRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions',
      operationId: 'createCaseDiscussionGroup',
      summary: 'Set up a recurring case-discussion group of a service or a practice; the leaders and members named are invited and join when they accept',
      security: [{ bearer: [] }],
      request: { body: { required: true, content: json(GroupBody) } },
      responses: {
        201: { description: 'The group', content: json(Group) },
        ...problemsWithBody({
          403: 'Not a psychiatrist or psychologist of the service, or not a GP of the practice',
          404: 'Not a service you work in, or not your practice',
          422: 'Someone who may not be invited, or named twice (the field names which)',
        }),
      },
    }),
    async (c) => {
      const { serviceId, practiceId, ...body } = c.req.valid('json');
      const host = serviceId ? { kind: 'service' as const, id: serviceId } : { kind: 'practice' as const, id: practiceId! };
      const group = await c.get('services').caseDiscussions.createGroup(c.get('actor'), { ...body, host });
      return c.json(presentGroup(group), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/invitations',
      operationId: 'listMyInvitations',
      summary: 'The case-discussion groups you are invited to and have not answered yet',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Invitations', content: items(Invitation) }, ...problems({ 403: 'Not a person' }) },
    }),
    async (c) => {
      const rows = await c.get('services').caseDiscussions.invitations(c.get('actor'));
      return c.json({ items: rows.map(presentPlace) }, 200);
    },
  );
  for (const [answer, status] of [['accept', 'accepted'], ['decline', 'declined']] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/me/invitations/{groupId}/${answer}`,
        operationId: answer === 'accept' ? 'acceptInvitation' : 'declineInvitation',
        summary: answer === 'accept' ? 'Accept an invitation: you are in the group from now on' : 'Decline an invitation: you stay out of the group',
        security: [{ bearer: [] }],
        request: { params: z.object({ groupId: id('groupId') }) },
        responses: { 204: { description: 'Answered' }, ...problems({ 403: 'Not a person', 404: 'No pending invitation to this group' }) },
      }),
      async (c) => {
        await c.get('services').caseDiscussions.respond(c.get('actor'), c.req.valid('param').groupId, status);
        return c.body(null, 204);
      },
    );
  }
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/{groupId}/sessions',
      operationId: 'scheduleSessions',
      summary: "Schedule the group's next sessions (leaders): `count` of them, one every cadence, at the same local time",
      security: [{ bearer: [] }],
      request: {
        // Beside GET /case-discussions/sessions/{sessionId} the two templates look alike; a group id is a UUID, never `sessions`.
        params: z.object({ groupId: id('groupId', 'The group (a UUID): `/case-discussions/sessions/…` is never a group, but a session.') }),
        body: { required: true, content: json(ScheduleBody) },
      },
      responses: { 201: { description: 'The sessions', content: items(Session) }, ...problemsWithBody({ 403: 'Not a leader', 404: 'Not your group' }) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const sessions = await c.get('services').caseDiscussions.scheduleSessions(c.get('actor'), c.req.valid('param').groupId, new Date(body.startsAt), body.durationMinutes, body.count);
      return c.json({ items: sessions.map(presentSessionTime) }, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussions/{groupId}/candidates',
      operationId: 'listAgendaCandidates',
      summary: 'Accepted requests of the service agreed as case discussions and not yet on an agenda (leaders)',
      security: [{ bearer: [] }],
      request: { params: z.object({ groupId: id('groupId') }) },
      responses: { 200: { description: 'Candidates', content: items(Candidate) }, ...problems({ 403: 'Not a leader', 404: 'Not your group' }) },
    }),
    async (c) => {
      const requests = await c.get('services').caseDiscussions.candidates(c.get('actor'), c.req.valid('param').groupId);
      disclosed(c, requests.map((r) => r.id));
      return c.json({ items: requests.map((r) => ({ id: r.id, reference: r.reference, requester: requesterView(r), clinicalQuestion: r.clinicalQuestion })) }, 200);
    },
  );
  addPeopleRoutes(app);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussions/sessions/{sessionId}',
      operationId: 'readSession',
      summary: 'A session and its agenda; each case pseudonymised (age band, no name, identifier or birth date) except for those who may see the request anyway',
      security: [{ bearer: [] }],
      request: { params: z.object({ sessionId: id('sessionId') }) },
      responses: { 200: { description: 'The session', content: json(SessionView) }, ...problems({ 404: 'Not your group' }) },
    }),
    async (c) => c.json(present(c, await c.get('services').caseDiscussions.view(c.get('actor'), c.req.valid('param').sessionId)), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/sessions/{sessionId}/agenda',
      operationId: 'addToAgenda',
      summary: 'Put a request on the agenda: a leader adds one accepted as a case discussion; its GP, in the group, may present their own',
      security: [{ bearer: [] }],
      request: { params: z.object({ sessionId: id('sessionId') }), body: { required: true, content: json(AgendaBody) } },
      responses: {
        200: { description: 'The session', content: json(SessionView) },
        ...problemsWithBody({
          403: 'Neither a leader nor the requesting GP',
          404: 'Not found',
          409: 'The request is not accepted, or already on an agenda of the group',
          422: 'Another service’s request, or not agreed as a case discussion',
        }),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(present(c, await c.get('services').caseDiscussions.addToAgenda(c.get('actor'), c.req.valid('param').sessionId, body.requestId, body.minutes)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/sessions/{sessionId}/agenda/{itemId}/conclusions',
      operationId: 'recordConclusions',
      summary: "The group's conclusions (leaders); a request agreed as a case discussion is completed with them as its outcome",
      security: [{ bearer: [] }],
      request: {
        params: z.object({ sessionId: id('sessionId'), itemId: id('itemId') }),
        body: { required: true, content: json(z.strictObject({ conclusions: z.string().trim().min(1).max(16000), outcomeCode: z.enum(OUTCOME_CODES), recommendations: z.array(z.string().trim().min(1).max(2000)).max(30).default([]) })) },
      },
      responses: { 200: { description: 'The session', content: json(SessionView) }, ...problemsWithBody({ 403: 'Not a leader', 404: 'Not found', 409: 'The request cannot be completed now' }) },
    }),
    async (c) => {
      const { sessionId, itemId } = c.req.valid('param');
      return c.json(present(c, await c.get('services').caseDiscussions.conclude(c.get('actor'), sessionId, itemId, c.req.valid('json'))), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/case-discussions/sessions/{sessionId}/attendance',
      operationId: 'recordSessionAttendance',
      summary: 'Who of the group attended (leaders); everyone else in the group is recorded absent',
      security: [{ bearer: [] }],
      request: { params: z.object({ sessionId: id('sessionId') }), body: { required: true, content: json(z.strictObject({ present: z.array(z.uuid()).max(50) })) } },
      responses: {
        204: { description: 'Recorded' },
        ...problemsWithBody({ 403: 'Not a leader', 404: 'Not your group', 422: 'Someone not in the group, or named twice (the field names which)' }),
      },
    }),
    async (c) => {
      await c.get('services').caseDiscussions.recordAttendance(c.get('actor'), c.req.valid('param').sessionId, c.req.valid('json').present);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/attendance',
      operationId: 'listMyAttendance',
      summary: 'The case-discussion sessions you attended or missed (for continuing-education records)',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Attendance', content: items(Attendance) }, ...problems({ 403: 'Not a person' }) },
    }),
    async (c) => {
      const rows = await c.get('services').caseDiscussions.myAttendance(c.get('actor'));
      return c.json({ items: rows.map((r) => ({ ...r, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() })) }, 200);
    },
  );
  return app;
}
