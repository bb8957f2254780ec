/** The GP's pages: "My requests" (refreshing itself) and "New request" (draft or submit at once). */
import { Hono, type Context } from 'hono';
import type { RequestEvent } from '../domain/request-event.js';
import type { SituatedRequest } from '../services/situation.js';
import { RiskBadge, SlaBadge } from './components.js';
import type { WebEnv } from './env.js';
import { draftInputOf, fieldErrorsOf, isFieldError, type FormBody } from './forms.js';
import { render } from './render.js';
import { RequestForm, riskPreviewOf } from './request-form.js';
import { PRIORITY_WORDS, STATE_WORDS, eventWords, proposalWords, when } from './words.js';

const LIST_SIZE = 20;

function newRequestPage(c: Context<WebEnv>, values: FormBody, errors: Record<string, string>, status = 200) {
  return render(c, 'New request', <RequestForm action="/requests/new" csrf={c.get('session').csrf} values={values} errors={errors} />, { status, scripts: ['/assets/risk-preview.js'] });
}

export function RequestList({ items, timelines, id, empty }: { items: SituatedRequest[]; timelines?: Map<string, RequestEvent[]>; id: string; empty: string }) {
  return (
    <div id={id} data-refresh aria-live="polite">
      {items.length === 0 && <p>{empty}</p>}
      <ul class="requests">
        {items.map((r) => (
          <li>
            <a href={`/requests/${r.id}`}>
              <strong>{r.reference}</strong> · {r.patient.name.family}, {r.patient.name.given.join(' ')}
            </a>
            <div class="meta">
              <span>{STATE_WORDS[r.state]}</span>
              {proposalWords(r) && <strong>{proposalWords(r)}</strong>}
              <span>{PRIORITY_WORDS[r.priority]}</span>
              {r.atRisk && <RiskBadge />}
              <SlaBadge sla={r.situation.sla} />
              <span>Updated {when(r.updatedAt)}</span>
            </div>
            {timelines?.get(r.id) && (
              <details>
                <summary>Timeline of {r.reference}</summary>
                <ol class="timeline">
                  {timelines.get(r.id)!.map((e) => (
                    <li>
                      {when(e.at)} · {eventWords(e)}
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function gpRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/requests', async (c) => {
    const { services, actor } = c.var;
    const page = await services.requests.list(actor, actor.role === 'gp' ? { requesterId: actor.id } : {}, { after: null, limit: LIST_SIZE });
    const details = await Promise.all(page.items.map((r) => services.requests.get(actor, r.id)));
    const timelines = new Map(details.map((d) => [d.request.id, d.timeline]));
    return render(
      c,
      'My requests',
      <>
        <p>
          <a class="button" href="/requests/new">
            New request
          </a>
        </p>
        <RequestList id="my-requests" items={page.items} timelines={timelines} empty="You have no requests yet." />
      </>,
      { scripts: ['/assets/refresh.js'] },
    );
  });

  routes.get('/requests/new', (c) => newRequestPage(c, {}, {}));

  routes.post('/requests/new', async (c) => {
    const form = await c.req.parseBody({ all: true });
    try {
      const { request } = await c.get('services').requests.create(c.get('actor'), draftInputOf(form), { submit: form.intent === 'submit' });
      return c.redirect(`/requests/${request.id}${form.intent === 'submit' ? '?done=submit' : ''}`, 303);
    } catch (error) {
      if (!isFieldError(error)) throw error;
      return newRequestPage(c, form, fieldErrorsOf(error), error.code === 'invalid_input' ? 400 : 422);
    }
  });

  // The risk rule's effect while the GP writes: decided by domain/risk.ts, shown by assets.ts.
  routes.post('/requests/new/risk', async (c) => c.text(riskPreviewOf(await c.req.parseBody({ all: true }))));
  return routes;
}
