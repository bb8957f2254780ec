/**
 * The case-discussion (Balint) groups of the person signed in: invitations to accept or decline,
 * the groups they are in, a group with its runs, and (leaders) a new run's form. The use cases
 * decide who may see and do what; a group someone is not in does not exist for them (404).
 */
import { Hono, type Context } from 'hono';
import { Banner, Csrf, ErrorSummary, Field, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { fieldErrorsOf, isFieldError, textOf, type FormBody } from './forms.js';
import { DomainError } from '../domain/errors.js';
import { runInputOf } from './group-forms.js';
import { GroupPeople, peopleSection } from './group-people.js';
import { inviteesOf, peopleErrorsOf } from './group-setup-forms.js';
import { render } from './render.js';
import { UUID_PARAM } from './paths.js';
import { DISCIPLINE_WORDS, RUN_STATUS_WORDS, when } from './words.js';


async function groupsPage(c: Context<WebEnv>) {
  const { services, actor } = c.var;
  const [invitations, groups, kept, hosts] = await Promise.all([
    services.caseDiscussions.invitations(actor),
    services.caseDiscussions.myGroups(actor),
    services.casePresentations.keptReflections(actor),
    services.caseDiscussionSetup.hosts(actor),
  ]);
  const csrf = c.get('session').csrf;
  return render(
    c,
    'Case-discussion groups',
    <>
      {c.req.query('done') === 'declined' && <Banner title="Invitation declined">You stay out of the group.</Banner>}
      {c.req.query('done') === 'left' && <Banner title="You left the group">Its other leaders carry on; they may invite you again.</Banner>}
      <h2>Invitations</h2>
      {invitations.length === 0 && <p>No invitations are waiting for your answer.</p>}
      {invitations.map((inv) => (
        <section class="card" aria-label={`Invitation to ${inv.groupName}`}>
          <p>
            <strong>{inv.groupName}</strong> ({inv.host.name}) invites you as a {inv.role}
            {inv.invitedBy && <> — from {inv.invitedBy.name}</>}.
          </p>
          {(['accept', 'decline'] as const).map((answer) => (
            <form method="post" action={`/groups/invitations/${inv.groupId}/${answer}`} style="display:inline">
              <Csrf token={csrf} />
              <button type="submit" class={answer === 'decline' ? 'secondary' : undefined} aria-label={`${answer === 'accept' ? 'Accept' : 'Decline'} the invitation to ${inv.groupName}`}>
                {answer === 'accept' ? 'Accept' : 'Decline'}
              </button>
            </form>
          ))}
        </section>
      ))}
      <h2>My groups</h2>
      {groups.length === 0 && <p>You are not in a case-discussion group yet.</p>}
      {hosts.length > 0 && (
        <p>
          <a class="button secondary" href="/groups/new">
            Set up a group
          </a>
        </p>
      )}
      <ul class="requests">
        {groups.map((g) => (
          <li>
            <a href={`/groups/${g.groupId}`}>{g.groupName}</a>
            <div class="meta">
              <span>{g.host.name}</span>
              <span>{g.role === 'leader' ? 'You lead it' : 'Member'}</span>
            </div>
          </li>
        ))}
      </ul>
      {kept.length > 0 && (
        <>
          <h2>Reflections kept for you</h2>
          {kept.map((k) => (
            <section class="card" aria-label={`Reflection on ${k.title ?? 'your case'}`}>
              <p>
                <strong>{k.title ?? 'Your case'}</strong> · {k.groupName}, {when(k.sessionStartsAt)}
              </p>
              <p>{k.reflection}</p>
            </section>
          ))}
        </>
      )}
    </>,
  );
}

/** Which form of the group page a refusal belongs to, so its errors show next to that form only. */
interface Sent {
  form: 'run' | 'people';
  values: FormBody;
  errors: FieldErrors;
}

const DONE: Record<string, string> = { created: 'The group is set up; everyone you chose is invited.', invited: 'Invited: they are in the group once they accept.', removed: 'Removed from the group.' };

async function groupPage(c: Context<WebEnv>, sent?: Sent, status = 200) {
  const { services, actor } = c.var;
  const groupId = c.req.param('groupId')!;
  const [{ group, host, runs }, people] = await Promise.all([services.caseDiscussionRuns.group(actor, groupId), services.caseDiscussionRuns.people(actor, groupId)]);
  const { timeZone } = host;
  const leading = people.some((p) => p.userId === actor.id && p.role === 'leader');
  const section = leading ? await peopleSection(c, groupId) : null;
  const values = sent?.form === 'run' ? sent.values : {};
  const errors = sent?.form === 'run' ? sent.errors : {};
  const v = (name: string, fallback: string) => textOf(values, name) || fallback;
  const done = DONE[c.req.query('done') ?? ''];
  return render(
    c,
    group.name,
    <>
      {done && <Banner title="Done">{done}</Banner>}
      <dl class="facts">
        <dt>Hosted by</dt>
        <dd>
          {host.name} ({host.kind === 'service' ? 'consulting service' : 'practice'})
        </dd>
        <dt>Led by</dt>
        <dd>{people.filter((p) => p.role === 'leader').map((p) => `${p.name} (${DISCIPLINE_WORDS[p.discipline ?? 'other']})`).join(', ')}</dd>
        <dt>Members</dt>
        <dd>{people.filter((p) => p.role === 'member').map((p) => p.name).join(', ') || 'None yet'}</dd>
        <dt>Meets</dt>
        <dd>
          Every {group.cadenceWeeks} weeks{group.place ? `, ${group.place}` : ''}, {group.workingTime ? 'in working time' : 'after hours'}
        </dd>
        {group.videoLink && (
          <>
            <dt>Video link</dt>
            <dd>
              <a href={group.videoLink}>Join the video call</a>
            </dd>
          </>
        )}
      </dl>
      <h2>Runs of sessions</h2>
      {runs.length === 0 && <p>No run has started yet.</p>}
      <ul class="requests">
        {runs.map((run) => (
          <li>
            <a href={`/groups/runs/${run.id}`}>Run from {when(run.startsAt, timeZone)}</a>
            <div class="meta">
              <span>{RUN_STATUS_WORDS[run.status]}</span>
              <span>Every {run.rhythmWeeks} weeks</span>
              {run.sessionCount && <span>{run.sessionCount} sessions</span>}
            </div>
          </li>
        ))}
      </ul>
      {section && <GroupPeople groupId={group.id} me={actor.id} section={section} csrf={c.get('session').csrf} values={sent?.form === 'people' ? sent.values : {}} errors={sent?.form === 'people' ? sent.errors : {}} />}
      {leading && (
        <form method="post" action={`/groups/${group.id}/runs`} novalidate>
          <h2>Start a run</h2>
          <Csrf token={c.get('session').csrf} />
          <ErrorSummary errors={errors} />
          <Field name="startsAt" label="First session" type="datetime-local" errors={errors} value={v('startsAt', '')} hint={`Local time (${timeZone}).`} required />
          <Field name="rhythmWeeks" label="Every how many weeks" type="number" errors={errors} value={v('rhythmWeeks', String(group.cadenceWeeks))} attrs={{ min: 1, max: 12 }} />
          <Field name="durationMinutes" label="Length of a session in minutes" type="number" errors={errors} value={v('durationMinutes', '90')} attrs={{ min: 30, max: 240 }} />
          <Field name="sessionCount" label="Number of sessions" type="number" errors={errors} value={v('sessionCount', '12')} hint="The last one is the closing feedback session." attrs={{ min: 1, max: 52 }} />
          <button type="submit">Start the run</button>
        </form>
      )}
    </>,
    { status },
  );
}

export function groupRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/groups', groupsPage);
  routes.post(`/groups/invitations/:groupId${UUID_PARAM}/:answer{accept|decline}`, async (c) => {
    const groupId = c.req.param('groupId');
    const accepted = c.req.param('answer') === 'accept';
    await c.get('services').caseDiscussions.respond(c.get('actor'), groupId, accepted ? 'accepted' : 'declined');
    return c.redirect(accepted ? `/groups/${groupId}` : '/groups?done=declined', 303);
  });
  routes.get(`/groups/:groupId${UUID_PARAM}`, (c) => groupPage(c));
  routes.post(`/groups/:groupId${UUID_PARAM}/runs`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const groupId = c.req.param('groupId');
    try {
      const timeZone = await c.get('services').caseDiscussionRuns.timeZone(c.get('actor'), groupId);
      const { run } = await c.get('services').caseDiscussionRuns.start(c.get('actor'), runInputOf(form, groupId, timeZone));
      return c.redirect(`/groups/runs/${run.id}`, 303);
    } catch (error) {
      if (!isFieldError(error)) throw error;
      return groupPage(c, { form: 'run', values: form, errors: fieldErrorsOf(error) }, error.code === 'invalid_input' ? 400 : 422);
    }
  });
  routes.post(`/groups/:groupId${UUID_PARAM}/people`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const groupId = c.req.param('groupId');
    const offered = (await c.get('services').caseDiscussionSetup.invitableTo(c.get('actor'), groupId)).map((p) => p.id);
    const chosen = inviteesOf(form, offered);
    try {
      await c.get('services').caseDiscussionSetup.invite(c.get('actor'), groupId, chosen);
      return c.redirect(`/groups/${groupId}?done=invited`, 303);
    } catch (error) {
      if (!isFieldError(error)) throw error;
      return groupPage(c, { form: 'people', values: form, errors: peopleErrorsOf(error, chosen) }, 422);
    }
  });
  routes.post(`/groups/:groupId${UUID_PARAM}/people/:userId${UUID_PARAM}/remove`, async (c) => {
    const groupId = c.req.param('groupId');
    try {
      const userId = c.req.param('userId');
      await c.get('services').caseDiscussionSetup.remove(c.get('actor'), groupId, userId);
      // A leader who removed themselves is no longer in the group: its page no longer exists for them.
      return c.redirect(userId === c.get('actor').id ? '/groups?done=left' : `/groups/${groupId}?done=removed`, 303);
    } catch (error) {
      // The leaders left would not satisfy the host's rule: said beside the list of people.
      if (!(error instanceof DomainError) || error.code !== 'conflict') throw error;
      return groupPage(c, { form: 'people', values: {}, errors: fieldErrorsOf(error) }, 409);
    }
  });
  return routes;
}
