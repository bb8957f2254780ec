/**
 * What the FHIR interface made of each request, kept by the request's stamp (store/request-pages.ts:
 * the versions of the request and of the people and service it names), so that a search an EHR
 * repeats reads and renders only what changed since. An EHR polls its requests for their status:
 * most of every page is what it was at the last poll.
 *
 * The stamp is read from the database with each page, so every instance of Liaison serves what
 * the database holds now, whoever changed it. A rendering is a pure function of the request and
 * its names (service-request-out.ts, task-out.ts), shared by every caller who may see the request:
 * it is frozen, so no response can change what another receives. The least recently used go first
 * beyond `most` (LIAISON_FHIR_RENDERINGS); 0 keeps none.
 */
import type { Resource } from './types.js';

export class Renderings {
  private readonly held = new Map<string, { stamp: string; resource: Resource }>();

  constructor(private readonly most: number) {}

  /** The rendering of this resource made at this stamp, if it is held (it becomes the most recently used). */
  at(key: string, stamp: string): Resource | undefined {
    const found = this.held.get(key);
    if (!found || found.stamp !== stamp) return undefined;
    this.held.delete(key);
    this.held.set(key, found);
    return found.resource;
  }

  /** Keeps a rendering made at this stamp (frozen), in place of an older one; returns it. */
  keep(key: string, stamp: string, resource: Resource): Resource {
    if (this.most <= 0) return resource;
    deepFreeze(resource);
    this.held.delete(key);
    this.held.set(key, { stamp, resource });
    if (this.held.size > this.most) this.held.delete(this.held.keys().next().value!);
    return resource;
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
