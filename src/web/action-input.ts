/**
 * A move's form as the move's input (domain/moves.ts ActionInput). Only shapes are checked here;
 * whether the move may be made, and its clinical rules, are the use case's (RequestService.act).
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { PLAN_OWNERS, type PlanStep } from '../domain/advice.js';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { PROPOSED_TIMES_MAX, PROPOSED_TIMES_MIN } from '../domain/proposed-times.js';
import type { RequestAction } from '../domain/lifecycle.js';
import { CONSULTATION_FORMS, DECLINE_REASONS, OUTCOME_CODES } from '../domain/request.js';
import type { ActionInput } from '../services/inputs.js';
import { formError, textOf, type FormBody } from './forms.js';

const text = (max: number) => z.string().min(1, 'Fill this in.').max(max, `At most ${max} characters.`);
const optionalText = (max: number) => z.string().max(max, `At most ${max} characters.`).transform((s) => s || undefined);
const lines = (value: string) => value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const yes = (form: FormBody, name: string) => textOf(form, name) === 'yes';

const OWNER_WORDS: Record<string, (typeof PLAN_OWNERS)[number]> = { gp: 'gp', psychiatrist: 'psychiatrist', 'other service': 'other-service', 'other-service': 'other-service' };

/** "GP: review in 4 weeks" → who and what; a line naming no one is the GP's. */
export function planOf(value: string): PlanStep[] {
  return lines(value).map((line) => {
    const match = /^([A-Za-z -]+):\s*(.+)$/.exec(line);
    const who = match ? OWNER_WORDS[match[1]!.trim().toLowerCase()] : undefined;
    return who ? { who, what: match![2]! } : { who: 'gp', what: line };
  });
}

/** A wall-clock time typed in the service's time zone, as an instant. */
function instantIn(value: string, timeZone: string): string | null {
  const local = DateTime.fromISO(value, { zone: timeZone });
  return local.isValid && local.year >= 1970 && local.year <= 9999 ? local.toISO() : null;
}

function parse<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw formError(parsed.error);
  return parsed.data;
}

/** The input of `action` from its form; a bad field is a 400 naming the control. */
export function actionInputOf(action: RequestAction, form: FormBody, timeZone: string): ActionInput {
  const t = (name: string) => textOf(form, name);
  switch (action) {
    case 'submit':
      return { action };
    case 'cancel':
    case 'enter-in-error':
    case 'cancel-visit':
      return { action, ...parse(z.object({ reason: text(2000) }), { reason: t('reason') }) };
    case 'accept': {
      const f = parse(z.object({ agreedForm: z.enum(CONSULTATION_FORMS, 'Choose one.'), note: optionalText(2000) }), { agreedForm: t('agreedForm'), note: t('note') });
      return { action, ...f, acknowledgeRisk: yes(form, 'acknowledgeRisk') || undefined };
    }
    case 'decline':
      return { action, ...parse(z.object({ reason: z.enum(DECLINE_REASONS, 'Choose one.'), advice: text(8000) }), { reason: t('reason'), advice: t('advice') }) };
    case 'redirect':
      return { action, ...parse(z.object({ serviceId: z.uuid('Choose a service.'), reason: text(2000) }), { serviceId: t('serviceId'), reason: t('reason') }) };
    case 'request-information':
      return { action, ...parse(z.object({ question: text(4000) }), { question: t('question') }) };
    case 'provide-information':
      return { action, ...parse(z.object({ answer: text(8000) }), { answer: t('answer') }) };
    case 'reconsult':
      return { action, ...parse(z.object({ question: text(4000) }), { question: t('question') }) };
    case 'give-advice': {
      const f = parse(z.object({ advice: text(16000) }), { advice: t('advice') });
      return { action, ...f, recommendations: lines(t('recommendations')), acknowledgeRisk: yes(form, 'acknowledgeRisk') || undefined };
    }
    case 'convert-to-joint':
      return { action, ...parse(z.object({ agreedForm: z.enum(['joint-in-person', 'joint-video'], 'Choose one.') }), { agreedForm: t('agreedForm') }) };
    case 'schedule':
      return scheduleInput(form, timeZone);
    case 'propose-times':
      return proposeInput(form, timeZone);
    case 'choose-time':
      return { action, ...parse(z.object({ slotId: z.uuid('Choose one of the proposed times.') }), { slotId: t('slotId') }) };
    case 'decline-times':
      return { action, ...parse(z.object({ note: text(1000) }), { note: t('note') }) };
    case 'complete': {
      const f = parse(z.object({ summary: text(16000), outcomeCode: z.enum(OUTCOME_CODES, 'Choose one.'), medicationAdvice: optionalText(8000) }), { summary: t('summary'), outcomeCode: t('outcomeCode'), medicationAdvice: t('medicationAdvice') });
      return { action, ...f, recommendations: lines(t('recommendations')), plan: planOf(t('plan')) };
    }
    case 'close': {
      const avoided = t('referralAvoided');
      return { action, note: t('note') || undefined, referralAvoided: avoided === 'yes' ? true : avoided === 'no' ? false : undefined };
    }
  }
}

