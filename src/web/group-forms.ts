/**
 * The Balint-group forms as use-case inputs: shapes only (numbers, dates, lengths), each bad field
 * named by its control. What a case may say, who may do what and when stay in the use cases.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { DiscussionRun, FeedbackAnswers } from '../domain/case-discussion.js';
import { MAX_RUN_SESSIONS } from '../domain/case-discussion-run.js';
import type { NewRun } from '../services/case-discussion-runs.js';
import type { NewPresentation } from '../services/case-presentations.js';
import { formError, listOf, textOf, type FormBody } from './forms.js';

const words = (max: number) => z.string().min(1, 'Fill this in.').max(max, `At most ${max} characters.`);
const whole = (min: number, max: number) =>
  z
    .string()
    .min(1, 'Fill this in.')
    .transform(Number)
    .pipe(z.number().int(`A whole number from ${min} to ${max}.`).min(min, `A whole number from ${min} to ${max}.`).max(max, `A whole number from ${min} to ${max}.`));

function parsed<S extends z.ZodObject>(schema: S, form: FormBody): z.infer<S> {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, textOf(form, name)]));
  const result = schema.safeParse(raw);
  if (!result.success) throw formError(result.error);
  return result.data;
}

const RunForm = z.object({
  startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'A date and time such as 2026-03-04T18:30.'),
  rhythmWeeks: whole(1, 12),
  durationMinutes: whole(30, 240),
  sessionCount: whole(1, 52),
});

/** A run's first session is given in the group's local time (the service's time zone). */
export function runInputOf(form: FormBody, groupId: string, timeZone: string): NewRun {
  const f = parsed(RunForm, form);
  const start = DateTime.fromISO(f.startsAt, { zone: timeZone });
  if (!start.isValid) throw formError(new z.ZodError([{ code: 'custom', path: ['startsAt'], message: 'Not a date and time.', input: f.startsAt }]));
  return { groupId, startsAt: start.toJSDate(), rhythmWeeks: f.rhythmWeeks, durationMinutes: f.durationMinutes, sessionCount: f.sessionCount };
}

const PresentationForm = z.object({
  title: words(200),
  question: words(2000),
  minutes: whole(5, 120),
  requestId: z.union([z.literal(''), z.uuid('Choose one of your requests.')]),
});

/** A case in the presenter's words, linking one of their requests when they chose one. */
export function presentationOf(form: FormBody): NewPresentation {
  const { requestId, ...rest } = parsed(PresentationForm, form);
  return requestId ? { ...rest, requestId } : rest;
}

/** A leader's note or the group's reflection on one case: free text of a sensible length. */
export const textIn = (form: FormBody, name: string): string => parsed(z.object({ [name]: words(4000) }), form)[name] as string;

export const presentOf = (form: FormBody): string[] => listOf(form, 'present');

const FeedbackForm = z.object({
  learnt: words(4000),
  coLeadershipRating: whole(1, 5),
  coLeadership: z.string().max(4000, 'At most 4000 characters.'),
  cooperationChange: z.enum(['better', 'unchanged', 'worse'], 'Choose one.'),
  cooperation: z.string().max(4000, 'At most 4000 characters.'),
});

export function feedbackOf(form: FormBody): FeedbackAnswers {
  const f = parsed(FeedbackForm, form);
  return { ...f, coLeadership: f.coLeadership || null, cooperation: f.cooperation || null };
}

const ExtendBySessions = z.object({ sessionCount: whole(1, MAX_RUN_SESSIONS) });
const ExtendToDate = z.object({ endsOn: z.iso.date('A date such as 2026-12-16.') });

/** A run counted in sessions gets a new number of sessions; one that lasts until a date, a later date. */
export function extensionOf(form: FormBody, run: Pick<DiscussionRun, 'sessionCount'>): { sessionCount?: number; endsOn?: string } {
  return run.sessionCount !== null ? parsed(ExtendBySessions, form) : parsed(ExtendToDate, form);
}
