/** A Balint group's runs: start, read, pause, resume, extend, close; the closing feedback, certificates and measures. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { certificateHtml } from './certificate-html.js';
import { Group } from './case-discussion-schemas.js';
import { ExtendBody, FeedbackBody, FeedbackSummary, Run, RunBody, RunMeasures } from './case-discussion-run-schemas.js';
import { presentGroup, presentRun, presentRunSummary } from './case-discussion-views.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { apiRouter } from './router.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const runId = z.object({ runId: z.uuid().openapi({ param: { name: 'runId', in: 'path' } }) });
const RunSummary = Run.omit({ sessions: true }).openapi('CaseDiscussionRunSummary');

export function caseDiscussionRunRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussions/{groupId}',
      operationId: 'readCaseDiscussionGroup',
      summary: 'A group you are in: its people (leaders with their discipline), place, working time and runs',
      security: [{ bearer: [] }],
      request: { params: z.object({ groupId: z.uuid().openapi({ param: { name: 'groupId', in: 'path' } }) }) },
      responses: { 200: { description: 'The group', content: json(Group.extend({ runs: z.array(RunSummary) })) }, ...problems({ 404: 'Not your group' }) },
    }),
    async (c) => {
      const { group, runs } = await c.get('services').caseDiscussionRuns.group(c.get('actor'), c.req.valid('param').groupId);
      return c.json({ ...presentGroup(group), runs: runs.map(presentRunSummary) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussion-runs',
      operationId: 'startRun',
      summary: "Start a run of the group's sessions (leaders): a rhythm in weeks for a number of sessions or until a date, at the same local time",
      security: [{ bearer: [] }],
      request: { body: { required: true, content: json(RunBody) } },
      responses: {
        201: { description: 'The run and its sessions', content: json(Run) },
        ...problemsWithBody({ 403: 'Not a leader', 404: 'Not your group', 409: 'The group has a run going', 422: 'Neither or both of sessionCount and endsOn, or an end before the start' }),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(presentRun(await c.get('services').caseDiscussionRuns.start(c.get('actor'), { ...body, startsAt: new Date(body.startsAt) })), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussion-runs/{runId}',
      operationId: 'readRun',
      summary: 'A run and its sessions (cancelled ones too); the closing feedback session is marked',
      security: [{ bearer: [] }],
      request: { params: runId },
      responses: { 200: { description: 'The run', content: json(Run) }, ...problems({ 404: 'Not your group’s run' }) },
    }),
    async (c) => c.json(presentRun(await c.get('services').caseDiscussionRuns.read(c.get('actor'), c.req.valid('param').runId)), 200),
  );
  const MOVES = {
    pause: ['pauseRun', 'Pause a run (leaders): its sessions still to come are cancelled'],
    resume: ['resumeRun', 'Resume a paused run (leaders): its cancelled sessions still ahead come back'],
    close: ['closeRun', 'Close a run (leaders): its sessions still to come are cancelled; the feedback questionnaire opens'],
  } as const;
  for (const [move, [operationId, summary]] of Object.entries(MOVES) as [keyof typeof MOVES, (typeof MOVES)[keyof typeof MOVES]][]) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/case-discussion-runs/{runId}/${move}`,
        operationId,
        summary,
        security: [{ bearer: [] }],
        request: { params: runId },
        responses: { 200: { description: 'The run', content: json(Run) }, ...problems({ 403: 'Not a leader', 404: 'Not your group’s run', 409: 'Not possible in the run’s status' }) },
      }),
      async (c) => c.json(presentRun(await c.get('services').caseDiscussionRuns.move(c.get('actor'), c.req.valid('param').runId, move)), 200),
    );
  }
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussion-runs/{runId}/extend',
      operationId: 'extendRun',
      summary: 'Extend a run (leaders): more sessions, or a later end date, on the same rhythm',
      security: [{ bearer: [] }],
      request: { params: runId, body: { required: true, content: json(ExtendBody) } },
      responses: {
        200: { description: 'The run', content: json(Run) },
        ...problemsWithBody({ 403: 'Not a leader', 404: 'Not your group’s run', 409: 'The run is closed', 422: 'Not later than the run’s end (the field names which)' }),
      },
    }),
    async (c) => c.json(presentRun(await c.get('services').caseDiscussionRuns.move(c.get('actor'), c.req.valid('param').runId, 'extend', c.req.valid('json'))), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/case-discussion-runs/{runId}/feedback',
      operationId: 'answerRunFeedback',
      summary: "Answer the run's closing questionnaire (members, once, from the closing session on)",
      security: [{ bearer: [] }],
      request: { params: runId, body: { required: true, content: json(FeedbackBody) } },
      responses: { 204: { description: 'Answered' }, ...problemsWithBody({ 403: 'Not a member (leaders read the summary)', 404: 'Not your group’s run', 409: 'Not open yet, or already answered' }) },
    }),
    async (c) => {
      await c.get('services').caseDiscussionRecords.answerFeedback(c.get('actor'), c.req.valid('param').runId, c.req.valid('json'));
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussion-runs/{runId}/feedback',
      operationId: 'readRunFeedback',
      summary: 'The closing questionnaire summarised without names (leaders); withheld below a minimum number of answers',
      security: [{ bearer: [] }],
      request: { params: runId },
      responses: { 200: { description: 'The summary', content: json(FeedbackSummary) }, ...problems({ 403: 'Not a leader', 404: 'Not your group’s run' }) },
    }),
    async (c) => c.json(await c.get('services').caseDiscussionRecords.feedbackSummary(c.get('actor'), c.req.valid('param').runId), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussion-runs/{runId}/certificate',
      operationId: 'downloadAttendanceCertificate',
      summary: 'An attendance certificate for the run: the sessions attended and the hours, as a printable HTML page — yours, or a member’s (leaders, `member`)',
      security: [{ bearer: [] }],
      request: { params: runId, query: z.object({ member: z.uuid().optional().openapi({ description: 'Leaders: the member whose certificate to download (default: your own).' }) }) },
      responses: { 200: { description: 'The certificate', content: { 'text/html': { schema: z.string() } } }, ...problems({ 400: 'A member id that is not a UUID', 403: 'Another member’s certificate, asked by someone who is not a leader', 404: 'Not your group’s run, or not a member of its group' }) },
    }),
    async (c) => {
      const html = certificateHtml(await c.get('services').caseDiscussionRecords.certificate(c.get('actor'), c.req.valid('param').runId, c.req.valid('query').member));
      return c.body(html, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Disposition': 'attachment; filename="attendance-certificate.html"' });
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-discussion-runs/{runId}/measures',
      operationId: 'readRunMeasures',
      summary: "The run's measures (leaders): sessions held, attendance rate, cases by kind, members' referrals before and during the run",
      security: [{ bearer: [] }],
      request: { params: runId },
      responses: { 200: { description: 'The measures', content: json(RunMeasures) }, ...problems({ 403: 'Not a leader', 404: 'Not your group’s run' }) },
    }),
    async (c) => c.json(await c.get('services').caseDiscussionRecords.measures(c.get('actor'), c.req.valid('param').runId), 200),
  );
  return app;
}