function scheduleInput(form: FormBody, timeZone: string): ActionInput {
  const chosen = textOf(form, 'slot');
  const start = chosen && chosen !== 'other' ? chosen : instantIn(textOf(form, 'start'), timeZone);
  const issues: FieldIssue[] = [];
  if (!start) issues.push({ field: 'start', message: 'Choose a proposed time, or give a start such as 2026-12-02 14:00.' });
  const place = placeOf(form, issues);
  if (issues.length) throw new DomainError('invalid_input', 'Some fields need correcting.', { issues });
  return { action: 'schedule', start: start!, ...place };
}

/** How many times the "Propose times" form offers. */
export const PROPOSED_TIME_FIELDS = PROPOSED_TIMES_MAX;

/** The controls of the proposed times the psychiatrist filled in, in order: `times.{n}` of the move's input is control `filledTimeControls[n]`. */
export function filledTimeControls(form: FormBody): number[] {
  return Array.from({ length: PROPOSED_TIME_FIELDS }, (_, i) => i).filter((i) => textOf(form, `times.${i}`).trim() !== '');
}

function proposeInput(form: FormBody, timeZone: string): ActionInput {
  const issues: FieldIssue[] = [];
  const filled = filledTimeControls(form);
  const times = filled.map((i) => {
    const at = instantIn(textOf(form, `times.${i}`).trim(), timeZone);
    if (!at) issues.push({ field: `times.${i}`, message: 'Give a date and time such as 2026-12-02 14:00.' });
    return at ?? '';
  });
  if (filled.length < PROPOSED_TIMES_MIN) issues.push({ field: `times.${filled.length}`, message: `Propose at least ${PROPOSED_TIMES_MIN} times.` });
  const place = placeOf(form, issues);
  if (issues.length) throw new DomainError('invalid_input', 'Some fields need correcting.', { issues });
  return { action: 'propose-times', times, ...place };
}

/** A booking's or a proposal's length and place (a video link or a location), as the JSON API takes them. */
function placeOf(form: FormBody, issues: FieldIssue[]): { durationMinutes: number; videoLink?: string; location?: string } {
  const duration = Number(textOf(form, 'durationMinutes') || '45');
  if (!Number.isInteger(duration) || duration < 10 || duration > 240) issues.push({ field: 'durationMinutes', message: 'Whole minutes from 10 to 240.' });
  const videoLink = textOf(form, 'videoLink');
  const location = textOf(form, 'location');
  if (Boolean(videoLink) === Boolean(location)) issues.push({ field: 'videoLink', message: 'Give either a video link or a location.' });
  else if (videoLink && !/^https:\/\/\S+$/.test(videoLink)) issues.push({ field: 'videoLink', message: 'A video link starts with https://.' });
  return { durationMinutes: duration, ...(videoLink ? { videoLink } : { location }) };
}
