/**
 * What was made from a request, kept by the request's stamp (store/request-pages.ts, stampOf: the
 * versions of the request and of the people and service it names): a FHIR rendering, or a request
 * a list read. The stamp is read from the database with each page, so what is kept is used only
 * while the database still holds the request at that stamp, whichever instance changed it.
 *
 * Shared by every caller who may see the request, so it is frozen when kept: no response can
 * change what another receives. Beyond `most`, the least recently used go; 0 keeps none.
 */
import { LeastRecentlyUsed } from './least-recently-used.js';

/** Everything some instance keeps (frozen, shared by every caller): what is made from it alone can be kept with it. */
const KEPT = new WeakSet<object>();
export const isKept = (value: object): boolean => KEPT.has(value);

export class KeptByStamp<V> {
  private readonly held: LeastRecentlyUsed<string, { stamp: string; value: V }>;

  constructor(protected readonly most: number) {
    this.held = new LeastRecentlyUsed(Math.max(most, 0));
  }

  /** What was made at this stamp, if it is held (it becomes the most recently used). */
  at(key: string, stamp: string): V | undefined {
    const found = this.held.get(key);
    return found && found.stamp === stamp ? found.value : undefined;
  }

  /** Keeps what was made at this stamp (frozen), in place of an older one; returns it. */
  keep(key: string, stamp: string, value: V): V {
    if (this.most <= 0) return value;
    deepFreeze(value);
    if (typeof value === 'object' && value !== null) KEPT.add(value);
    this.held.set(key, { stamp, value });
    return value;
  }

  get size(): number {
    return this.held.size;
  }
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
