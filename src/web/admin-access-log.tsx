/**
 * The administrator's "Access log": who saw a request (by its reference, LSN-…, or its id), what a person (chosen by name) did, or what
 * the organisation's people did in a period — through the audit use case, which decides what is
 * theirs to ask (anything else is "not found"). Paged by the last row shown, oldest first.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AuditQuery } from '../domain/access-record.js';
import { DomainError } from '../domain/errors.js';
import { REQUEST_REFERENCE } from '../domain/request.js';
import type { StaffMember } from '../domain/administration.js';
import { Banner, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { fieldErrorsOf, formError } from './forms.js';
import { render } from './render.js';
import { when } from './words.js';

const PAGE_SIZE = 50;
/** The people offered in "Person"; the audit use case refuses anyone not of the organisation. */
const PEOPLE_LISTED = 500;
const day = z.union([z.literal(''), z.iso.date('A date such as 2026-11-30.')]);
const Filter = z.object({
  request: z.union([z.literal(''), z.uuid(), z.string().regex(REQUEST_REFERENCE)], 'A request reference such as LSN-001234, or a request id from the request page’s address.'),
  person: z.union([z.literal(''), z.uuid('Choose a person from the list.')]),
  from: day,
  to: day,
  after: z.union([z.literal(''), z.coerce.number().int().min(0)]),
});
type Filter = z.infer<typeof Filter>;

async function queryOf(c: Context<WebEnv>, organisationId: string, f: Filter): Promise<AuditQuery> {
  // "To" is the whole day named: the period ends at the start of the next day.
  const period = { from: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined, to: f.to ? new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000) : undefined };
  if (REQUEST_REFERENCE.test(f.request)) return { kind: 'request', requestId: await c.get('services').audit.requestIdOf(c.get('actor'), organisationId, f.request), ...period };
  if (f.request) return { kind: 'request', requestId: f.request, ...period };
  if (f.person) return { kind: 'actor', actorId: f.person, ...period };
  return { kind: 'organisation', organisationId, ...period };
}

function FilterForm({ values, errors, people }: { values: Record<string, string>; errors: FieldErrors; people: StaffMember[] }) {
  return (
    <form method="get" action="/access-log" class="filter">
      <ErrorSummary errors={errors} />
      <Field name="request" label="Request reference or id" hint="Who saw or changed this request: its reference (LSN-…) or the id in its page’s address." errors={errors} value={values.request} />
      <Select name="person" label="Person" hint="What this person did (when no request is given)." errors={errors} value={values.person} options={[['', 'Everyone in your organisation'], ...people.map((p): [string, string] => [p.id, p.name])]} />
      <Field name="from" label="From (date)" type="date" errors={errors} value={values.from} />
      <Field name="to" label="Until (date, inclusive)" type="date" errors={errors} value={values.to} />
      <button type="submit">Show the access log</button>
    </form>
  );
}

async function accessLogPage(c: Context<WebEnv>) {
  const values = Object.fromEntries(['request', 'person', 'from', 'to', 'after'].map((k) => [k, (c.req.query(k) ?? '').trim()]));
  const { actor, services } = c.var;
  const people = await services.administration.staff.list(actor, actor.organisationId, null, PEOPLE_LISTED);
  const parsed = Filter.safeParse(values);
  if (!parsed.success) return render(c, 'Access log', <FilterForm values={values} people={people} errors={fieldErrorsOf(formError(parsed.error))} />, { status: 400 });
  let rows;
  try {
    rows = await services.audit.entries(actor, actor.organisationId, await queryOf(c, actor.organisationId, parsed.data), parsed.data.after === '' ? null : parsed.data.after, PAGE_SIZE + 1);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'not_found') throw error;
    const field = parsed.data.request ? 'request' : 'person';
    return render(c, 'Access log', <FilterForm values={values} people={people} errors={{ [field]: `No ${field === 'request' ? 'request' : 'person or system'} of your organisation has this ${field === 'request' && REQUEST_REFERENCE.test(parsed.data.request) ? 'reference' : 'id'}.` }} />, { status: 404 });
  }
  const shown = rows.slice(0, PAGE_SIZE);
  const next = rows.length > PAGE_SIZE ? new URLSearchParams({ ...values, after: String(shown.at(-1)!.id) }) : null;
  return render(
    c,
    'Access log',
    <>
      <FilterForm values={values} people={people} errors={{}} />
      {shown.length === 0 ? (
        <Banner title="Nothing found">{<p>Nobody matches in this period.</p>}</Banner>
      ) : (
        <div class="table-wrap" role="region" aria-label="Access log (scrolls sideways on a narrow screen)" tabindex={0}>
        <table>
          <caption>Access log, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr>
                <td>{when(e.at)}</td>
                <td>{e.actorName ?? (e.actorKind === 'anonymous' ? 'Not signed in' : e.actorId)}</td>
                <td>{e.interaction}</td>
                <td>
                  {e.status}
                  {e.disclosed ? ' · saw the request' : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {next && (
        <p>
          <a href={`/access-log?${next}`}>Later entries</a>
        </p>
      )}
    </>,
  );
}

export function accessLogRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/access-log', (c) => accessLogPage(c));
  return routes;
}
