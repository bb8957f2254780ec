/**
 * Setting up a Balint group (`/groups/new`): the host (a service the person works in, or their
 * practice), the name, the rhythm, the place or video link, working time, and the people —
 * co-leaders with their discipline and members — each invited. It goes through the same use
 * case as `POST /api/case-discussions`; a refusal comes back next to the person or field it names.
 */
import { Hono, type Context } from 'hono';
import { DISCIPLINES } from '../domain/case-discussion.js';
import { DomainError } from '../domain/errors.js';
import type { Host } from '../services/case-discussion-host.js';
import type { InvitablePerson } from '../services/ports/case-discussions.js';
import { Csrf, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { isFieldError, textOf, type FormBody } from './forms.js';
import { hostOfValue, hostValue, inviteesOf, newGroupOf, peopleErrorsOf } from './group-setup-forms.js';
import { render } from './render.js';
import { DISCIPLINE_WORDS, ROLE_WORDS } from './words.js';

const ROLE_CHOICES: [string, string][] = [
  ['', 'Not invited'],
  ['leader', 'Co-leader'],
  ['member', 'Member'],
];
const DISCIPLINE_CHOICES: [string, string][] = [['', 'As their role says'], ...DISCIPLINES.map((d): [string, string] => [d, DISCIPLINE_WORDS[d]])];

/** One row per person offered: their role in the group and, for a co-leader, their discipline. */
export function PeoplePicker({ people, values, errors, legend }: { people: InvitablePerson[]; values: FormBody; errors: FieldErrors; legend: string }) {
  return (
    <fieldset id="f-people" aria-describedby={errors.people ? 'f-people-error' : undefined}>
      <legend>{legend}</legend>
      <p class="hint">Each person chosen is invited and is in the group once they accept. Co-leaders are ideally of different disciplines.</p>
      {errors.people && (
        <p class="error" id="f-people-error">
          {errors.people}
        </p>
      )}
      {people.length === 0 && <p>No one else can be invited.</p>}
      {people.map((p) => (
        <div class="card person-choice">
          <p>
            <strong>{p.name}</strong> · {ROLE_WORDS[p.role]}, {p.organisationName}
          </p>
          <Select name={`role.${p.id}`} label={`Role of ${p.name} in the group`} errors={errors} value={textOf(values, `role.${p.id}`)} options={ROLE_CHOICES} />
          <Select name={`discipline.${p.id}`} label={`Discipline of ${p.name}, if co-leading`} errors={errors} value={textOf(values, `discipline.${p.id}`)} options={DISCIPLINE_CHOICES} />
        </div>
      ))}
    </fieldset>
  );
}

const hostLabel = (h: Host) => `${h.name} (${h.kind === 'service' ? 'consulting service' : 'practice'})`;

/** The host chosen (`?host=` or the form's), else the first the person may set a group up for. */
async function chosenHost(c: Context<WebEnv>, form: FormBody = {}) {
  const hosts = await c.get('services').caseDiscussionSetup.hosts(c.get('actor'));
  if (!hosts.length) throw new DomainError('forbidden', 'Groups are set up by the psychiatrists and psychologists of a service, or by the GPs of a practice.');
  const asked = hostOfValue(textOf(form, 'host') || (c.req.query('host') ?? ''));
  const host = hosts.find((h) => asked && h.kind === asked.kind && h.id === asked.id) ?? hosts[0]!;
  return { hosts, host, people: await c.get('services').caseDiscussionSetup.invitableFor(c.get('actor'), host) };
}

async function setupPage(c: Context<WebEnv>, values: FormBody = {}, errors: FieldErrors = {}, status = 200) {
  const { hosts, host, people } = await chosenHost(c, values);
  const me = c.get('actor').id;
  // The person setting the group up co-leads it unless they say otherwise.
  const shown: FormBody = Object.keys(values).length ? values : { [`role.${me}`]: 'leader', cadenceWeeks: '2' };
  const v = (name: string) => textOf(shown, name);
  return render(
    c,
    'Set up a group',
    <>
      {hosts.length > 1 && (
        <form method="get" action="/groups/new" class="inline-choice">
          <Select name="host" label="Host" errors={{}} value={hostValue(host)} options={hosts.map((h) => [hostValue(h), hostLabel(h)])} />
          <button type="submit" class="secondary">
            Show who can be invited
          </button>
        </form>
      )}
      <form method="post" action="/groups/new" novalidate>
        <Csrf token={c.get('session').csrf} />
        <input type="hidden" name="host" value={hostValue(host)} />
        <ErrorSummary errors={errors} />
        <p>
          Hosted by <strong>{hostLabel(host)}</strong>; sessions are in its local time ({host.timeZone}).
        </p>
        <Field name="name" label="Name of the group" errors={errors} value={v('name')} required attrs={{ maxlength: 200 }} />
        <Field name="cadenceWeeks" label="Every how many weeks" type="number" errors={errors} value={v('cadenceWeeks')} attrs={{ min: 1, max: 12 }} />
        <Field name="place" label="Place" errors={errors} value={v('place')} hint="A room, for example. Leave it empty for video only." />
        <Field name="videoLink" label="Video link" type="url" errors={errors} value={v('videoLink')} hint="Optional; starting https://." />
        <label class="check">
          <input type="checkbox" id="f-workingTime" name="workingTime" value="yes" checked={v('workingTime') === 'yes'} /> Sessions fall in working time
        </label>
        <PeoplePicker people={people} values={shown} errors={errors} legend="Co-leaders and members" />
        <button type="submit">Set up the group</button>
      </form>
    </>,
    { status },
  );
}

export function groupSetupRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/groups/new', (c) => setupPage(c));
  routes.post('/groups/new', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const { host, people } = await chosenHost(c, form);
    const offered = people.map((p) => p.id);
    try {
      const group = await c.get('services').caseDiscussions.createGroup(c.get('actor'), newGroupOf(form, host, offered));
      return c.redirect(`/groups/${group.id}?done=created`, 303);
    } catch (error) {
      if (!isFieldError(error)) throw error;
      return setupPage(c, form, peopleErrorsOf(error, inviteesOf(form, offered)), error.code === 'invalid_input' ? 400 : 422);
    }
  });
  return routes;
}
