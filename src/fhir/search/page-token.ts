/**
 * Paging links carry the whole search sealed (AES-GCM) in one opaque `_page` token, so a
 * patient identifier searched with POST _search never reappears in a URL or an access log.
 */
import { DomainError } from '../../domain/errors.js';

export interface SealedPage {
  params: [string, string][];
  cursor: { at: string; id: string };
}

const encoder = new TextEncoder();
type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const keys = new Map<string, Promise<AesKey>>();

function keyFor(secret: string): Promise<AesKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .digest('SHA-256', encoder.encode(`liaison:fhir-page:${secret}`))
      .then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
    keys.set(secret, key);
  }
  return key;
}

const toBase64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const fromBase64Url = (text: string) => Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));

export async function sealPage(secret: string, page: SealedPage): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyFor(secret), encoder.encode(JSON.stringify(page))));
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return toBase64Url(out);
}

export async function openPage(secret: string, token: string): Promise<SealedPage> {
  try {
    const bytes = fromBase64Url(token);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12) }, await keyFor(secret), bytes.slice(12));
    return JSON.parse(new TextDecoder().decode(plain)) as SealedPage;
  } catch {
    throw new DomainError('invalid_input', 'The _page token is not one this server issued.', {
      issues: [{ field: '_page', message: 'Follow the next link of the previous page unchanged.', code: 'value' }],
    });
  }
}
