/**
 * The keys a system client signs its SMART assertions with: the JWKS registered for it, or the
 * one it publishes at its jwks_uri, fetched and cached in the directory. Rotation: an assertion
 * naming a key id the cache does not hold fetches the JWKS again at once (at most every ten
 * seconds per client, so a flood of made-up key ids cannot make Liaison hammer the EHR), so a new
 * key works immediately; a key the client removed stops working when the cache is next refreshed
 * (at most CACHE_MS later). A JWKS that cannot be fetched leaves the cached keys in use.
 */
import type { DirectoryPort } from './ports/directory.js';
import type { KeySource } from './ports/key-source.js';
import type { Clock } from './ports/store.js';

export const CACHE_MS = 5 * 60_000;
export const REFETCH_AFTER_MS = 10_000;

type Jwks = { keys: unknown[] };
const holds = (jwks: Jwks, kid: string | undefined): boolean => kid !== undefined && jwks.keys.some((k) => (k as { kid?: unknown }).kid === kid);

export class ClientKeys {
  constructor(
    private readonly directory: Pick<DirectoryPort, 'findClientKeySource' | 'cacheClientKeys'>,
    private readonly source: KeySource | undefined,
    private readonly clock: Clock,
  ) {}

  /** The keys to verify an assertion of this (active) client, signed with key `kid`; null when it has none. */
  async keysFor(clientId: string, kid: string | undefined): Promise<Jwks | null> {
    const found = await this.directory.findClientKeySource(clientId);
    if (!found) return null;
    if (!found.jwksUri || !this.source) return found.jwks;
    const age = found.fetchedAt ? this.clock.now().getTime() - found.fetchedAt.getTime() : Infinity;
    const cached = found.jwks;
    if (cached && age < CACHE_MS && (holds(cached, kid) || age < REFETCH_AFTER_MS)) return cached;
    try {
      const fetched = await this.source.fetchJwks(found.jwksUri);
      await this.directory.cacheClientKeys(clientId, fetched, this.clock.now());
      return fetched;
    } catch {
      return cached;
    }
  }
}
