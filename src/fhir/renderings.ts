/**
 * What the FHIR interface made of each request, kept by the request's stamp (store/request-pages.ts:
 * the versions of the request and of the people and service it names), so that a search an EHR
 * repeats reads and renders only what changed since. An EHR polls its requests for their status:
 * most of every page is what it was at the last poll.
 *
 * A rendering is a pure function of the request and its names (service-request-out.ts,
 * task-out.ts); how it is kept, frozen and by stamp, is services/kept-by-stamp.ts.
 */
import { writeFhirJson } from './decimals.js';
import { isObject, type Resource } from './types.js';
import { KeptByStamp } from '../services/kept-by-stamp.js';

/** Renderings some instance keeps (frozen: their JSON, once written, holds), and that JSON. */
const KEPT = new WeakSet<Resource>();
const TEXTS = new WeakMap<Resource, string>();

/** The renderings an instance keeps (LIAISON_FHIR_RENDERINGS), each marked for writeResponseJson. */
export class Renderings extends KeptByStamp<Resource> {
  override keep(key: string, stamp: string, resource: Resource): Resource {
    if (this.most > 0) KEPT.add(super.keep(key, stamp, resource));
    return resource;
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
