/**
 * Fetches a system client's JWKS from its jwks_uri (SMART Backend Services lets a client publish
 * its keys there). Bounded: five seconds, 64 KiB, no redirects to elsewhere; only public keys
 * are kept. Runs on Node and Workers alike (fetch).
 */
import type { KeySource } from '../services/ports/key-source.js';

const TIMEOUT_MS = 5_000;
const MOST_BYTES = 64 * 1024;

export const httpKeySource: KeySource = {
  async fetchJwks(uri) {
    const res = await fetch(uri, { headers: { Accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) throw new Error(`jwks_uri answered ${res.status}`);
    const text = await res.text();
    if (text.length > MOST_BYTES) throw new Error('jwks_uri answered more than a JWKS');
    const body = JSON.parse(text) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error('jwks_uri answered no JWKS');
    // A published private key is not used: only the public members of each key are kept.
    return { keys: body.keys.filter((k): k is Record<string, unknown> => typeof k === 'object' && k !== null && !('d' in k) && !('k' in k)) };
  },
};
