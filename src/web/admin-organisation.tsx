/**
 * The administrator's "Organisation": its name, identifiers (how EHRs name it), the default
 * consulting service its GPs' requests go to, and its time zone — saved through the organisation
 * use case like PATCH /api/admin/organisations/{id}. The form carries the version it was read
 * at; a stale one shows the values as they are now. Only shapes are checked here.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Organisation } from '../domain/administration.js';
import { isTimeZone } from '../domain/time-zone.js';
import { identifiersOf, identifiersText, refusalOf, versionOf, type Refusal } from './admin-forms.js';
import { Banner, Csrf, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { formError, textOf, type FormBody } from './forms.js';
import { render } from './render.js';

const CONTROLS = ['name', 'identifiers', 'defaultServiceId', 'timeZone'];
const OrganisationForm = z.object({
  name: z.string().min(1, 'Fill this in.').max(200, 'At most 200 characters.'),
  identifiers: z.array(z.object({ system: z.string().max(500, 'A system of at most 500 characters.'), value: z.string().max(200, 'A value of at most 200 characters.') })).max(20, 'At most 20 identifiers.'),
  defaultServiceId: z.union([z.literal(''), z.uuid('Choose a service from the list.')]),
  timeZone: z.string().refine((zone) => zone === '' || isTimeZone(zone), 'Choose a time zone from the list.'),
});

const KIND_WORDS: Record<Organisation['kind'], string> = { practice: 'A GP practice: its GPs ask for consultations.', specialist: 'A mental-health provider: it runs consulting services.' };

type Values = Record<string, string>;
const valuesOf = (o: Organisation): Values => ({ name: o.name, identifiers: identifiersText(o.identifiers), defaultServiceId: o.defaultServiceId ?? '', timeZone: o.timeZone ?? '', version: String(o.version) });

function changeOf(form: FormBody) {
  const parsed = OrganisationForm.safeParse({ name: textOf(form, 'name'), identifiers: identifiersOf(textOf(form, 'identifiers')), defaultServiceId: textOf(form, 'defaultServiceId'), timeZone: textOf(form, 'timeZone') });
  if (!parsed.success) throw formError(parsed.error);
  const f = parsed.data;
  return { name: f.name, identifiers: f.identifiers, defaultServiceId: f.defaultServiceId || null, timeZone: f.timeZone || null };
}

async function organisationPage(c: Context<WebEnv>, shown: { values?: Values; errors?: FieldErrors } & Partial<Refusal> = {}) {
  const { actor, services } = c.var;
  const [organisation, consulting] = await Promise.all([services.administration.organisations.organisation(actor, actor.organisationId), services.directory.services()]);
  const values = shown.values ?? valuesOf(organisation);
  const errors = shown.errors ?? {};
  const zones = Intl.supportedValuesOf('timeZone');
  if (values.timeZone && !zones.includes(values.timeZone)) zones.unshift(values.timeZone);
  return render(
    c,
    'Organisation',
    <>
      {shown.banner ?? (c.req.query('done') === 'saved' && <Banner title="Saved">{<p>The organisation's settings are saved.</p>}</Banner>)}
      <p>{KIND_WORDS[organisation.kind]}</p>
      <form method="post" action="/organisation" class="card">
        <Csrf token={c.get('session').csrf} />
        <input type="hidden" name="version" value={values.version} />
        <ErrorSummary errors={errors} />
        <Field name="name" label="Name" errors={errors} value={values.name} required attrs={{ maxlength: 200 }} />
        <Field name="identifiers" label="Identifiers" hint="How EHRs name the organisation: one a line, system|value (e.g. https://example.org/sid/practice|P123)." type="textarea" errors={errors} value={values.identifiers} />
        <Select
          name="defaultServiceId"
          label="Default consulting service"
          hint="Where a request goes when the GP names no service."
          errors={errors}
          value={values.defaultServiceId}
          options={[['', 'None'], ...consulting.map((s): [string, string] => [s.id, `${s.name} (${s.organisationName})`])]}
        />
        <Select name="timeZone" label="Time zone" errors={errors} value={values.timeZone} options={[['', 'Not set'], ...zones.map((z): [string, string] => [z, z])]} />
        <button type="submit">Save the organisation</button>
      </form>
    </>,
    { status: shown.status ?? 200 },
  );
}

export function organisationRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/organisation', (c) => organisationPage(c));
  routes.post('/organisation', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const { actor, services } = c.var;
    try {
      const version = versionOf(form);
      await services.administration.organisations.change(actor, actor.organisationId, version, changeOf(form));
      return c.redirect('/organisation?done=saved', 303);
    } catch (error) {
      const refusal = refusalOf(error, 'These are the organisation’s settings as they are now; check them and save again.', CONTROLS);
      const values = refusal.errors ? { ...Object.fromEntries(CONTROLS.map((k) => [k, textOf(form, k)])), version: textOf(form, 'version') } : undefined;
      return organisationPage(c, { ...refusal, ...(values ? { values } : {}) });
    }
  });
  return routes;
}
