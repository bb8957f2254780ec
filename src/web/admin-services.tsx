/**
 * The administrator's "Services": each consulting service's SLA targets per priority (business
 * days) and its public holidays, edited and saved through the services use case. The form carries
 * the version it was read at; a stale one shows "someone else changed this" with the values as
 * they are now. Only the shape of the numbers and dates is checked here.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ServiceSettings } from '../domain/administration.js';
import { DomainError } from '../domain/errors.js';
import { PRIORITIES } from '../domain/request.js';
import { Banner, Csrf, ErrorSummary, Field, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { ID_PARAM, fieldErrorsOf, formError, isFieldError, textOf, type FormBody } from './forms.js';
import { render } from './render.js';
import { PRIORITY_WORDS } from './words.js';

const days = z.coerce.number({ error: 'A whole number of business days, 0 to 100.' }).int('A whole number of business days, 0 to 100.').min(0, 'A whole number of business days, 0 to 100.').max(100, 'A whole number of business days, 0 to 100.');
const SettingsForm = z.object({
  ...Object.fromEntries(PRIORITIES.map((p) => [`slaTargets.${p}`, days])),
  publicHolidays: z.array(z.iso.date('One date a line, such as 2026-12-25.')).max(400, 'At most 400 holidays.'),
  version: z.coerce.number().int(),
});

/** What the form's values were (to show back), or a service's own. */
type Values = Record<string, string>;
const valuesOf = (s: ServiceSettings): Values => ({ ...Object.fromEntries(PRIORITIES.map((p) => [`slaTargets.${p}`, String(s.slaTargets[p])])), publicHolidays: s.publicHolidays.join('\n'), version: String(s.version) });

function ServiceForm({ service, values, errors, csrf }: { service: ServiceSettings; values: Values; errors: FieldErrors; csrf: string }) {
  return (
    <section class="card" aria-labelledby={`s-${service.id}`}>
      <h2 id={`s-${service.id}`}>{service.name}</h2>
      <form method="post" action={`/services/${service.id}`}>
        <Csrf token={csrf} />
        <input type="hidden" name="version" value={values.version} />
        <ErrorSummary errors={errors} />
        <fieldset>
          <legend>Response targets (business days; 0 = within the hour)</legend>
          {PRIORITIES.map((p) => (
            <Field name={`slaTargets.${p}`} label={`${PRIORITY_WORDS[p]} (business days)`} type="number" errors={errors} value={values[`slaTargets.${p}`]} attrs={{ min: 0, max: 100, step: 1 }} required />
          ))}
        </fieldset>
        <Field name="publicHolidays" label="Public holidays" hint="One date a line (YYYY-MM-DD); the SLA clock skips them." type="textarea" errors={errors} value={values.publicHolidays} />
        <button type="submit">Save {service.name}</button>
      </form>
    </section>
  );
}

interface Shown {
  id: string;
  values: Values;
  errors: FieldErrors;
}

async function servicesPage(c: Context<WebEnv>, options: { status?: number; banner?: unknown; shown?: Shown } = {}) {
  const { actor, services } = c.var;
  const list = await services.administration.organisations.services(actor, actor.organisationId);
  const saved = c.req.query('done') === 'saved';
  return render(
    c,
    'Services',
    <>
      {options.banner ?? (saved && <Banner title="Saved">{<p>The service's targets and holidays apply to requests submitted from now on.</p>}</Banner>)}
      {list.length === 0 && <p>Your organisation runs no consulting services.</p>}
      {list.map((s) => {
        const own = options.shown?.id === s.id ? options.shown : null;
        return <ServiceForm service={s} values={own?.values ?? valuesOf(s)} errors={own?.errors ?? {}} csrf={c.var.session.csrf} />;
      })}
    </>,
    { status: options.status ?? 200 },
  );
}

function settingsOf(form: FormBody) {
  const holidays = textOf(form, 'publicHolidays').split(/\s+/).filter(Boolean);
  const parsed = SettingsForm.safeParse({ ...Object.fromEntries(PRIORITIES.map((p) => [`slaTargets.${p}`, textOf(form, `slaTargets.${p}`) || undefined])), publicHolidays: holidays, version: textOf(form, 'version') });
  if (!parsed.success) throw formError(parsed.error);
  const f = parsed.data as Record<string, number> & { publicHolidays: string[]; version: number };
  return { version: f.version, patch: { slaTargets: Object.fromEntries(PRIORITIES.map((p) => [p, f[`slaTargets.${p}`]!])) as ServiceSettings['slaTargets'], publicHolidays: holidays } };
}

export function serviceRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/services', (c) => servicesPage(c));
  routes.post(`/services/${ID_PARAM}`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const id = c.req.param('id');
    try {
      const { version, patch } = settingsOf(form);
      await c.var.services.administration.organisations.changeService({ kind: 'user', actor: c.var.actor }, id, version, patch);
      return c.redirect('/services?done=saved', 303);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'precondition_failed') {
        return servicesPage(c, { status: 412, banner: <Banner kind="notice" title="Someone else changed this">{<p>Nothing was saved. These are the service's values as they are now; check them and save again.</p>}</Banner> });
      }
      if (!isFieldError(error)) throw error;
      const values = Object.fromEntries(Object.keys(SettingsForm.shape).map((k) => [k, textOf(form, k)]));
      return servicesPage(c, { status: error.code === 'invalid_input' ? 400 : 422, shown: { id, values, errors: fieldErrorsOf(error) } });
    }
  });
  return routes;
}
