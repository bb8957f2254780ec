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
import { writeFhirJson } from './decimals.js';
import { isObject, type Resource } from './types.js';
import { LeastRecentlyUsed } from '../services/least-recently-used.js';
import { deepFreeze } from '../services/deep-freeze.js';

/** Renderings some instance keeps (frozen: their JSON, once written, holds), and that JSON. */
const KEPT = new WeakSet<Resource>();
const TEXTS = new WeakMap<Resource, string>();

export class Renderings {
  private readonly held: LeastRecentlyUsed<string, { stamp: string; resource: Resource }>;

  constructor(private readonly most: number) {
    this.held = new LeastRecentlyUsed(Math.max(most, 0));
  }

  /** The rendering of this resource made at this stamp, if it is held (it becomes the most recently used). */
  at(key: string, stamp: string): Resource | undefined {
    const found = this.held.get(key);
    return found && found.stamp === stamp ? found.resource : undefined;
  }

  /** Keeps a rendering made at this stamp (frozen), in place of an older one; returns it. */
  keep(key: string, stamp: string, resource: Resource): Resource {
    if (this.most <= 0) return resource;
    deepFreeze(resource);
    KEPT.add(resource);
    this.held.set(key, { stamp, resource });
    return resource;
  }

  get size(): number {
    return this.held.size;
  }
}


/**
 * Stands in for a kept rendering inside a Bundle's JSON: a string no value can hold (a NUL and a
 * random tag), swapped for the rendering's own JSON afterwards, so that each is written once.
 */
const STAND_IN = `\u0000${crypto.randomUUID()}:`;
const STAND_INS = new RegExp(`"\\\\u0000${STAND_IN.slice(1)}(\\d+)"`, 'g');

/**
 * A response's JSON (writeFhirJson): the kept renderings a Bundle's entries carry are written as
 * the JSON written for them the first time (a search's page of twenty ServiceRequests was a tenth
 * of its time in JSON.stringify). Pretty JSON is written whole.
 */
export function writeResponseJson(value: Resource, pretty: boolean): string {
  if (pretty || value.resourceType !== 'Bundle' || !Array.isArray(value.entry)) return writeFhirJson(value, pretty);
  const texts: string[] = [];
  const entry = (value.entry as unknown[]).map((e) => {
    const resource = isObject(e) ? (e.resource as Resource | undefined) : undefined;
    if (!resource || !KEPT.has(resource)) return e;
    let text = TEXTS.get(resource);
    if (text === undefined) TEXTS.set(resource, (text = writeFhirJson(resource)));
    texts.push(text);
    return { ...(e as object), resource: `${STAND_IN}${texts.length - 1}` };
  });
  if (!texts.length) return writeFhirJson(value);
  return writeFhirJson({ ...value, entry }).replace(STAND_INS, (_, i: string) => texts[Number(i)]!);
}
