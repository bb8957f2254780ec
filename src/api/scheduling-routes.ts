/** Availability of each clinician, and slots for a joint consultation where GP and psychiatrist are both free. */
import { type OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { PARTICIPANTS, PARTICIPANT_ANSWERS } from '../domain/appointment.js';
import { etag, expectedVersion } from './versions.js';
import { problems, problemsWithBody } from './openapi-responses.js';
import { IdParam } from './schemas.js';
import { RequestViewSchema, presentRequest } from './views.js';
import { apiRouter } from './router.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const instant = z.iso.datetime({ offset: true }).refine((v) => {
  const year = new Date(v).getUTCFullYear();
  return year >= 1970 && year <= 9999;
}, 'must be between 1970 and 9999');

const AvailabilityBody = z
  .strictObject({
    weekly: z
      .array(z.strictObject({ weekday: z.number().int().min(1).max(7), start: time, end: time }).refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] }))
      .max(50)
      .openapi({ description: "Wall-clock windows in the consulting service's time zone; weekday 1 = Monday." }),
    unavailable: z
      .array(z.strictObject({ start: instant, end: instant }).refine((u) => u.start < u.end, { message: 'start must be before end', path: ['end'] }))
      .max(200)
      .default([]),
  })
  .openapi('Availability');

const SlotsQuery = z.strictObject({
  from: instant.optional().openapi({ description: 'Earliest start; default now.' }),
  days: z.coerce.number().int().min(1).max(60).default(14),
  durationMinutes: z.coerce.number().int().min(10).max(240).default(45),
});

export function schedulingRoutes(): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'put',
      path: '/me/availability',
      operationId: 'setMyAvailability',
      summary: 'Set your weekly availability and times away',
      security: [{ bearer: [] }],
      request: { body: { required: true, content: json(AvailabilityBody) } },
      responses: { 200: { description: 'Saved', content: json(AvailabilityBody) }, ...problemsWithBody() },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await c.get('services').scheduling.setAvailability(c.get('actor'), body);
      return c.json(body, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/availability',
      operationId: 'readMyAvailability',
      summary: 'Your weekly availability and times away',
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Availability', content: json(AvailabilityBody) }, ...problems() },
    }),
    async (c) => c.json(await c.get('services').scheduling.availability(c.get('actor')), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/requests/{id}/slots',
      operationId: 'findJointSlots',
      summary: 'Times the requesting GP and the assigned psychiatrist are both free (and not booked), in the service’s time zone',
      security: [{ bearer: [] }],
      request: { params: IdParam, query: SlotsQuery },
      responses: {
        200: { description: 'Proposed slots', content: json(z.object({ timeZone: z.string(), slots: z.array(z.object({ start: z.string(), end: z.string() })) })) },
        ...problems({ 404: 'Not found', 409: 'No psychiatrist assigned yet' }),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const result = await c.get('services').scheduling.slots(c.get('actor'), c.req.valid('param').id, {
        from: q.from ? new Date(q.from) : undefined,
        days: q.days,
        durationMinutes: q.durationMinutes,
      });
      return c.json({ timeZone: result.timeZone, slots: result.slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/requests/{id}/appointment/answers',
      operationId: 'answerAppointment',
      summary: "A participant's answer to the booked appointment: the GP answers for themselves and the patient, the psychiatrist for themselves",
      security: [{ bearer: [] }],
      request: {
        params: IdParam,
        body: { required: true, content: json(z.strictObject({ participant: z.enum(PARTICIPANTS), answer: z.enum(PARTICIPANT_ANSWERS) })) },
      },
      responses: { 200: { description: 'The request', content: json(RequestViewSchema) }, ...problemsWithBody({ 403: 'Not yours to answer', 404: 'Not found', 409: 'No booked appointment' }) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const actor = c.get('actor');
      const { request, timeline } = await c.get('services').appointments.answer(actor, c.req.valid('param').id, body.participant, body.answer, expectedVersion(c));
      c.header('ETag', etag(request.version));
      return c.json(presentRequest(actor, request, timeline), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/requests/{id}/appointment/attendance',
      operationId: 'recordVisitAttendance',
      summary: 'Record whether the visit took place (attended) or the patient did not come (no-show); the consulting side',
      security: [{ bearer: [] }],
      request: { params: IdParam, body: { required: true, content: json(z.strictObject({ attended: z.boolean() })) } },
      responses: { 200: { description: 'The request', content: json(RequestViewSchema) }, ...problemsWithBody({ 403: 'Not the consulting side', 404: 'Not found', 409: 'No booked appointment, or not yet begun' }) },
    }),
    async (c) => {
      const actor = c.get('actor');
      const { request, timeline } = await c.get('services').appointments.recordAttendance(actor, c.req.valid('param').id, c.req.valid('json').attended, expectedVersion(c));
      c.header('ETag', etag(request.version));
      return c.json(presentRequest(actor, request, timeline), 200);
    },
  );
  return app;
}
