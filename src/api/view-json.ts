/**
 * A GP's list or a psychiatrist's triage list, polled all day, is mostly the same requests, kept
 * at their stamp (store/request-pages.ts): the JSON of what each one alone decides is written
 * once, and the part its reader's scopes decide once for each set of parts withheld. The SLA
 * clock at this moment and the reader's moves are written at each call. The views are those of
 * views.ts presentRequest, in its order (writing the same fifty views again was a fifth of a
 * triage page's time).
 */
import type { Context } from 'hono';
import type { Actor } from '../domain/actor.js';
import type { ListedRequest } from '../services/queries.js';
import { isKept } from '../services/kept-by-stamp.js';
import type { Situation } from '../services/situation.js';
import { withheldParts } from './route-access.js';
import { outcomePart, requestPart } from './views.js';

interface Written {
  request: string;
  /** The outcome part, by the parts withheld ('' for none). */
  outcome: Map<string, string>;
}
const WRITTEN = new WeakMap<object, Written>();

/** An object's JSON without its braces (never empty here: each part has fields). */
const fields = (value: object): string => JSON.stringify(value).slice(1, -1);

/**
 * Writes list items' views for one caller, each as JSON.stringify(presentRequest(actor, r))
 * writes it for the request in its situation (the parts the caller's scopes withhold are found
 * once). A situated request's own request is services/situation.ts situatedFrom.
 */
export function requestViewWriter(actor: Actor): (request: ListedRequest, situation: Situation) => string {
  const withheld = withheldParts(actor).filter((w) => w.field !== 'timeline.detail');
  const key = withheld.map((w) => w.field).join(',');
  const end = withheld.length ? `,"withheld":${JSON.stringify(withheld)}}` : '}';
  return (request, situation) => {
    // A request not kept is read for this call alone (and may change): nothing is kept with it.
    const kept = isKept(request) ? request : undefined;
    let written = kept && WRITTEN.get(kept);
    if (!written) {
      written = { request: fields(requestPart(request)), outcome: new Map() };
      if (kept) WRITTEN.set(kept, written);
    }
    let outcome = written.outcome.get(key);
    if (outcome === undefined) {
      outcome = fields(outcomePart(request, withheld));
      if (kept) written.outcome.set(key, outcome);
    }
    return `{${written.request},"sla":${JSON.stringify(situation.sla)},${outcome},"allowedActions":${JSON.stringify(situation.allowedActions)}${end}`;
  };
}

/** A page's JSON: its `items` as `item` writes each, then its other fields (`rest`) as JSON.stringify writes them. */
export function writePage<T>(items: readonly T[], item: (value: T) => string, rest: Record<string, unknown>): string {
  const others = JSON.stringify(rest);
  return `{"items":[${items.map(item).join(',')}]${others === '{}' ? '}' : `,${others.slice(1)}`}`;
}

/** JSON already written, answered as c.json answers with an object's. */
export const answerJson = (c: Context, text: string) => c.body(text, 200, { 'Content-Type': 'application/json' });
