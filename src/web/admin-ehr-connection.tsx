/**
 * The outbound "EHR connection" on the EHR clients page: where Liaison pushes each request's Task
 * and outcome letter (the organisation's own FHIR server) and how it signs in there — a static
 * bearer token or SMART Backend Services. Saved through the EHR connection use case like
 * PUT /api/admin/ehr-connection. A secret is never shown back, not even on a refused form: left
 * empty, the saved one is kept. The form carries when the connection was last saved (stale: 412).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { DomainError } from '../domain/errors.js';
import type { EhrConnectionView } from '../services/ehr-connections.js';
import { refusalOf, type Refusal } from './admin-forms.js';
import { Csrf, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { formError, textOf, type FormBody } from './forms.js';
import { when } from './words.js';

const CONTROLS = ['baseUrl', 'auth.kind', 'auth.token', 'auth.tokenUrl', 'auth.clientId', 'auth.scope', 'auth.privateJwk'];
const SECRETS = ['auth.token', 'auth.privateJwk'];
const KINDS: [string, string][] = [
  ['bearer', 'A bearer token'],
  ['smart-backend-services', 'SMART Backend Services (signed client assertion)'],
];
const DEFAULT_SCOPE = 'system/Task.u system/DocumentReference.u';

const address = (what: string) => z.url({ protocol: /^https?$/, error: `${what} such as https://ehr.example.org/fhir.` }).max(2000, 'At most 2,000 characters.');
const ConnectionForm = z.discriminatedUnion('auth.kind', [
  z.object({ baseUrl: address('An address'), 'auth.kind': z.literal('bearer'), 'auth.token': z.string().max(4000, 'At most 4,000 characters.') }),
  z.object({
    baseUrl: address('An address'),
    'auth.kind': z.literal('smart-backend-services'),
    'auth.tokenUrl': address('The EHR’s token endpoint,'),
    'auth.clientId': z.string().min(1, 'Fill this in: the client id the EHR gave Liaison.').max(200, 'At most 200 characters.'),
    'auth.scope': z.string().max(1000, 'At most 1,000 characters.'),
    'auth.privateJwk': z.string().max(20_000, 'Too long for a key.'),
  }),
], { error: 'Choose one.' });

/** What the section shows: the connection as saved (or none), or a refused form with its errors. */
export interface ConnectionShown {
  values: Record<string, string>;
  errors: FieldErrors;
}

const privateKeyOf = (text: string): Record<string, unknown> | undefined => {
  if (!text) return undefined;
  try {
    const key: unknown = JSON.parse(text);
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // Named below.
  }
  throw new DomainError('invalid_input', 'Some fields need correcting.', { issues: [{ field: 'auth.privateJwk', message: 'Paste the private key as a JWK (JSON with "kty", "d" …).' }] });
};

function inputOf(form: FormBody) {
  const parsed = ConnectionForm.safeParse(Object.fromEntries(CONTROLS.map((k) => [k, textOf(form, k)])));
  if (!parsed.success) throw formError(parsed.error);
  const f = parsed.data;
  if (f['auth.kind'] === 'bearer') return { baseUrl: f.baseUrl, auth: { kind: 'bearer' as const, token: f['auth.token'] || undefined } };
  return { baseUrl: f.baseUrl, auth: { kind: 'smart-backend-services' as const, tokenUrl: f['auth.tokenUrl'], clientId: f['auth.clientId'], scope: f['auth.scope'] || DEFAULT_SCOPE, privateJwk: privateKeyOf(f['auth.privateJwk']) } };
}

const valuesOf = (v: EhrConnectionView | null): Record<string, string> => ({
  baseUrl: v?.baseUrl ?? '',
  'auth.kind': v?.auth.kind ?? 'bearer',
  'auth.tokenUrl': v?.auth.tokenUrl ?? '',
  'auth.clientId': v?.auth.clientId ?? '',
  'auth.scope': v?.auth.scope ?? DEFAULT_SCOPE,
  savedAt: v ? v.updatedAt.toISOString() : '',
});

async function connectionOf(c: Context<WebEnv>): Promise<EhrConnectionView | null> {
  try {
    return await c.get('services').ehrConnections.find(c.get('actor'));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return null;
    throw error;
  }
}

