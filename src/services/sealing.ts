/**
 * AES-256-GCM sealing of page tokens, sessions and sign-in flows: twelve bytes of IV, then the
 * ciphertext and its sixteen-byte tag, as WebCrypto writes them. The key is SHA-256 of
 * `liaison:<purpose>:<secret>`, one per purpose.
 *
 * Where the runtime offers `node:crypto` (Node, and Workers with nodejs_compat), it seals in
 * place: WebCrypto's encrypt is asynchronous and goes through a worker pool, which cost a search
 * or a queue page more than the rest of its paging (4–7% of their CPU under load). The bytes are
 * the same either way, so a token sealed by one instance opens on any other.
 */
/** What is used of node:crypto (typed here: the Worker build has no Node types). */
interface NodeCrypto {
  createCipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): { update(data: Uint8Array): Uint8Array; final(): Uint8Array; getAuthTag(): Uint8Array };
  createDecipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): { setAuthTag(tag: Uint8Array): unknown; update(data: Uint8Array): Uint8Array; final(): Uint8Array };
}
interface WithBuiltins {
  process?: { getBuiltinModule?: (id: string) => unknown };
}

const nodeCrypto = (globalThis as WithBuiltins).process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();

type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const rawKeys = new Map<string, Promise<Uint8Array>>();
const webKeys = new Map<string, Promise<AesKey>>();

function rawKeyFor(secret: string, purpose: string): Promise<Uint8Array> {
  const name = `liaison:${purpose}:${secret}`;
  let key = rawKeys.get(name);
  if (!key) {
    key = crypto.subtle.digest('SHA-256', encoder.encode(name)).then((raw) => new Uint8Array(raw));
    rawKeys.set(name, key);
  }
  return key;
}

function webKeyFor(secret: string, purpose: string): Promise<AesKey> {
  const name = `liaison:${purpose}:${secret}`;
  let key = webKeys.get(name);
  if (!key) {
    key = rawKeyFor(secret, purpose).then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
    webKeys.set(name, key);
  }
  return key;
}

/** IV, ciphertext and tag of `plain` under the purpose's key. */
export async function seal(secret: string, purpose: string, plain: Uint8Array, runtime: NodeCrypto | undefined = nodeCrypto): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  if (runtime) {
    const cipher = runtime.createCipheriv('aes-256-gcm', await rawKeyFor(secret, purpose), iv);
    const body = cipher.update(plain);
    const last = cipher.final();
    return concat(iv, body, last, cipher.getAuthTag());
  }
  return concat(iv, new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await webKeyFor(secret, purpose), plain)));
}

/** The plain bytes of what `seal` sealed with the same purpose and secret; throws on anything else. */
export async function unseal(secret: string, purpose: string, sealed: Uint8Array, runtime: NodeCrypto | undefined = nodeCrypto): Promise<Uint8Array> {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('too short to be sealed');
  const iv = sealed.subarray(0, IV_BYTES);
  if (runtime) {
    const decipher = runtime.createDecipheriv('aes-256-gcm', await rawKeyFor(secret, purpose), iv);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return concat(decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final());
  }
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, await webKeyFor(secret, purpose), sealed.subarray(IV_BYTES)));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** For tests: whether this runtime seals with node:crypto. */
export const sealsInPlace = nodeCrypto !== undefined;
