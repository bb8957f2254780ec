/**
 * The moves the person may make now, each a small form: which ones is the use case's answer
 * (the request's `situation.allowedActions`), never decided here. A refused form comes back open,
 * with its errors next to its fields.
 */
import type { Child } from 'hono/jsx';
import { DateTime } from 'luxon';
import { PROPOSED_TIME_FIELDS } from './action-input.js';
import type { RequestAction } from '../domain/lifecycle.js';
import { CONSULTATION_FORMS, DECLINE_REASONS, OUTCOME_CODES } from '../domain/request.js';
import type { SituatedRequest } from '../services/situation.js';
import { Csrf, Field, Select, type FieldErrors } from './components.js';
import { textOf, type FormBody } from './forms.js';
import { ACTION_WORDS, CONSULTATION_FORM_WORDS, DECLINE_WORDS, OUTCOME_WORDS, when } from './words.js';

export interface Failed {
  action: string;
  errors: FieldErrors;
  values: FormBody;
}

export interface PanelContext {
  request: SituatedRequest;
  csrf: string;
  failed?: Failed | undefined;
  /** Other services a request can be redirected to. */
  services: { id: string; name: string }[];
  /** Times the GP and the psychiatrist are both free (booking). */
  slots: { start: string }[];
  /** Such times spread over the days ahead, to pre-fill a proposal. */
  suggested: { start: string }[];
  timeZone: string;
}

/** Which moves get a panel here (the draft's submit and edit are on the draft itself). */
const PANELS: RequestAction[] = ['provide-information', 'request-information', 'accept', 'decline', 'redirect', 'give-advice', 'propose-times', 'decline-times', 'schedule', 'complete', 'close', 'convert-to-joint', 'reconsult', 'cancel-visit', 'cancel', 'enter-in-error'];

export function ActionPanels(ctx: PanelContext) {
  const allowed = PANELS.filter((a) => ctx.request.situation.allowedActions.includes(a));
  if (!allowed.length) return null;
  return (
    <section class="card actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">What you can do now</h2>
      {allowed.map((action) => (
        <Panel ctx={ctx} action={action} />
      ))}
    </section>
  );
}

function Panel({ ctx, action }: { ctx: PanelContext; action: RequestAction }) {
  const failed = ctx.failed?.action === action ? ctx.failed : undefined;
  const errors = failed?.errors ?? {};
  const v = (name: string) => (failed ? textOf(failed.values, name) : '');
  const { body, button } = panelBody(ctx, action, errors, v, failed);
  // The conversation's next step is open at once; the rest open on demand.
  const open = Boolean(failed) || action === 'provide-information';
  return (
    <details open={open}>
      <summary>{ACTION_WORDS[action]}</summary>
      <form method="post" action={`/requests/${ctx.request.id}/moves/${action}`}>
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="version" value={String(ctx.request.version)} />
        {body}
        <button type="submit">{button}</button>
      </form>
    </details>
  );
}

