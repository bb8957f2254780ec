/**
 * The form of an EHR system client: its name, SMART system scopes, the side it works, and its
 * public keys — pasted (a JWKS, one JWK, or a PEM public key, turned into a JWK here) or the
 * address of its published JWKS. Only shapes are read here; that a key is public and a client
 * names keys or an address, not both, is the clients use case's rule.
 */
import { calculateJwkThumbprint, exportJWK, importSPKI } from 'jose';
import { z } from 'zod';
import { SYSTEM_SCOPE, type SystemClient } from '../domain/administration.js';
import { DomainError } from '../domain/errors.js';
import { Csrf, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import { formError, textOf, type FormBody } from './forms.js';

export const CLIENT_CONTROLS = ['name', 'scopes', 'side', 'jwks', 'jwksUri'];
export type ClientValues = Record<string, string>;

const SIDES: [string, string][] = [
  ['', 'As the organisation implies'],
  ['requesting', 'Requesting (a GP practice’s EHR)'],
  ['consulting', 'Consulting (works the services’ queues)'],
];

const ClientForm = z.object({
  name: z.string().min(1, 'Fill this in.').max(200, 'At most 200 characters.'),
  scopes: z.array(z.string().regex(SYSTEM_SCOPE, 'Each scope a SMART system scope, such as system/ServiceRequest.rs.')).min(1, 'Give at least one scope, such as system/ServiceRequest.rs.').max(50, 'At most 50 scopes.'),
  side: z.enum(['', 'requesting', 'consulting'], 'Choose one.'),
  jwksUri: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'An address such as https://ehr.example.org/.well-known/jwks.json.' }).max(2000, 'At most 2,000 characters.')]),
});

export const clientValuesOf = (client: SystemClient): ClientValues => ({
  name: client.name,
  scopes: client.scopes.join('\n'),
  side: client.side ?? '',
  // Keys fetched from the client's address are a cache, not what the administrator registered.
  jwks: client.jwks && !client.jwksUri ? JSON.stringify(client.jwks, null, 2) : '',
  jwksUri: client.jwksUri ?? '',
  version: String(client.version),
});

export const formValuesOf = (form: FormBody): ClientValues => Object.fromEntries([...CLIENT_CONTROLS, 'version'].map((k) => [k, textOf(form, k)]));

const keyError = (message: string) => new DomainError('invalid_input', 'Some fields need correcting.', { issues: [{ field: 'jwks', message }] });
const PASTE = 'Paste a JWKS ({"keys": […]}), one public JWK, or a PEM public key (-----BEGIN PUBLIC KEY-----).';

/** A PEM public key as a JWK named by its thumbprint: RSA for RS384, P-384 for ES384. */
async function jwkOfPem(pem: string): Promise<Record<string, unknown>> {
  if (/PRIVATE KEY-----/.test(pem)) throw keyError('This is a private key. Paste the public key only: the private key stays with the EHR, and nobody else should see it.');
  for (const alg of ['RS384', 'ES384']) {
    try {
      const jwk = await exportJWK(await importSPKI(pem, alg, { extractable: true }));
      return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg, use: 'sig' };
    } catch {
      // Not this kind of key: try the next.
    }
  }
  throw keyError('Not an RSA or P-384 (EC) public key in PEM. ' + PASTE);
}

/** The pasted keys as a JWKS, or null when none were pasted. */
export async function keysOf(text: string): Promise<{ keys: Record<string, unknown>[] } | null> {
  if (!text) return null;
  if (text.startsWith('-----BEGIN')) return { keys: [await jwkOfPem(text)] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw keyError(`Not JSON. ${PASTE}`);
  }
  if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { keys?: unknown }).keys)) {
    const keys = (parsed as { keys: unknown[] }).keys;
    if (keys.length < 1 || keys.length > 10) throw keyError('Register one to ten keys.');
    return { keys: keys as Record<string, unknown>[] };
  }
  if (parsed && typeof parsed === 'object' && 'kty' in parsed) return { keys: [parsed as Record<string, unknown>] };
  throw keyError(PASTE);
}

/** The form as the clients use case's input (the version apart). */
export async function clientInputOf(form: FormBody) {
  const values = formValuesOf(form);
  const parsed = ClientForm.safeParse({ ...values, scopes: values.scopes!.split(/\s+/).filter(Boolean) });
  if (!parsed.success) throw formError(parsed.error);
  const f = parsed.data;
  return { name: f.name, scopes: f.scopes, side: f.side || null, jwks: await keysOf(values.jwks!), jwksUri: f.jwksUri || null };
}

/** `scope` tells apart the fields of each client's form and the new one's on the same page. */
export function ClientFields({ values, errors, csrf, version, scope }: { values: ClientValues; errors: FieldErrors; csrf: string; version?: string | undefined; scope: string }) {
  return (
    <>
      <Csrf token={csrf} />
      {version !== undefined && <input type="hidden" name="version" value={version} />}
      <ErrorSummary errors={errors} scope={scope} />
      <Field name="name" label="Name" errors={errors} value={values.name} required attrs={{ maxlength: 200 }} scope={scope} />
      <Field name="scopes" label="Scopes" hint="SMART system scopes, one a line or separated by spaces, e.g. system/ServiceRequest.cruds system/Task.rs." type="textarea" errors={errors} value={values.scopes} required scope={scope} />
      <Select name="side" label="Side" hint="Which side of a request the system works." errors={errors} value={values.side} options={SIDES} scope={scope} />
      <Field name="jwks" label="Public keys" hint="A JWKS, one JWK or a PEM public key the EHR signs its assertions with. Leave empty when the EHR publishes its keys at an address." type="textarea" errors={errors} value={values.jwks} attrs={{ spellcheck: false }} scope={scope} />
      <Field name="jwksUri" label="Address of its published keys (jwks_uri)" hint="Liaison fetches them there and follows a rotation at once." type="url" errors={errors} value={values.jwksUri} scope={scope} />
    </>
  );
}
