/**
 * A run of a Balint group: its sessions, the leaders' moves (pause, resume, close), the closing
 * feedback questionnaire (members answer; leaders read the summary without names) and each
 * person's attendance certificate to download.
 */
import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import { DateTime } from 'luxon';
import type { RunMove } from '../domain/case-discussion-run.js';
import type { Certificate } from '../services/case-discussion-records.js';
import { Banner, Csrf, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { fieldErrorsOf, isFieldError, textOf, type FormBody } from './forms.js';
import { extensionOf, feedbackOf } from './group-forms.js';
import { UUID_PARAM } from './paths.js';
import { render } from './render.js';
import { ExtendForm, RunMeasuresView } from './run-measures.js';
import { COOPERATION_WORDS, DISCIPLINE_WORDS, RUN_STATUS_WORDS, when } from './words.js';

const MOVES: Record<'pause' | 'resume' | 'close', { label: string; from: string[] }> = {
  pause: { label: 'Pause the run', from: ['active'] },
  resume: { label: 'Resume the run', from: ['paused'] },
  close: { label: 'Close the run', from: ['active', 'paused'] },
};

/** The run, its group's people and local time, and whether the caller leads it. */
async function runContext(c: Context<WebEnv>) {
  const { services, actor } = c.var;
  const view = await services.caseDiscussionRuns.read(actor, c.req.param('runId')!);
  const [people, { host }] = await Promise.all([services.caseDiscussionRuns.people(actor, view.run.groupId), services.caseDiscussionRuns.group(actor, view.run.groupId)]);
  return { ...view, host, timeZone: host.timeZone, leading: people.some((p) => p.userId === actor.id && p.role === 'leader') };
}

/** A refused extension, shown next to its field. */
interface Sent {
  values: FormBody;
  errors: FieldErrors;
}

async function runPage(c: Context<WebEnv>, sent?: Sent, status = 200) {
  const { run, sessions, timeZone, leading, host } = await runContext(c);
  const measures = leading ? await c.get('services').caseDiscussionRecords.measures(c.get('actor'), run.id) : null;
  return render(
    c,
    `Run from ${when(run.startsAt, timeZone)}`,
    <>
      {c.req.query('done') === 'extended' && <Banner title="Run extended">The new sessions are on the same rhythm.</Banner>}
      <p>
        {RUN_STATUS_WORDS[run.status]} · every {run.rhythmWeeks} weeks, {run.durationMinutes} minutes{run.place ? ` · ${run.place}` : ''} · <a href={`/groups/${run.groupId}`}>Back to the group</a>
      </p>
      <h2>Sessions</h2>
      <ol class="timeline">
        {sessions.map((s) => (
          <li>
            <a href={`/groups/sessions/${s.id}`}>{when(s.startsAt, timeZone)}</a>
            {s.status === 'cancelled' ? ' · cancelled' : ''}
            {s.closing ? ' · closing feedback session' : ''}
          </li>
        ))}
      </ol>
      <h2>After the run</h2>
      <p>
        <a class="button secondary" href={`/groups/runs/${run.id}/feedback`}>
          {leading ? 'Feedback summary' : 'Feedback questionnaire'}
        </a>
        <a class="button secondary" href={`/groups/runs/${run.id}/certificate`} download="attendance-certificate.html">
          Download my attendance certificate
        </a>
      </p>
      {leading &&
        Object.entries(MOVES)
          .filter(([, m]) => m.from.includes(run.status))
          .map(([move, m]) => (
            <form method="post" action={`/groups/runs/${run.id}/${move}`} style="display:inline">
              <Csrf token={c.get('session').csrf} />
              <button type="submit" class="secondary">
                {m.label}
              </button>
            </form>
          ))}
      {leading && run.status !== 'closed' && <ExtendForm run={run} csrf={c.get('session').csrf} values={sent?.values ?? {}} errors={sent?.errors ?? {}} />}
      {measures && <RunMeasuresView m={measures} timeZone={timeZone} toService={host.kind === 'service'} />}
    </>,
    { status },
  );
}

async function feedbackPage(c: Context<WebEnv>, values: FormBody = {}, errors: FieldErrors = {}, status = 200) {
  const { run, leading } = await runContext(c);
  if (leading) {
    const { answers, minimum, summary } = await c.get('services').caseDiscussionRecords.feedbackSummary(c.get('actor'), run.id);
    return render(
      c,
      'Feedback summary',
      summary ? (
        <>
          <p>{answers} members answered. No names are shown.</p>
          <h2>Co-leadership</h2>
          <p>Average rating {summary.coLeadership.average.toFixed(1)} of 5.</p>
          <ul>{summary.coLeadership.comments.map((t) => <li>{t}</li>)}</ul>
          <h2>Cooperation with mental health</h2>
          <p>{(['better', 'unchanged', 'worse'] as const).map((k) => `${COOPERATION_WORDS[k]}: ${summary.cooperation[k]}`).join(' · ')}</p>
          <ul>{summary.cooperation.comments.map((t) => <li>{t}</li>)}</ul>
          <h2>What members learnt</h2>
          <ul>{summary.learnt.map((t) => <li>{t}</li>)}</ul>
        </>
      ) : (
        <p>
          {answers} of at least {minimum} answers so far: the summary is shown once {minimum} members have answered, so that no answer points at a person.
        </p>
      ),
    );
  }
  const v = (name: string) => textOf(values, name);
  const done = c.req.query('done') === 'answered';
  return render(
    c,
    'Feedback questionnaire',
    done ? (
      <Banner title="Thank you">Your answers are in. The leaders see them only summarised, without names.</Banner>
    ) : (
      <form method="post" action={`/groups/runs/${run.id}/feedback`} novalidate>
        <Csrf token={c.get('session').csrf} />
        <ErrorSummary errors={errors} />
        <p class="hint">Open from the run’s closing session. The leaders read a summary without names.</p>
        <Field name="learnt" label="What did you learn?" type="textarea" errors={errors} value={v('learnt')} required />
        <Select name="coLeadershipRating" label="How did the co-leadership work?" errors={errors} value={v('coLeadershipRating') || '3'} options={[['1', '1 – not well'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5 – very well']]} />
        <Field name="coLeadership" label="About the co-leadership (optional)" type="textarea" errors={errors} value={v('coLeadership')} />
        <Select name="cooperationChange" label="Has your cooperation with mental health changed?" errors={errors} value={v('cooperationChange') || 'unchanged'} options={(['better', 'unchanged', 'worse'] as const).map((k) => [k, COOPERATION_WORDS[k]])} />
        <Field name="cooperation" label="About the cooperation (optional)" type="textarea" errors={errors} value={v('cooperation')} />
        <button type="submit">Send my answers</button>
      </form>
    ),
    { status },
  );
}

/** The certificate as a page to keep or print: no patient on it, times in the group's local time. */
function CertificatePage({ cert }: { cert: Certificate }) {
  const local = (at: Date, format: string) => DateTime.fromJSDate(at, { zone: cert.group.timeZone }).toFormat(format);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>Attendance certificate</title>
      </head>
      <body>
        <h1>Attendance certificate</h1>
        <p>
          {cert.person.name} attended {cert.attended.length === 1 ? '1 session' : `${cert.attended.length} sessions`} ({cert.hours} hours) of the case-discussion (Balint) group “{cert.group.name}” of {cert.group.hostName},{' '}
          {cert.group.workingTime ? 'held in working time' : 'held after hours'}, led by {cert.leaders.map((l) => `${l.name} (${DISCIPLINE_WORDS[l.discipline ?? 'other'].toLowerCase()})`).join(', ')}.
        </p>
        <table>
          <caption>Sessions attended</caption>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Time</th>
          </tr>
          {cert.attended.map((s) => (
            <tr>
              <td>{local(s.startsAt, 'd LLLL yyyy')}</td>
              <td>{`${local(s.startsAt, 'HH:mm')}–${local(s.endsAt, 'HH:mm')}`}</td>
            </tr>
          ))}
        </table>
        <p>Issued {local(cert.issuedAt, 'd LLLL yyyy')}.</p>
      </body>
    </html>
  );
}

export function runRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  const run = `/groups/runs/:runId${UUID_PARAM}`;
  routes.get(run, (c) => runPage(c));
  routes.post(`${run}/:move{pause|resume|close}`, async (c) => {
    await c.get('services').caseDiscussionRuns.move(c.get('actor'), c.req.param('runId'), c.req.param('move') as RunMove);
    return c.redirect(`/groups/runs/${c.req.param('runId')}`, 303);
  });
  routes.post(`${run}/extend`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const runId = c.req.param('runId');
    try {
      const { run: current } = await c.get('services').caseDiscussionRuns.read(c.get('actor'), runId);
      await c.get('services').caseDiscussionRuns.move(c.get('actor'), runId, 'extend', extensionOf(form, current));
      return c.redirect(`/groups/runs/${runId}?done=extended`, 303);
    } catch (error) {
      if (!isFieldError(error)) throw error;
      return runPage(c, { values: form, errors: fieldErrorsOf(error) }, error.code === 'invalid_input' ? 400 : 422);
    }
  });
  routes.get(`${run}/feedback`, (c) => feedbackPage(c));
  routes.post(`${run}/feedback`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    try {
      await c.get('services').caseDiscussionRecords.answerFeedback(c.get('actor'), c.req.param('runId'), feedbackOf(form));
      return c.redirect(`/groups/runs/${c.req.param('runId')}/feedback?done=answered`, 303);
    } catch (error) {
      if (!isFieldError(error)) throw error;
      return feedbackPage(c, form, fieldErrorsOf(error), error.code === 'invalid_input' ? 400 : 422);
    }
  });
  routes.get(`${run}/certificate`, async (c) => {
    const cert = await c.get('services').caseDiscussionRecords.certificate(c.get('actor'), c.req.param('runId'));
    c.header('Content-Disposition', 'attachment; filename="attendance-certificate.html"');
    return c.html(<>{raw('<!DOCTYPE html>')}<CertificatePage cert={cert} /></>);
  });
  return routes;
}
