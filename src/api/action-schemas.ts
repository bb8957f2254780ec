/** Body schemas of the lifecycle actions, one per action; the action name comes from the path. */
import { z } from '@hono/zod-openapi';
import type { RequestAction } from '../domain/lifecycle.js';
import { PLAN_OWNERS, RECOMMENDATION_KINDS } from '../domain/advice.js';
import { DECLINE_REASONS, OUTCOME_CODES } from '../domain/request.js';
import { ConsultationForm } from './schemas.js';

const text = (max: number) => z.string().trim().min(1).max(max);

const Recommendations = z
  .array(z.union([text(2000), z.strictObject({ kind: z.enum(RECOMMENDATION_KINDS), text: text(2000) })]))
  .max(50)
  .default([])
  .openapi({ description: 'Each a text, or {kind, text} with kind medication-change | investigation | psychotherapy-referral | watchful-waiting | other. The GP answers each.' });

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
    .strictObject({
      start: z.iso.datetime({ offset: true }),
      durationMinutes: z.number().int().min(10).max(240).default(45),
      location: z.string().trim().min(1).max(500).optional(),
      videoLink: z.url({ protocol: /^https$/ }).max(1000).optional(),
    })
    .refine((b) => Boolean(b.location) !== Boolean(b.videoLink), {
      message: 'Give either a location (in person) or a videoLink (by video).',
      path: ['location'],
    }),
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
