/**
 * The case-discussion (Balint) groups of the person signed in: invitations to accept or decline,
 * the groups they are in, a group with its runs, and (leaders) a new run's form. The use cases
 * decide who may see and do what; a group someone is not in does not exist for them (404).
 */
import { Hono, type Context } from 'hono';
import { Banner, Csrf, ErrorSummary, Field, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { fieldErrorsOf, isFieldError, textOf, type FormBody } from './forms.js';
import { runInputOf } from './group-forms.js';
import { render } from './render.js';
import { UUID_PARAM } from './paths.js';
import { DISCIPLINE_WORDS, RUN_STATUS_WORDS, when } from './words.js';


async function groupsPage(c: Context<WebEnv>) {
  const { services, actor } = c.var;
  const [invitations, groups, kept] = await Promise.all([services.caseDiscussions.invitations(actor), services.caseDiscussions.myGroups(actor), services.casePresentations.keptReflections(actor)]);
  const csrf = c.var.session.csrf;
  return render(
    c,
    'Case-discussion groups',
    <>
      {c.req.query('done') === 'declined' && <Banner title="Invitation declined">You stay out of the group.</Banner>}
      <h2>Invitations</h2>
      {invitations.length === 0 && <p>No invitations are waiting for your answer.</p>}
      {invitations.map((inv) => (
        <section class="card" aria-label={`Invitation to ${inv.groupName}`}>
          <p>
            <strong>{inv.groupName}</strong> ({inv.serviceName}) invites you as a {inv.role}
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
      <ul class="requests">
        {groups.map((g) => (
          <li>
            <a href={`/groups/${g.groupId}`}>{g.groupName}</a>
            <div class="meta">
              <span>{g.serviceName}</span>
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

async function groupPage(c: Context<WebEnv>, values: FormBody = {}, errors: FieldErrors = {}, status = 200) {
  const { services, actor } = c.var;
  const groupId = c.req.param('groupId')!;
  const [{ group, runs }, people, timeZone] = await Promise.all([services.caseDiscussionRuns.group(actor, groupId), services.caseDiscussionRuns.people(actor, groupId), services.caseDiscussionRuns.timeZone(actor, groupId)]);
  const leading = people.some((p) => p.userId === actor.id && p.role === 'leader');
  const v = (name: string, fallback: string) => textOf(values, name) || fallback;
  return render(
    c,
    group.name,
    <>
      <dl class="facts">
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
      {leading && (
        <form method="post" action={`/groups/${group.id}/runs`} novalidate>
          <h2>Start a run</h2>
          <Csrf token={c.var.session.csrf} />
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
    await c.var.services.caseDiscussions.respond(c.var.actor, groupId, accepted ? 'accepted' : 'declined');
    return c.redirect(accepted ? `/groups/${groupId}` : '/groups?done=declined', 303);
  });
  routes.get(`/groups/:groupId${UUID_PARAM}`, (c) => groupPage(c));
  routes.post(`/groups/:groupId${UUID_PARAM}/runs`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const groupId = c.req.param('groupId');
    try {
      const timeZone = await c.var.services.caseDiscussionRuns.timeZone(c.var.actor, groupId);
      const { run } = await c.var.services.caseDiscussionRuns.start(c.var.actor, runInputOf(form, groupId, timeZone));
      return c.redirect(`/groups/runs/${run.id}`, 303);
    } catch (error) {
      if (!isFieldError(error)) throw error;
      return groupPage(c, form, fieldErrorsOf(error), error.code === 'invalid_input' ? 400 : 422);
    }
  });
  return routes;
}
