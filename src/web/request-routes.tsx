/**
 * A request's page and the forms on it: the moves (through RequestService.act, the same use case
 * as the JSON API's), the GP's answers to recommendations, and a draft's edit. A refusal comes
 * back as the page: bad fields next to their controls, a stale version (412) as "someone else
 * changed the request" with its current state, a move the state does not allow (409) with the
 * moves possible now.
 */
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { DomainError } from '../domain/errors.js';
import type { ActionInput } from '../services/inputs.js';
import { REQUEST_ACTIONS, type RequestAction } from '../domain/lifecycle.js';
import { ActionPanels, type Failed } from './action-panels.js';
import { actionInputOf, filledTimeControls } from './action-input.js';
import { Banner, Csrf } from './components.js';
import type { WebEnv } from './env.js';
import { draftInputOf, fieldErrorsOf, isFieldError, type FormBody } from './forms.js';
import { render } from './render.js';
import { RequestForm } from './request-form.js';
import { draftValues } from './draft-values.js';
import { Conversation, OutcomeSection, RequestFacts, Timeline } from './request-view.js';
import { ProposedTimes } from './proposed-times-view.js';
import { ACTION_WORDS, doneWords } from './words.js';
import { UUID_PARAM } from './paths.js';

interface PageState {
  failed?: Failed;
  banner?: Child;
  status?: number;
}

export async function requestPage(c: Context<WebEnv>, id: string, state: PageState = {}) {
  const { services, actor } = c.var;
  const { request, timeline } = await services.requests.get(actor, id);
  const [thread, service, all] = await Promise.all([services.messages.forRequests([request], null, 200), services.directory.service(request.serviceId), services.directory.services()]);
  const timeZone = service?.timeZone ?? 'UTC';
  const allowed = request.situation.allowedActions;
  const suggested = allowed.includes('propose-times') && request.assigneeId ? await services.scheduling.suggestedTimes(actor, id, { days: 14, durationMinutes: 45, count: 5 }).then((s) => s.slots.map((x) => ({ start: x.start.toISOString() })), () => []) : [];
  const slots = allowed.includes('schedule') && request.assigneeId ? await services.scheduling.slots(actor, id, { days: 14, durationMinutes: 45 }).then((s) => s.slots.slice(0, 6).map((x) => ({ start: x.start.toISOString() })), () => []) : [];
  const done = c.req.query('done');
  const doneBanner = done && (REQUEST_ACTIONS as readonly string[]).includes(done) ? <Banner title="Done">{<p>{doneWords(done as RequestAction)}</p>}</Banner> : null;
  const csrf = c.get('session').csrf;
  return render(
    c,
    `Request ${request.reference}`,
    <>
      {state.banner ?? doneBanner}
      <RequestFacts request={request} timeZone={timeZone} />
      {request.state === 'draft' && allowed.includes('submit') && (
        <section class="card" aria-labelledby="draft-heading">
          <h2 id="draft-heading">Draft</h2>
          <a class="button secondary" href={`/requests/${id}/edit`}>
            Edit draft
          </a>
          <form method="post" action={`/requests/${id}/moves/submit`}>
            <Csrf token={csrf} />
            <input type="hidden" name="version" value={String(request.version)} />
            <button type="submit">Submit request</button>
          </form>
        </section>
      )}
      <ProposedTimes request={request} csrf={csrf} timeZone={timeZone} />
      <ActionPanels request={request} csrf={csrf} failed={state.failed} services={all.filter((s) => s.id !== request.serviceId && s.active)} slots={slots} suggested={suggested} timeZone={timeZone} />
      <OutcomeSection request={request} csrf={csrf} canAnswer={request.situation.sides.includes('requester')} failed={state.failed} />
      <Conversation messages={thread.items} timeZone={timeZone} />
      <Timeline events={timeline} timeZone={timeZone} />
    </>,
    { status: state.status ?? 200 },
  );
}

const versionOf = (form: FormBody): number | null => {
  const v = Number(form.version);
  return typeof form.version === 'string' && Number.isInteger(v) && v > 0 ? v : null;
};

