/**
 * A session of a Balint group: its agenda, the "Present a case" form (the identifier screen's
 * refusal shown next to the field), and for leaders the attendance and their private notes,
 * which members never see (the use case refuses them; the page does not even ask).
 */
import { Hono, type Context } from 'hono';
import { NOT_PRESENTABLE } from '../domain/case-discussion.js';
import { DomainError } from '../domain/errors.js';
import { Banner, Csrf, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { fieldErrorsOf, isFieldError, textOf, type FormBody } from './forms.js';
import { presentationOf, presentOf, textIn } from './group-forms.js';
import { UUID_PARAM } from './paths.js';
import { render } from './render.js';
import { AgendaItem } from './session-agenda.js';
import { STATE_WORDS, when } from './words.js';

const OWN_REQUESTS = 50;

/** Which form a refusal belongs to, so its errors show next to that form's fields only. */
interface Sent {
  form: 'present' | 'note' | 'attendance' | `reflection:${string}`;
  values: FormBody;
  errors: FieldErrors;
  /** A move the case's state no longer allows (a closed request takes no reflection): said above the agenda. */
  problem?: string;
}

const REFUSED_MOVES = new Set(['conflict', 'illegal_transition']);

const DONE: Record<string, string> = { presented: 'Your case is on the agenda.', attendance: 'Attendance recorded.', note: 'Note saved for the leaders.', reflection: 'Reflection saved.', shared: 'The reflection went where you chose.' };

async function sessionPage(c: Context<WebEnv>, sent?: Sent, status = 200) {
  const { services, actor } = c.var;
  const view = await services.caseDiscussions.view(actor, c.req.param('sessionId')!);
  const [people, timeZone] = await Promise.all([services.caseDiscussionRuns.people(actor, view.groupId), services.caseDiscussionRuns.timeZone(actor, view.groupId)]);
  const leading = people.some((p) => p.userId === actor.id && p.role === 'leader');
  const notes = leading ? await services.casePresentations.leaderNotes(actor, view.id) : [];
  // A GP may link one of their own requests; the group is shown its reference only, never the patient.
  const own = actor.role === 'gp' ? (await services.requests.list(actor, { requesterId: actor.id }, { after: null, limit: OWN_REQUESTS })).items.filter((r) => !NOT_PRESENTABLE.includes(r.state)) : [];
  const nameOf = (id: string) => people.find((p) => p.userId === id)?.name ?? 'a former member';
  const errorsFor = (form: Sent['form']) => (sent?.form === form ? sent.errors : {});
  const v = (form: Sent['form'], name: string) => (sent?.form === form ? textOf(sent.values, name) : '');
  const csrf = c.get('session').csrf;
  const done = DONE[c.req.query('done') ?? ''];
  return render(
    c,
    `${view.groupName}: session of ${when(view.startsAt, timeZone)}`,
    <>
      {done && <Banner title="Done">{done}</Banner>}
      {sent?.problem && <Banner kind="problem" title="Not done">{sent.problem}</Banner>}
      <p>
        {view.status === 'cancelled' ? 'Cancelled. ' : ''}Until {when(view.endsAt, timeZone)} · {view.runId ? <a href={`/groups/runs/${view.runId}`}>The run’s sessions</a> : <a href={`/groups/${view.groupId}`}>The group</a>}
      </p>
      <section aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">Agenda</h2>
        {view.agenda.length === 0 && <p>No case is on the agenda yet.</p>}
        {view.agenda.map((entry) => (
          <AgendaItem entry={entry} sessionId={view.id} presenter={nameOf(entry.presenterId)} mine={entry.presenterId === actor.id} leading={leading} csrf={csrf} errors={errorsFor(`reflection:${entry.id}`)} />
        ))}
      </section>
      {view.status === 'planned' && (
        <form method="post" action={`/groups/sessions/${view.id}/present`} novalidate>
          <h2>Present a case</h2>
          <Csrf token={csrf} />
          <ErrorSummary errors={errorsFor('present')} />
          <Banner kind="notice" title="No identifiers">
            <p>Describe the patient without a name, birth date, patient number or address: what is said here stays in the group and is not part of any record.</p>
          </Banner>
          <Field name="title" label="Title" errors={errorsFor('present')} value={v('present', 'title')} required hint="A few words, e.g. “A demanding family”." />
          <Field name="question" label="Your question to the group" type="textarea" errors={errorsFor('present')} value={v('present', 'question')} required />
          {own.length > 0 && (
            <Select name="requestId" label="About one of my requests (optional)" errors={errorsFor('present')} value={v('present', 'requestId')} hint="The group then sees its reference only; you may later share the group’s reflection on it." options={[['', 'No, a case of my own'], ...own.map((r): [string, string] => [r.id, `${r.reference} (${STATE_WORDS[r.state]})`])]} />
          )}
          <Field name="minutes" label="Minutes needed" type="number" errors={errorsFor('present')} value={v('present', 'minutes') || '20'} attrs={{ min: 5, max: 120 }} />
          <button type="submit">Present this case</button>
        </form>
      )}
      {leading && (
        <>
          <form method="post" action={`/groups/sessions/${view.id}/attendance`}>
            <h2>Attendance</h2>
            <Csrf token={csrf} />
            <fieldset>
              <legend>Who attended</legend>
              {errorsFor('attendance').present && <p class="error">{errorsFor('attendance').present}</p>}
              {people.map((p) => (
                <label class="check">
                  <input type="checkbox" name="present" value={p.userId} /> {p.name}
                </label>
              ))}
            </fieldset>
            <button type="submit">Record attendance</button>
          </form>
          <h2>Leaders’ private notes</h2>
          <p class="hint">Seen by the group’s leaders only; never part of a request.</p>
          {notes.map((n) => (
            <section class="card" aria-label={`Note by ${nameOf(n.authorId)}`}>
              <p class="hint">
                {nameOf(n.authorId)}, {when(n.writtenAt, timeZone)}
              </p>
              <p>{n.text}</p>
            </section>
          ))}
          <form method="post" action={`/groups/sessions/${view.id}/notes`} novalidate>
            <Csrf token={csrf} />
            <Field name="note" label="New private note" type="textarea" errors={errorsFor('note')} value={v('note', 'note')} required />
            <button type="submit">Save the note</button>
          </form>
        </>
      )}
    </>,
    { status },
  );
}

export function sessionRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  const session = `/groups/sessions/:sessionId${UUID_PARAM}`;
  /** A form's use case; on a refusal that names a field, the page again with the errors next to it. */
  const post = (path: string, form: (c: Context<WebEnv>) => Sent['form'], run: (c: Context<WebEnv>, values: FormBody) => Promise<string>) =>
    routes.post(path, async (c) => {
      const values = await c.req.parseBody({ all: true });
      try {
        return c.redirect(`/groups/sessions/${c.req.param('sessionId')}?done=${await run(c, values)}`, 303);
      } catch (error) {
        if (error instanceof DomainError && REFUSED_MOVES.has(error.code)) return sessionPage(c, { form: form(c), values, errors: {}, problem: error.message }, 409);
        if (!isFieldError(error)) throw error;
        return sessionPage(c, { form: form(c), values, errors: fieldErrorsOf(error) }, error.code === 'invalid_input' ? 400 : 422);
      }
    });
  routes.get(session, (c) => sessionPage(c));
  const id = (c: Context<WebEnv>) => c.req.param('sessionId')!;
  post(`${session}/present`, () => 'present', async (c, f) => (await c.get('services').casePresentations.present(c.get('actor'), id(c), presentationOf(f)), 'presented'));
  post(`${session}/attendance`, () => 'attendance', async (c, f) => (await c.get('services').caseDiscussions.recordAttendance(c.get('actor'), id(c), presentOf(f)), 'attendance'));
  post(`${session}/notes`, () => 'note', async (c, f) => (await c.get('services').casePresentations.writeLeaderNote(c.get('actor'), id(c), textIn(f, 'note')), 'note'));
  const item = `${session}/items/:itemId${UUID_PARAM}`;
  post(`${item}/reflection`, (c) => `reflection:${c.req.param('itemId')}`, async (c, f) => (await c.get('services').casePresentations.reflect(c.get('actor'), id(c), c.req.param('itemId')!, textIn(f, `reflection.${c.req.param('itemId')}`)), 'reflection'));
  post(`${item}/share`, (c) => `reflection:${c.req.param('itemId')}`, async (c, f) => {
    await c.get('services').casePresentations.share(c.get('actor'), id(c), c.req.param('itemId')!, textOf(f, 'to') === 'request' ? 'request' : 'presenter');
    return 'shared';
  });
  return routes;
}
