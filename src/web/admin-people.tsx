/**
 * The administrator's "People" page: the organisation's users by name, 50 a page ("Earlier",
 * "Later entries"), with "Deactivate" / "Reactivate", and inviting people by e-mail (admin-invite.tsx). Every change goes through the staff use
 * case (who may, not yourself, the version read): the form carries the version the administrator
 * saw, and a stale one shows the list as it is now.
 */
import { Hono, type Context } from 'hono';
import type { StaffMember } from '../domain/administration.js';
import { UUID } from '../domain/ids.js';
import { refusalOf, versionOf } from './admin-forms.js';
import { INVITATION_DAYS } from '../domain/administration.js';
import { InviteSection, ResendButton, inviteRoutes, type InviteShown } from './admin-invite.js';
import { Banner, Csrf } from './components.js';
import type { WebEnv } from './env.js';
import { ID_PARAM, textOf } from './forms.js';
import { Pager, trailOf } from './pager.js';
import { render } from './render.js';
import { ROLE_WORDS, when } from './words.js';

export const PEOPLE_PAGE = 50;

function PeopleList({ people, invited, csrf, back }: { people: StaffMember[]; invited: Map<string, Date>; csrf: string; back: string }) {
  return (
    <ul class="cards" aria-label="People of your organisation">
      {people.map((p) => (
        <li>
          <strong>
            <a href={`/people/${p.id}`} aria-label={`Change ${p.name}'s details`}>
              {p.name}
            </a>
          </strong>
          <div class="meta">
            <span>{p.email}</span>
            <span>{ROLE_WORDS[p.role]}</span>
            <span>{p.active ? 'Active' : 'Deactivated'}</span>
            {p.active && invited.has(p.id) && <span>Invited: the sign-in link works until {when(invited.get(p.id)!)}</span>}
          </div>
          <form method="post" action={`/people/${p.id}/active`}>
            <Csrf token={csrf} />
            <input type="hidden" name="version" value={String(p.version)} />
            <input type="hidden" name="active" value={p.active ? 'no' : 'yes'} />
            <input type="hidden" name="back" value={back} />
            <button type="submit" class={p.active ? 'secondary' : undefined} aria-label={`${p.active ? 'Deactivate' : 'Reactivate'} ${p.name}`}>
              {p.active ? 'Deactivate' : 'Reactivate'}
            </button>
          </form>
          {p.active && <ResendButton csrf={csrf} id={p.id} name={p.name} />}
        </li>
      ))}
    </ul>
  );
}

/** The page's place in the list: the person it starts after (by id; their name is the keyset). */
const DONE: Record<string, string> = {
  deactivate: 'The person is deactivated: their next step is refused.',
  reactivate: 'The person is active again.',
  invited: `The invitation is on its way: its sign-in link works once, for ${INVITATION_DAYS} days.`,
};

async function peoplePage(c: Context<WebEnv>, query: (name: string) => string | undefined, shown: InviteShown = {}) {
  const { services, actor } = c.var;
  const trail = trailOf(query, UUID);
  const start = trail.after ? await services.administration.staff.member(actor, trail.after) : null;
  const rows = await services.administration.staff.list(actor, actor.organisationId, start && { name: start.name, id: start.id }, PEOPLE_PAGE + 1);
  const people = rows.slice(0, PEOPLE_PAGE);
  const invited = await services.administration.invitations.open(actor, people);
  const next = rows.length > PEOPLE_PAGE ? people.at(-1)!.id : null;
  const here = new URLSearchParams(Object.entries({ after: query('after') ?? '', trail: query('trail') ?? '' }).filter(([, v]) => v)).toString();
  const done = DONE[c.req.query('done') ?? ''];
  return render(
    c,
    'People',
    <>
      {shown.banner ?? (done && <Banner title="Saved">{<p>{done}</p>}</Banner>)}
      <PeopleList people={people} invited={invited} csrf={c.get('session').csrf} back={here} />
      <Pager path="/people" trail={trail} next={next} label="Pages of people" />
      <InviteSection csrf={c.get('session').csrf} values={shown.values} errors={shown.errors} />
    </>,
    { status: shown.status ?? 200 },
  );
}

export function peopleRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/people', (c) => peoplePage(c, (name) => c.req.query(name)));
  routes.route('/', inviteRoutes((c, shown) => peoplePage(c, () => undefined, shown)));
  routes.post(`/people/${ID_PARAM}/active`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const active = textOf(form, 'active') === 'yes';
    // Back to the page the person was on, as it is now.
    const back = new URLSearchParams(textOf(form, 'back'));
    try {
      await c.get('services').administration.staff.change(c.get('actor'), c.req.param('id'), versionOf(form), { active });
      back.set('done', active ? 'reactivate' : 'deactivate');
      return c.redirect(`/people?${back}`, 303);
    } catch (error) {
      return peoplePage(c, (name) => back.get(name) ?? undefined, refusalOf(error, 'This is the list as it is now; check it and try again.'));
    }
  });
  return routes;
}
