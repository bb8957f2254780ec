/**
 * The administrator's "People" page: the organisation's users with "Deactivate" / "Reactivate".
 * Every change goes through the staff use case (who may, not yourself, the version read): the
 * form carries the version the administrator saw, and a stale one shows the list as it is now.
 */
import { Hono, type Context } from 'hono';
import type { StaffMember } from '../domain/administration.js';
import { DomainError } from '../domain/errors.js';
import { Banner, Csrf } from './components.js';
import type { WebEnv } from './env.js';
import { ID_PARAM, textOf } from './forms.js';
import { render } from './render.js';
import { ROLE_WORDS } from './words.js';

/** One page lists at most this many; an organisation with more pages on by name. */
const PEOPLE_SHOWN = 200;

function PeopleList({ people, csrf }: { people: StaffMember[]; csrf: string }) {
  return (
    <ul class="cards" aria-label="People of your organisation">
      {people.map((p) => (
        <li>
          <strong>{p.name}</strong>
          <div class="meta">
            <span>{p.email}</span>
            <span>{ROLE_WORDS[p.role]}</span>
            <span>{p.active ? 'Active' : 'Deactivated'}</span>
          </div>
          <form method="post" action={`/people/${p.id}/active`}>
            <Csrf token={csrf} />
            <input type="hidden" name="version" value={String(p.version)} />
            <input type="hidden" name="active" value={p.active ? 'no' : 'yes'} />
            <button type="submit" class={p.active ? 'secondary' : undefined} aria-label={`${p.active ? 'Deactivate' : 'Reactivate'} ${p.name}`}>
              {p.active ? 'Deactivate' : 'Reactivate'}
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}

async function peoplePage(c: Context<WebEnv>, options: { status?: number; banner?: unknown } = {}) {
  const { services, actor } = c.var;
  const people = await services.administration.staff.list(actor, actor.organisationId, null, PEOPLE_SHOWN);
  const done = c.req.query('done');
  return render(
    c,
    'People',
    <>
      {options.banner ?? (done && <Banner title="Saved">{<p>{done === 'deactivate' ? 'The person is deactivated: their next step is refused.' : 'The person is active again.'}</p>}</Banner>)}
      <PeopleList people={people} csrf={c.var.session.csrf} />
    </>,
    { status: options.status ?? 200 },
  );
}

/** The refusals the page shows in its own words; anything else is the error page. */
const SHOWN = ['precondition_failed', 'unprocessable', 'not_found'];

export function peopleRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/people', (c) => peoplePage(c));
  routes.post(`/people/${ID_PARAM}/active`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const version = Number(textOf(form, 'version'));
    const active = textOf(form, 'active') === 'yes';
    try {
      if (!Number.isInteger(version)) throw new DomainError('invalid_input', 'This form has no version: reload the page.');
      await c.var.services.administration.staff.change(c.var.actor, c.req.param('id'), version, { active });
      return c.redirect(`/people?done=${active ? 'reactivate' : 'deactivate'}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || !SHOWN.includes(error.code)) throw error;
      if (error.code === 'precondition_failed') {
        return peoplePage(c, { status: 412, banner: <Banner kind="notice" title="Someone else changed this">{<p>Nothing was saved. This is the list as it is now; check it and try again.</p>}</Banner> });
      }
      return peoplePage(c, { status: error.code === 'not_found' ? 404 : 422, banner: <Banner kind="problem" title="Not changed">{<p>{error.message}</p>}</Banner> });
    }
  });
  return routes;
}
