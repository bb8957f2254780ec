/**
 * Numbers exactly as an EHR wrote them: FHIR decimals carry their precision
 * (https://hl7.org/fhir/R4/datatypes.html#decimal: `2.50` is not `2.5`), which JSON.parse loses.
 *
 * A number whose JavaScript value would be written back differently (`2.50`, `1.0`, `1e2`, `-0`,
 * a 30-digit integer) is read as `{ "$decimal": "2.50" }`: the text as sent, in a plain JSON
 * shape that survives jsonb and every copy of the resource. Numbers that round-trip (`2.5`, `14`)
 * stay numbers. What reads a value (validation, scores) asks `numberOf`; the FHIR responses are
 * written by `writeFhirJson`, which puts the text back as the number it was.
 */
import { isObject } from './types.js';

export const DECIMAL_KEY = '$decimal';

/** A number as sent, where JSON.parse would change how it is written. */
export interface DecimalText {
  [DECIMAL_KEY]: string;
}

/** The JSON number grammar (RFC 8259 §6), whole. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** A JSON string or a JSON number, as they appear in a valid JSON text. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

export const isDecimalText = (v: unknown): v is DecimalText =>
  isObject(v) && Object.keys(v).length === 1 && typeof v[DECIMAL_KEY] === 'string' && NUMBER.test(v[DECIMAL_KEY]);

/** The number a member holds, written either way; undefined when it is no number. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  return isDecimalText(v) ? Number(v[DECIMAL_KEY]) : undefined;
}

/**
 * JSON.parse, keeping each number that would not be written back as sent. The text is checked by
 * JSON.parse first (a malformed body throws as before); only then are its tokens rewritten, so the
 * rewriting only ever sees well-formed strings and numbers.
 */
export function parseFhirJson(text: string): unknown {
  const plain: unknown = JSON.parse(text);
  let changed = false;
  const kept = text.replace(TOKEN, (token) => {
    if (token.startsWith('"') || String(Number(token)) === token) return token;
    changed = true;
    return JSON.stringify({ [DECIMAL_KEY]: token });
  });
  return changed ? JSON.parse(kept) : plain;
}

/** Deeper than any resource the validator takes (it refuses depth > 64 before recursing). */
const PLAIN_DEPTH = 128;

/**
 * The same value with plain numbers (what the R4 validator checks); the input is not changed.
 * Below PLAIN_DEPTH a value is left as it is: the validator refuses it for its depth, and a hostile
 * body nested 10,000 deep never overflows the stack here.
 */
export function withPlainNumbers(value: unknown, depth = 0): unknown {
  if (isDecimalText(value)) return Number(value[DECIMAL_KEY]);
  if (depth > PLAIN_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => withPlainNumbers(v, depth + 1));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlainNumbers(v, depth + 1)]));
  return value;
}

/**
 * Stands in for a kept number inside JSON.stringify's output: a string no value can hold (a NUL
 * and a random tag), swapped for the number's text afterwards. Native stringify does the rest.
 */
const STAND_IN = `\u0000${crypto.randomUUID()}:`;
const STAND_INS = new RegExp(`"\\\\u0000${STAND_IN.slice(1)}([^"]*)"`, 'g');

/**
 * JSON.stringify (with `pretty`, a two-space indent), writing each kept number as it was sent.
 * Most responses hold no kept number: they are written natively, without a replacer (a replacer
 * calls back into JavaScript for every member, 6% of a search's CPU). Only when the output shows a
 * `$decimal` member are they written again with one. A string holding those characters is
 * escaped in the output (`\"$decimal\"`), so it never sends a response the slow way.
 */
export function writeFhirJson(value: unknown, pretty = false): string {
  const indent = pretty ? 2 : undefined;
  const plain = JSON.stringify(value, undefined, indent) as string | undefined;
  if (plain === undefined) return 'null';
  if (!plain.includes(KEPT_MEMBER)) return plain;
  let kept = false;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'object' && v !== null && DECIMAL_KEY in v && isDecimalText(v)) {
        kept = true;
        return STAND_IN + v[DECIMAL_KEY];
      }
      return v;
    },
    indent,
  ) as string;
  return kept ? text.replace(STAND_INS, '$1') : text;
}
const KEPT_MEMBER = `"${DECIMAL_KEY}":`;
