/**
 * The administrator's "Services": each consulting service's SLA targets per priority (business
 * days), public holidays, business hours, triage team and intake, edited and saved through the
 * services use case (admin-service-form.tsx reads the form). The form carries the version it was
 * read at; a stale one shows "someone else changed this" with the values as they are now.
 */
import { Hono, type Context } from 'hono';
import { TEAM_ROLES } from '../domain/administration.js';
import { refusalOf, versionOf, type Refusal } from './admin-forms.js';
import { SERVICE_CONTROLS, ServiceForm, formServiceValuesOf, serviceValuesOf, settingsOf, type ServiceValues } from './admin-service-form.js';
import { Banner } from './components.js';
import type { WebEnv } from './env.js';
import { ID_PARAM } from './forms.js';
import { render } from './render.js';
import { ROLE_WORDS } from './words.js';

/** The people offered for a triage team; an organisation with more names them through the JSON API. */
const PEOPLE_LISTED = 500;

interface Shown extends Partial<Refusal> {
  id?: string;
  values?: ServiceValues;
}

async function servicesPage(c: Context<WebEnv>, shown: Shown = {}) {
  const { actor, services } = c.var;
  const [list, people, organisations] = await Promise.all([
    services.administration.organisations.services(actor, actor.organisationId),
    services.administration.staff.list(actor, actor.organisationId, null, PEOPLE_LISTED),
    services.directory.organisations(),
  ]);
  const clinicians = people.filter((p) => p.active && TEAM_ROLES.includes(p.role));
  const practices = organisations.filter((o) => o.kind === 'practice').map((o): [string, string] => [o.id, o.name]);
  const saved = c.req.query('done') === 'saved';
  return render(
    c,
    'Services',
    <>
      {shown.banner ?? (saved && <Banner title="Saved">{<p>The service's settings apply to requests submitted from now on.</p>}</Banner>)}
      {list.length === 0 && <p>Your organisation runs no consulting services.</p>}
      {list.map((s) => {
        const own = shown.id === s.id && shown.values ? shown.values : null;
        // Someone in the team now who is no longer offered (deactivated) still shows, to be taken out.
        const offered = [...clinicians, ...people.filter((p) => s.team.includes(p.id) && !clinicians.includes(p))];
        return (
          <ServiceForm
            service={s}
            values={own ?? serviceValuesOf(s)}
            errors={own ? (shown.errors ?? {}) : {}}
            csrf={c.get('session').csrf}
            clinicians={offered.map((p): [string, string] => [p.id, `${p.name} (${ROLE_WORDS[p.role]}${p.active ? '' : ', deactivated'})`])}
            practices={practices}
          />
        );
      })}
    </>,
    { status: shown.status ?? 200 },
  );
}

export function serviceRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/services', (c) => servicesPage(c));
  routes.post(`/services/${ID_PARAM}`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const id = c.req.param('id');
    try {
      const version = versionOf(form);
      await c.get('services').administration.organisations.changeService({ kind: 'user', actor: c.get('actor') }, id, version, settingsOf(form));
      return c.redirect('/services?done=saved', 303);
    } catch (error) {
      const refusal = refusalOf(error, "These are the service’s values as they are now; check them and save again.", SERVICE_CONTROLS);
      return servicesPage(c, { ...refusal, id, ...(refusal.errors ? { values: formServiceValuesOf(form) } : {}) });
    }
  });
  return routes;
}
