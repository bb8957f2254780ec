/** The appointment and the consulting side's answer (decline, advice, outcome) as the JSON API shows them. */
import { z } from '@hono/zod-openapi';
import { PLAN_OWNERS, RECOMMENDATION_KINDS } from '../domain/advice.js';
import { PARTICIPANT_ANSWERS } from '../domain/appointment.js';
import { DECLINE_REASONS, OUTCOME_CODES } from '../domain/request.js';

const Answer = z.enum(PARTICIPANT_ANSWERS);

export const AppointmentSchema = z
  .object({
    start: z.string(),
    end: z.string(),
    location: z.string().optional(),
    videoLink: z.string().optional(),
    status: z.enum(['booked', 'fulfilled', 'noshow', 'cancelled']),
    participants: z.object({ gp: Answer, psychiatrist: Answer, patient: Answer }).openapi({ description: "Each participant's answer." }),
  })
  .openapi('Appointment');

export const ProposedTimesSchema = z
  .object({
    times: z.array(z.object({ id: z.string(), start: z.string(), end: z.string() })),
    location: z.string().optional(),
    videoLink: z.string().optional(),
    proposedAt: z.string(),
    status: z.enum(['open', 'declined', 'expired']),
    note: z.string().optional().openapi({ description: "The GP's note when none of the times suits them." }),
  })
  .openapi('ProposedTimes', { description: 'Times the psychiatrist proposed for the GP to choose from (choose-time) or decline (decline-times); open until then, expired when the request moved on.' });

const RecommendationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(RECOMMENDATION_KINDS),
    text: z.string(),
    response: z
      .object({ accepted: z.boolean(), reason: z.string().optional(), at: z.string(), byId: z.string() })
      .optional()
      .openapi({ description: "The GP's answer: accepted, or declined with a reason." }),
  })
  .openapi('Recommendation');

const message = z.string().openapi({ description: 'The message (Communication) that carried it to the GP.' });

export const OutcomeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('declined'), reason: z.enum(DECLINE_REASONS), advice: z.string(), messageId: message }),
    z.object({ kind: z.literal('advice'), advice: z.string(), recommendations: z.array(RecommendationSchema), messageId: message }),
    z.object({
      kind: z.literal('outcome'),
      summary: z.string(),
      outcomeCode: z.enum(OUTCOME_CODES),
      recommendations: z.array(RecommendationSchema),
      medicationAdvice: z.string().optional(),
      plan: z.array(z.object({ who: z.enum(PLAN_OWNERS), what: z.string(), due: z.string().optional() })).openapi({ description: 'The shared-care plan: who does what next, by when.' }),
      followUpDate: z.string().optional(),
      messageId: message,
    }),
  ])
  .openapi('RequestOutcome');