function panelBody(ctx: PanelContext, action: RequestAction, errors: FieldErrors, v: (name: string) => string, failed: Failed | undefined): { body: Child; button: string } {
  const reason = (label: string) => <Field name="reason" label={label} type="textarea" errors={errors} value={v('reason')} required />;
  const risk = ctx.request.atRisk && (
    <label class="check">
      <input type="checkbox" name="acknowledgeRisk" value="yes" /> This request carries a risk signal: I still choose advice only
    </label>
  );
  switch (action) {
    case 'provide-information':
      return { body: <Field name="answer" label="Answer" type="textarea" errors={errors} value={v('answer')} required />, button: 'Send answer' };
    case 'request-information':
      return { body: <Field name="question" label="Question" type="textarea" errors={errors} value={v('question')} required />, button: 'Send question' };
    case 'accept': {
      const form = ctx.request.requestedForm === 'unspecified' ? 'joint-video' : ctx.request.requestedForm;
      return {
        body: (
          <>
            <Select name="agreedForm" label="Form of consultation" errors={errors} value={v('agreedForm') || form} options={CONSULTATION_FORMS.map((f) => [f, CONSULTATION_FORM_WORDS[f]])} />
            <Field name="note" label="Note" errors={errors} value={v('note')} />
            {risk}
          </>
        ),
        button: 'Accept',
      };
    }
    case 'decline':
      return {
        body: (
          <>
            <Select name="reason" label="Reason" errors={errors} value={v('reason')} options={DECLINE_REASONS.map((r) => [r, DECLINE_WORDS[r]])} />
            <Field name="advice" label="Advice for the GP" type="textarea" errors={errors} value={v('advice')} required />
          </>
        ),
        button: 'Decline',
      };
    case 'redirect':
      return {
        body: (
          <>
            <Select name="serviceId" label="Service" errors={errors} value={v('serviceId')} options={ctx.services.map((s) => [s.id, s.name])} />
            {reason('Reason')}
          </>
        ),
        button: 'Redirect',
      };
    case 'give-advice':
      return {
        body: (
          <>
            <Field name="advice" label="Advice" type="textarea" errors={errors} value={v('advice')} required />
            <Field name="recommendations" label="Recommendations" type="textarea" errors={errors} value={v('recommendations')} hint="One per line; the GP accepts or declines each." />
            {risk}
          </>
        ),
        button: 'Give advice',
      };
    case 'schedule':
      return { body: <BookingFields ctx={ctx} errors={errors} v={v} />, button: 'Book consultation' };
    case 'propose-times':
      return { body: <ProposeFields ctx={ctx} errors={errors} v={v} failed={Boolean(failed)} />, button: 'Propose times' };
    case 'decline-times':
      return { body: <Field name="note" id="f-decline-times-note" label="Note for the psychiatrist" type="textarea" errors={errors} value={v('note')} hint="Which days or times would suit you instead." required />, button: ACTION_WORDS[action] };
    case 'complete':
      return {
        body: (
          <>
            <Field name="summary" label="Summary" type="textarea" errors={errors} value={v('summary')} required />
            <Select name="outcomeCode" label="Outcome" errors={errors} value={v('outcomeCode')} options={OUTCOME_CODES.map((o) => [o, OUTCOME_WORDS[o]])} />
            <Field name="recommendations" label="Recommendations" type="textarea" errors={errors} value={v('recommendations')} hint="One per line; the GP accepts or declines each." />
            <Field name="medicationAdvice" label="Medication advice" type="textarea" errors={errors} value={v('medicationAdvice')} />
            <Field name="plan" label="Shared-care plan" type="textarea" errors={errors} value={v('plan')} hint="One step per line, starting with who does it: “GP: …”, “Psychiatrist: …” or “Other service: …”." />
          </>
        ),
        button: 'Record outcome',
      };
    case 'close':
      return {
        body: (
          <>
            <fieldset>
              <legend>Was a referral to secondary care avoided?</legend>
              {errors.referralAvoided && <p class="error">{errors.referralAvoided}</p>}
              <label class="check">
                <input type="radio" name="referralAvoided" value="yes" checked={v('referralAvoided') === 'yes'} /> Yes
              </label>
              <label class="check">
                <input type="radio" name="referralAvoided" value="no" checked={v('referralAvoided') === 'no'} /> No
              </label>
            </fieldset>
            <Field name="note" label="Note" errors={errors} value={v('note')} />
          </>
        ),
        button: 'Close request',
      };
    case 'convert-to-joint':
      return {
        body: <Select name="agreedForm" label="Form of consultation" errors={errors} value={v('agreedForm')} options={(['joint-video', 'joint-in-person'] as const).map((f) => [f, CONSULTATION_FORM_WORDS[f]])} />,
        button: ACTION_WORDS[action],
      };
    case 'reconsult':
      return { body: <Field name="question" label="Follow-up question" type="textarea" errors={errors} value={v('question')} required />, button: 'Send follow-up question' };
    default:
      return { body: reason('Reason'), button: ACTION_WORDS[action] };
  }
}

function BookingFields({ ctx, errors, v }: { ctx: PanelContext; errors: FieldErrors; v: (name: string) => string }) {
  return (
    <>
      {ctx.slots.length > 0 && (
        <fieldset>
          <legend>Suggested times (both free)</legend>
          {ctx.slots.map((s, i) => (
            <label class="check">
              <input type="radio" name="slot" value={s.start} checked={v('slot') ? v('slot') === s.start : i === 0} /> {when(s.start, ctx.timeZone)}
            </label>
          ))}
          <label class="check">
            <input type="radio" name="slot" value="other" checked={v('slot') === 'other'} /> Another time (below)
          </label>
        </fieldset>
      )}
      <Field name="start" label="Start" type="datetime-local" errors={errors} value={v('start')} hint={`Time in ${ctx.timeZone}.`} />
      <PlaceFields errors={errors} v={v} />
    </>
  );
}

/** Length and place of a booking or a proposal; `prefix` keeps the ids of the two forms apart. */
function PlaceFields({ errors, v, prefix = '' }: { errors: FieldErrors; v: (name: string) => string; prefix?: string }) {
  const id = (name: string) => (prefix ? `f-${prefix}-${name}` : undefined);
  return (
    <>
      <Field name="durationMinutes" id={id('durationMinutes')} label="Duration (minutes)" type="number" errors={errors} value={v('durationMinutes') || '45'} attrs={{ min: 10, max: 240 }} />
      <Field name="videoLink" id={id('videoLink')} label="Video link" type="url" errors={errors} value={v('videoLink')} hint="For a video consultation; or give a location." />
      <Field name="location" id={id('location')} label="Location" errors={errors} value={v('location')} />
    </>
  );
}

/** Two to five times for the GP to choose from, pre-filled with times both are free (the psychiatrist may change any). */
function ProposeFields({ ctx, errors, v, failed }: { ctx: PanelContext; errors: FieldErrors; v: (name: string) => string; failed: boolean }) {
  const suggested = (i: number) => {
    const slot = ctx.suggested[i];
    return slot ? DateTime.fromISO(slot.start, { zone: ctx.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm") : '';
  };
  return (
    <>
      <fieldset>
        <legend>Times the GP can choose from</legend>
        <p class="hint">
          Two to five times, in {ctx.timeZone}. {ctx.suggested.length > 0 ? 'Filled in with times you are both free, on different days where possible; change any.' : 'No common free time was found in the next two weeks; give times yourself.'}
        </p>
        {Array.from({ length: PROPOSED_TIME_FIELDS }, (_, i) => (
          <Field name={`times.${i}`} label={`Time ${i + 1}`} type="datetime-local" errors={errors} value={failed ? v(`times.${i}`) : suggested(i)} />
        ))}
      </fieldset>
      <PlaceFields errors={errors} v={v} prefix="propose" />
    </>
  );
}