/** A refused form as the page it came from, saying why. */
async function refused(c: Context<WebEnv>, id: string, error: unknown, action: string, values: FormBody, fromUseCase = true) {
  // A proposed time that is not free (409) is said next to its field too.
  const refusal = error instanceof DomainError ? error : null;
  const busyTime = refusal?.code === 'conflict' && action === 'propose-times';
  if (refusal && (isFieldError(refusal) || busyTime) && refusal.issues.length) {
    const errors = action === 'propose-times' ? proposalErrors(refusal, values, fromUseCase) : fieldErrorsOf(refusal);
    return requestPage(c, id, { failed: { action, errors, values }, status: busyTime ? 409 : refusal.code === 'invalid_input' ? 400 : 422, banner: <Banner kind="problem" title="Not saved">{<p>{refusal.message}</p>}</Banner> });
  }
  if (!(error instanceof DomainError) || !['precondition_failed', 'illegal_transition', 'unprocessable', 'forbidden', 'conflict'].includes(error.code)) throw error;
  if (error.code === 'precondition_failed') {
    return requestPage(c, id, { status: 412, banner: <Banner kind="notice" title="Someone else changed the request">{<p>Nothing was saved. This is the request as it is now; check it and try again.</p>}</Banner> });
  }
  // A move the state no longer allows, or a time taken meanwhile: say which moves are possible now.
  if (error.code === 'illegal_transition' || (error.code === 'conflict' && Array.isArray(error.details.yourAllowedActions))) {
    const possible = ((error.details.yourAllowedActions as RequestAction[] | undefined) ?? []).map((a) => ACTION_WORDS[a]);
    const banner = (
      <Banner kind="notice" title="This is not possible now">
        <p>{error.message}</p>
        <p>{possible.length ? `Possible now: ${possible.join(', ')}.` : 'Nothing is possible for you on this request now.'}</p>
      </Banner>
    );
    return requestPage(c, id, { status: 409, banner });
  }
  return requestPage(c, id, { status: error.code === 'forbidden' ? 403 : error.code === 'conflict' ? 409 : 422, banner: <Banner kind="problem" title="Not saved">{<p>{error.message}</p>}</Banner> });
}

/**
 * A proposal's errors by control: the form's own checks name the control (`times.{n}`); the use
 * case's `times.{n}` is the n-th time filled in, and `times` the whole list (said at the first).
 */
function proposalErrors(error: DomainError, values: FormBody, fromUseCase: boolean): Record<string, string> {
  const isTime = (field: string) => /^times(\.\d+)?$/.test(field);
  const errors = fieldErrorsOf(new DomainError(error.code, error.message, { issues: error.issues.filter((i) => !isTime(i.field)) }));
  const controls = filledTimeControls(values);
  for (const issue of error.issues.filter((i) => isTime(i.field))) {
    const n = Number(issue.field.split('.')[1] ?? 0);
    errors[`times.${fromUseCase ? (controls[n] ?? 0) : n}`] ??= issue.message;
  }
  return errors;
}

export function requestRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get(`/requests/:id${UUID_PARAM}`, (c) => requestPage(c, c.req.param('id')));

  routes.post(`/requests/:id${UUID_PARAM}/moves/:action`, async (c) => {
    const id = c.req.param('id');
    const action = c.req.param('action') as RequestAction;
    if (!(REQUEST_ACTIONS as readonly string[]).includes(action)) throw new DomainError('not_found', 'There is no such move.');
    const form = await c.req.parseBody({ all: true });
    const service = await c.get('services').requests.find(c.get('actor'), id).then((r) => c.get('services').directory.service(r.serviceId));
    let input: ActionInput;
    try {
      input = actionInputOf(action, form, service?.timeZone ?? 'UTC');
    } catch (error) {
      return refused(c, id, error, action, form, false);
    }
    try {
      await c.get('services').requests.act(c.get('actor'), id, input, versionOf(form));
    } catch (error) {
      return refused(c, id, error, action, form);
    }
    return c.redirect(`/requests/${id}?done=${action}`, 303);
  });

  routes.post(`/requests/:id${UUID_PARAM}/recommendations/:rid${UUID_PARAM}`, async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody({ all: true });
    const accepted = form.answer === 'accept';
    const reason = typeof form.reason === 'string' && form.reason.trim() ? form.reason.trim() : undefined;
    try {
      await c.get('services').recommendations.respond(c.get('actor'), id, c.req.param('rid'), { accepted, reason: accepted ? undefined : reason }, versionOf(form));
    } catch (error) {
      return refused(c, id, error, `recommendation:${c.req.param('rid')}`, form);
    }
    return c.redirect(`/requests/${id}`, 303);
  });

  routes.get(`/requests/:id${UUID_PARAM}/edit`, async (c) => {
    const { request } = await c.get('services').requests.get(c.get('actor'), c.req.param('id'));
    if (request.state !== 'draft') return c.redirect(`/requests/${request.id}`, 303);
    return render(c, `Edit draft ${request.reference}`, <RequestForm action={`/requests/${request.id}/edit`} csrf={c.get('session').csrf} values={draftValues(request)} errors={{}} version={request.version} />, { scripts: ['/assets/risk-preview.js'] });
  });

  routes.post(`/requests/:id${UUID_PARAM}/edit`, async (c) => {
    const id = c.req.param('id');
    const form = await c.req.parseBody({ all: true });
    try {
      await c.get('services').requests.updateDraft(c.get('actor'), id, draftInputOf(form), versionOf(form), { submit: form.intent === 'submit' });
    } catch (error) {
      if (!isFieldError(error)) return refused(c, id, error, 'edit', form);
      return render(c, 'Edit draft', <RequestForm action={`/requests/${id}/edit`} csrf={c.get('session').csrf} values={form} errors={fieldErrorsOf(error)} version={versionOf(form) ?? undefined} />, { status: 400, scripts: ['/assets/risk-preview.js'] });
    }
    return c.redirect(`/requests/${id}`, 303);
  });
  return routes;
}
