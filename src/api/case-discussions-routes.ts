/** Case-discussion groups and their sessions: agenda, pseudonymised cases, conclusions, attendance. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { disclosed } from '../auth/audit.js';
import type { AppEnv } from '../context.js';
import { OUTCOME_CODES } from '../domain/request.js';
import type { SessionView } from '../services/case-discussions.js';
import { Problem } from './schemas.js';
import { apiRouter } from './router.js';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });
const json = <T>(schema: T) => ({ 'application/json': { schema } });
const id = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
const instant = z.iso.datetime({ offset: true }).refine((v) => new Date(v).getUTCFullYear() >= 1970 && new Date(v).getUTCFullYear() <= 9999, 'must be between 1970 and 9999');

const GroupBody = z
  .strictObject({
    serviceId: z.uuid(),
    name: z.string().trim().min(1).max(200),
    cadenceWeeks: z.number().int().min(1).max(12).openapi({ description: 'Every how many weeks the group meets.' }),
    leaderIds: z.array(z.uuid()).min(1).max(4).openapi({ description: 'Co-leaders, ideally from different disciplines.' }),
    memberIds: z.array(z.uuid()).max(40).default([]),
  })
  .openapi('CaseDiscussionGroup');

const SessionView = z.record(z.string(), z.unknown()).openapi('CaseDiscussionSession');

/**
 * The agenda as the caller may see it: identifying details only for the presenter and the
 * leaders. Pseudonymised or not, each case's data leaves here: the access log names them all.
 */
function present(c: Context<AppEnv>, view: SessionView) {
  disclosed(c, view.agenda.map((entry) => entry.requestId));
  return {
    ...view,
    agenda: view.agenda.map(({ identified, ...entry }) => ({
      ...entry,
      patient: identified ? identified.patient : null,
    })),
  };
}

export function caseDiscussionRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions',
      summary: 'Set up a recurring case-discussion group of a service (leaders and members)',
      security: [{ bearer: [] }],
      request: { body: { required: true, content: json(GroupBody) } },
      responses: { 201: { description: 'The group', content: json(z.record(z.string(), z.unknown())) }, 404: problem('Not a service you work in'), 422: problem('Unknown user') },
    }),
    async (c) => {
      const group = await c.var.services.caseDiscussions.createGroup(c.var.actor, c.req.valid('json'));
      return c.json({ ...group, createdAt: group.createdAt.toISOString() }, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/{groupId}/sessions',
      summary: "Schedule the group's next sessions (leaders): `count` of them, one every cadence, at the same local time",
      security: [{ bearer: [] }],
      request: {
        params: z.object({ groupId: id('groupId') }),
        body: { required: true, content: json(z.strictObject({ startsAt: instant, durationMinutes: z.number().int().min(15).max(240).default(90), count: z.number().int().min(1).max(26).default(1) })) },
      },
      responses: { 201: { description: 'The sessions', content: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) })) }, 403: problem('Not a leader'), 404: problem('Not your group') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const sessions = await c.var.services.caseDiscussions.scheduleSessions(c.var.actor, c.req.valid('param').groupId, new Date(body.startsAt), body.durationMinutes, body.count);
      return c.json({ items: sessions.map((s) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) }, 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussions/{groupId}/candidates',
      summary: 'Accepted requests of the service meant for discussion and not yet on an agenda (leaders)',
      security: [{ bearer: [] }],
      request: { params: z.object({ groupId: id('groupId') }) },
      responses: { 200: { description: 'Candidates', content: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) })) }, 403: problem('Not a leader'), 404: problem('Not your group') },
    }),
    async (c) => {
      const requests = await c.var.services.caseDiscussions.candidates(c.var.actor, c.req.valid('param').groupId);
      disclosed(c, requests.map((r) => r.id));
      return c.json({ items: requests.map((r) => ({ id: r.id, reference: r.reference, requester: { id: r.requesterId, name: r.requesterName }, clinicalQuestion: r.clinicalQuestion })) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussions/sessions/{sessionId}',
      summary: 'A session and its agenda; members see each case pseudonymised (age band, no name, identifier or birth date)',
      security: [{ bearer: [] }],
      request: { params: z.object({ sessionId: id('sessionId') }) },
      responses: { 200: { description: 'The session', content: json(SessionView) }, 404: problem('Not your group') },
    }),
    async (c) => c.json(present(c, await c.var.services.caseDiscussions.view(c.var.actor, c.req.valid('param').sessionId)), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/sessions/{sessionId}/agenda',
      summary: 'Put an accepted request on the agenda; its GP presents it (leaders)',
      security: [{ bearer: [] }],
      request: { params: z.object({ sessionId: id('sessionId') }), body: { required: true, content: json(z.strictObject({ requestId: z.uuid(), minutes: z.number().int().min(5).max(120).default(20) })) } },
      responses: { 200: { description: 'The session', content: json(SessionView) }, 403: problem('Not a leader'), 404: problem('Not found'), 409: problem('The request is not accepted') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(present(c, await c.var.services.caseDiscussions.addToAgenda(c.var.actor, c.req.valid('param').sessionId, body.requestId, body.minutes)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussions/sessions/{sessionId}/agenda/{itemId}/conclusions',
      summary: "The group's conclusions, sent to the presenting GP as the request's outcome (leaders)",
      security: [{ bearer: [] }],
      request: {
        params: z.object({ sessionId: id('sessionId'), itemId: id('itemId') }),
        body: { required: true, content: json(z.strictObject({ conclusions: z.string().trim().min(1).max(16000), outcomeCode: z.enum(OUTCOME_CODES), recommendations: z.array(z.string().trim().min(1).max(2000)).max(30).default([]) })) },
      },
      responses: { 200: { description: 'The session', content: json(SessionView) }, 403: problem('Not a leader'), 404: problem('Not found'), 409: problem('The request cannot be completed now') },
    }),
    async (c) => {
      const { sessionId, itemId } = c.req.valid('param');
      return c.json(present(c, await c.var.services.caseDiscussions.conclude(c.var.actor, sessionId, itemId, c.req.valid('json'))), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/case-discussions/sessions/{sessionId}/attendance',
      summary: 'Who attended (leaders); everyone else in the group is recorded absent',
      security: [{ bearer: [] }],
      request: { params: z.object({ sessionId: id('sessionId') }), body: { required: true, content: json(z.strictObject({ present: z.array(z.uuid()).max(50) })) } },
      responses: { 204: { description: 'Recorded' }, 403: problem('Not a leader'), 404: problem('Not your group') },
    }),
    async (c) => {
      await c.var.services.caseDiscussions.recordAttendance(c.var.actor, c.req.valid('param').sessionId, c.req.valid('json').present);
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/attendance',
      summary: 'The case-discussion sessions you attended or missed (for continuing-education records)',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Attendance', content: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) })) } },
    }),
    async (c) => {
      const rows = await c.var.services.caseDiscussions.myAttendance(c.var.actor);
      return c.json({ items: rows.map((r) => ({ ...r, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() })) }, 200);
    },
  );
  return app;
}
