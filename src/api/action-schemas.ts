/** Body schemas of the lifecycle actions, one per action; the action name comes from the path. */
import { z } from '@hono/zod-openapi';
import type { RequestAction } from '../domain/lifecycle.js';
import { PLAN_OWNERS, RECOMMENDATION_KINDS } from '../domain/advice.js';
import { DECLINE_REASONS, OUTCOME_CODES } from '../domain/request.js';
import { ConsultationForm } from './schemas.js';
import { PROPOSED_TIMES_MAX, PROPOSED_TIMES_MIN } from '../domain/proposed-times.js';

const text = (max: number) => z.string().trim().min(1).max(max);

const Recommendations = z
  .array(z.union([text(2000), z.strictObject({ kind: z.enum(RECOMMENDATION_KINDS), text: text(2000) })]))
  .max(50)
  .default([])
  .openapi({ description: 'Each a text, or {kind, text} with kind medication-change | investigation | psychotherapy-referral | watchful-waiting | other. The GP answers each.' });

/** Where and how long a booking or a proposal is: a location (in person) or a video link. */
const place = {
  durationMinutes: z.number().int().min(10).max(240).default(45),
  location: z.string().trim().min(1).max(500).optional(),
  videoLink: z.url({ protocol: /^https$/ }).max(1000).optional(),
};
const onePlace = (b: { location?: string | undefined; videoLink?: string | undefined }) => Boolean(b.location) !== Boolean(b.videoLink);
const placeMessage = { message: 'Give either a location (in person) or a videoLink (by video).', path: ['location'] };

export const ACTION_BODIES = {
  submit: z.strictObject({}),
  cancel: z.strictObject({ reason: text(2000) }),
  accept: z.strictObject({
    agreedForm: ConsultationForm,
    assigneeId: z.uuid().optional().openapi({ description: 'Psychiatrist of the service; defaults to the caller.' }),
    acknowledgeRisk: z.boolean().optional().openapi({ description: 'Required to agree to advice only on a risk-flagged request.' }),
    note: z.string().trim().max(2000).optional(),
  }),
  decline: z.strictObject({ reason: z.enum(DECLINE_REASONS), advice: text(8000) }),
  redirect: z.strictObject({ serviceId: z.uuid(), reason: text(2000) }),
  'request-information': z.strictObject({ question: text(4000) }),
  'provide-information': z.strictObject({ answer: text(8000) }),
  'give-advice': z.strictObject({ advice: text(16000), recommendations: Recommendations, acknowledgeRisk: z.boolean().optional() }),
  'convert-to-joint': z.strictObject({ agreedForm: z.enum(['joint-in-person', 'joint-video']) }),
  schedule: z
    .strictObject({ start: z.iso.datetime({ offset: true }), ...place })
    .refine(onePlace, placeMessage),
  'propose-times': z
    .strictObject({
      times: z
        .array(z.iso.datetime({ offset: true }))
        .min(PROPOSED_TIMES_MIN)
        .max(PROPOSED_TIMES_MAX)
        .openapi({ description: `${PROPOSED_TIMES_MIN} to ${PROPOSED_TIMES_MAX} start times, each free in the psychiatrist's calendar and, where Liaison knows the GP, in the GP's.` }),
      ...place,
    })
    .refine(onePlace, placeMessage),
  'choose-time': z.strictObject({ slotId: z.uuid().openapi({ description: 'The id of one of the open proposedTimes.times.' }) }),
  'decline-times': z.strictObject({ note: text(1000).openapi({ description: 'Why none of the proposed times suits: for the psychiatrist.' }) }),
  complete: z.strictObject({
    summary: text(16000).openapi({ description: 'The impression.' }),
    outcomeCode: z.enum(OUTCOME_CODES),
    recommendations: Recommendations,
    medicationAdvice: text(8000).optional(),
    plan: z
      .array(z.strictObject({ who: z.enum(PLAN_OWNERS), what: text(2000), due: z.iso.date().optional() }))
      .max(30)
      .default([])
      .openapi({ description: 'The shared-care plan: who (gp, psychiatrist, other-service) does what next, by when.' }),
    followUpDate: z.iso.date().optional(),
  }),
  close: z.strictObject({
    note: z.string().trim().max(4000).optional(),
    referralAvoided: z.boolean().optional().openapi({ description: 'Was a referral to secondary care avoided?' }),
  }),
  'enter-in-error': z.strictObject({ reason: text(2000) }),
  'cancel-visit': z.strictObject({ reason: text(2000) }),
  reconsult: z.strictObject({ question: text(4000).openapi({ description: "The GP's follow-up question, within the service's re-consult window." }) }),
} satisfies Record<RequestAction, z.ZodType>;
