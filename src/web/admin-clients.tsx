/**
 * The administrator's "EHR clients": the organisation's system clients (the EHRs that call
 * Liaison with SMART Backend Services) — add one, change its scopes, side and keys, deactivate or
 * reactivate it — and the outbound EHR connection (admin-ehr-connection.tsx). Every change goes
 * through the clients use case like /api/admin/clients; each form carries the version it was read
 * at, and a stale one shows the client as it is now.
 */
import { Hono, type Context } from 'hono';
import type { SystemClient } from '../domain/administration.js';
import { refusalOf, versionOf, type Refusal } from './admin-forms.js';
import { CLIENT_CONTROLS, ClientFields, clientInputOf, clientValuesOf, formValuesOf, type ClientValues } from './admin-client-form.js';
import { EhrConnectionSection, ehrConnectionRoutes, type ConnectionShown } from './admin-ehr-connection.js';
import { Banner, Csrf, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { textOf } from './forms.js';
import { render } from './render.js';
import { when } from './words.js';

/** A system client's id is its SMART client_id: text, not a UUID. */
const CLIENT_PARAM = ':id{[A-Za-z0-9._~-]{1,200}}';
const SIDE_WORDS = { requesting: 'Requesting side', consulting: 'Consulting side' } as const;

/** Which form a refused change came from: a client's (by id), the new client's, or the connection's. */
interface Shown extends Partial<Refusal> {
  form?: string;
  values?: ClientValues;
  connection?: ConnectionShown;
}

function keysWords(c: SystemClient): string {
  if (c.jwksUri) return c.jwksFetchedAt ? `Keys from ${c.jwksUri}, fetched ${when(c.jwksFetchedAt)}` : `Keys from ${c.jwksUri} (not fetched yet)`;
  const n = c.jwks?.keys.length ?? 0;
  return n ? `${n} registered public key${n === 1 ? '' : 's'}` : 'No keys: it cannot sign in';
}

function ClientCard({ client, shown, csrf }: { client: SystemClient; shown: Shown; csrf: string }) {
  const own = shown.form === client.id;
  const errors: FieldErrors = own ? (shown.errors ?? {}) : {};
  return (
    <li>
      <h3 id={`c-${client.id}`}>{client.name}</h3>
      <div class="meta">
        <span>Client id: {client.id}</span>
        <span>{client.active ? 'Active' : 'Deactivated'}</span>
        <span>{client.side ? SIDE_WORDS[client.side] : 'Side as the organisation implies'}</span>
        <span>{keysWords(client)}</span>
      </div>
      <details open={own && Object.keys(errors).length > 0}>
        <summary>Change {client.name}</summary>
        <form method="post" action={`/ehr-clients/${client.id}`}>
          <ClientFields scope={client.id} values={own && shown.values ? shown.values : clientValuesOf(client)} errors={errors} csrf={csrf} version={own && shown.values ? shown.values.version : String(client.version)} />
          <button type="submit">Save {client.name}</button>
        </form>
      </details>
      <form method="post" action={`/ehr-clients/${client.id}/active`}>
        <Csrf token={csrf} />
        <input type="hidden" name="version" value={String(client.version)} />
        <input type="hidden" name="active" value={client.active ? 'no' : 'yes'} />
        <button type="submit" class={client.active ? 'secondary' : undefined} aria-label={`${client.active ? 'Deactivate' : 'Reactivate'} ${client.name}`}>
          {client.active ? 'Deactivate' : 'Reactivate'}
        </button>
      </form>
    </li>
  );
}

const DONE: Record<string, string> = {
  created: 'The EHR client is registered. It signs its assertions with the client id shown under its name.',
  saved: 'The EHR client is saved. A new key works at once.',
  deactivate: 'The EHR client is deactivated: its next token request is refused.',
  reactivate: 'The EHR client is active again.',
  connection: 'The EHR connection is saved. Its secret is kept and never shown again.',
  'connection-removed': 'Liaison no longer pushes to your EHR.',
};

async function clientsPage(c: Context<WebEnv>, shown: Shown = {}) {
  const { actor, services } = c.var;
  const clients = await services.administration.clients.list(actor, actor.organisationId);
  const csrf = c.get('session').csrf;
  const done = DONE[c.req.query('done') ?? ''];
  const newErrors = shown.form === 'new' ? (shown.errors ?? {}) : {};
  return render(
    c,
    'EHR clients',
    <>
      {shown.banner ?? (done && <Banner title="Saved">{<p>{done}</p>}</Banner>)}
      <section aria-labelledby="clients-heading">
        <h2 id="clients-heading">Systems that call Liaison</h2>
        {clients.length === 0 ? <p>No EHR client is registered for your organisation.</p> : (
          <ul class="cards">
            {clients.map((client) => <ClientCard client={client} shown={shown} csrf={csrf} />)}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="new-client">
        <h2 id="new-client">Add an EHR client</h2>
        <form method="post" action="/ehr-clients">
          <ClientFields scope="new" values={shown.form === 'new' && shown.values ? shown.values : { scopes: 'system/ServiceRequest.cruds system/Task.rs' }} errors={newErrors} csrf={csrf} />
          <button type="submit">Add the EHR client</button>
        </form>
      </section>
      <EhrConnectionSection c={c} shown={shown.connection} />
    </>,
    { status: shown.status ?? 200 },
  );
}

export function clientRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get('/ehr-clients', (c) => clientsPage(c));
  routes.post('/ehr-clients', async (c) => {
    const form = await c.req.parseBody({ all: true });
    try {
      await c.get('services').administration.clients.create(c.get('actor'), c.get('actor').organisationId, await clientInputOf(form));
      return c.redirect('/ehr-clients?done=created', 303);
    } catch (error) {
      return clientsPage(c, { ...refusalOf(error, 'This is the list as it is now; check it and try again.', CLIENT_CONTROLS), form: 'new', values: formValuesOf(form) });
    }
  });
  routes.post(`/ehr-clients/${CLIENT_PARAM}`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const id = c.req.param('id');
    try {
      const version = versionOf(form);
      const { jwks, jwksUri, ...rest } = await clientInputOf(form);
      // Keys at an address: the cached copy is not the administrator's to overwrite.
      await c.get('services').administration.clients.change(c.get('actor'), id, version, { ...rest, jwksUri, ...(jwksUri ? {} : { jwks }) });
      return c.redirect('/ehr-clients?done=saved', 303);
    } catch (error) {
      const refusal = refusalOf(error, 'This is the client as it is now; check it and save again.', CLIENT_CONTROLS);
      return clientsPage(c, { ...refusal, form: id, ...(refusal.errors ? { values: formValuesOf(form) } : {}) });
    }
  });
  routes.post(`/ehr-clients/${CLIENT_PARAM}/active`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const active = textOf(form, 'active') === 'yes';
    try {
      await c.get('services').administration.clients.change(c.get('actor'), c.req.param('id'), versionOf(form), { active });
      return c.redirect(`/ehr-clients?done=${active ? 'reactivate' : 'deactivate'}`, 303);
    } catch (error) {
      return clientsPage(c, refusalOf(error, 'This is the list as it is now; check it and try again.'));
    }
  });
  routes.route('/', ehrConnectionRoutes((c, shown) => clientsPage(c, shown)));
  return routes;
}