/** The section's form; `shown` is a refused form (its secrets never echoed). */
export async function EhrConnectionSection({ c, shown }: { c: Context<WebEnv>; shown?: ConnectionShown | undefined }) {
  const saved = await connectionOf(c);
  const values = shown?.values ?? valuesOf(saved);
  const errors = shown?.errors ?? {};
  const keep = (kind: string) => (saved?.auth.kind === kind ? 'A secret is saved: leave this empty to keep it. It is never shown again.' : undefined);
  return (
    <section class="card" aria-labelledby="ehr-connection">
      <h2 id="ehr-connection">EHR connection</h2>
      <p>
        Where Liaison pushes each request's Task and outcome letter: your EHR's own FHIR server.{' '}
        {saved ? `Last saved ${when(saved.updatedAt)}.` : 'None is set: Liaison pushes nothing.'}
      </p>
      <form method="post" action="/ehr-connection">
        <Csrf token={c.get('session').csrf} />
        <input type="hidden" name="savedAt" value={values.savedAt} />
        <ErrorSummary errors={errors} />
        <Field name="baseUrl" label="FHIR base URL" type="url" errors={errors} value={values.baseUrl} required />
        <Select name="auth.kind" label="How Liaison signs in" errors={errors} value={values['auth.kind']} options={KINDS} />
        <fieldset>
          <legend>With a bearer token</legend>
          <Field name="auth.token" label="Bearer token" type="password" hint={keep('bearer')} errors={errors} attrs={{ autocomplete: 'off' }} />
        </fieldset>
        <fieldset>
          <legend>With SMART Backend Services</legend>
          <Field name="auth.tokenUrl" label="Token URL" type="url" errors={errors} value={values['auth.tokenUrl']} />
          <Field name="auth.clientId" label="Client id" errors={errors} value={values['auth.clientId']} />
          <Field name="auth.scope" label="Scope" errors={errors} value={values['auth.scope']} />
          <Field name="auth.privateJwk" label="Private key (JWK)" type="textarea" hint={keep('smart-backend-services') ?? 'The EC (ES384) or RSA (RS384) private key Liaison signs with, as a JWK.'} errors={errors} attrs={{ autocomplete: 'off', spellcheck: false }} />
        </fieldset>
        <button type="submit">Save the EHR connection</button>
      </form>
      {saved && (
        <form method="post" action="/ehr-connection/remove">
          <Csrf token={c.get('session').csrf} />
          <button type="submit" class="secondary">Stop pushing to the EHR</button>
        </form>
      )}
    </section>
  );
}

/** The connection's routes; `page` renders the EHR clients page with what the section shows. */
export function ehrConnectionRoutes(page: (c: Context<WebEnv>, shown: Partial<Refusal> & { connection?: ConnectionShown }) => Promise<Response>): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.post('/ehr-connection', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const savedAt = textOf(form, 'savedAt');
    try {
      const readAt = savedAt ? new Date(savedAt) : null;
      if (readAt && Number.isNaN(readAt.getTime())) throw new DomainError('invalid_input', 'This form is not one of these pages: reload the page.');
      await c.get('services').ehrConnections.save(c.get('actor'), inputOf(form), readAt);
      return c.redirect('/ehr-clients?done=connection', 303);
    } catch (error) {
      const refusal = refusalOf(error, 'This is the EHR connection as it is now; check it and save again.', CONTROLS);
      if (!refusal.errors) return page(c, refusal);
      const values = Object.fromEntries([...CONTROLS.filter((k) => !SECRETS.includes(k)), 'savedAt'].map((k) => [k, textOf(form, k)]));
      return page(c, { status: refusal.status, connection: { values, errors: refusal.errors } });
    }
  });
  routes.post('/ehr-connection/remove', async (c) => {
    try {
      await c.get('services').ehrConnections.remove(c.get('actor'));
    } catch (error) {
      // Removed meanwhile: the page says so by showing none.
      if (!(error instanceof DomainError) || error.code !== 'not_found') throw error;
    }
    return c.redirect('/ehr-clients?done=connection-removed', 303);
  });
  return routes;
}
