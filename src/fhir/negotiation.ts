/**
 * Content negotiation at the FHIR door: a request read into a FhirRequest (media types and R4,
 * body size, text PostgreSQL cannot store, JSON with decimals as written) and a FhirResult
 * written as the Response.
 */
import type { Context } from 'hono';
import { DomainError } from '../domain/errors.js';
import { assertStorableJson, assertStorableText } from '../http/text-guard.js';
import { parseFhirJson } from './decimals.js';
import type { FhirRequest, FhirResult } from './exchange.js';
import { writeResponseJson } from './renderings.js';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const JSON_TYPES = /^application\/(fhir\+)?json\s*(;|$)/i;
/** Any media range that includes FHIR JSON: application/fhir+json, application/json, application/*, *\/*. */
const ACCEPTABLE = /json|\*\/\*|application\/\*/i;
/** Asks for plain JSON, and not FHIR JSON. */
const PLAIN_JSON = /^\s*application\/json\s*(;|,|$)/i;
/** A `fhirVersion` media-type parameter names R4 (4.0 or 4.0.1), or is absent. */
const isR4 = (mediaType: string): boolean => [...mediaType.matchAll(/fhirVersion\s*=\s*"?([\d.]+)/gi)].every((m) => /^4\.0(\.\d+)?$/.test(m[1]!));
const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** The Hono request as a FhirRequest: path segments, parameters (query, or a form for _search) and the parsed body. */
export async function toFhirRequest(c: Context, maxBodyBytes: number): Promise<FhirRequest> {
  const url = new URL(c.req.url);
  const segments = url.pathname.replace(/^.*?\/fhir\/?/, '').split('/').filter(Boolean).map(decodeSegment);
  const params: [string, string][] = [...url.searchParams.entries()];
  assertStorableText(params.flat(), '(query)');
  const format = url.searchParams.get('_format');
  if (format && !/json/.test(format)) throw new DomainError('not_acceptable', 'Liaison speaks FHIR JSON only (_format=json).');
  const accept = c.req.header('Accept');
  if (accept && !ACCEPTABLE.test(accept)) throw new DomainError('not_acceptable', 'Liaison speaks FHIR JSON only: Accept application/fhir+json.');
  if (accept && !isR4(accept)) throw new DomainError('not_acceptable', 'Liaison speaks FHIR R4 only (fhirVersion=4.0).');
  let body: unknown;
  if (c.req.method === 'POST' || c.req.method === 'PUT') {
    const text = await readBody(c, maxBodyBytes);
    const type = c.req.header('Content-Type') ?? '';
    if (segments.at(-1) === '_search') {
      if (text && !FORM.test(type)) throw new DomainError('unsupported_media_type', 'POST _search takes application/x-www-form-urlencoded parameters.');
      const form = [...new URLSearchParams(text).entries()];
      assertStorableText(form.flat(), '(body)');
      params.push(...form);
    } else if (text) {
      if (!JSON_TYPES.test(type)) throw new DomainError('unsupported_media_type', 'Send application/fhir+json.');
      if (!isR4(type)) throw new DomainError('unsupported_media_type', 'Liaison takes FHIR R4 only (fhirVersion=4.0).');
      body = parseJson(text);
    }
  }
  // A HEAD is answered as a GET; Hono sends its headers without the body.
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  return { method, segments, params, headers: c.req.raw.headers, body };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DomainError('not_found', 'No such FHIR path.');
  }
}

async function readBody(c: Context, max: number): Promise<string> {
  const declared = Number(c.req.header('Content-Length') ?? '0');
  if (declared > max) throw new DomainError('payload_too_large', `The body is larger than ${max} bytes.`);
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > max) throw new DomainError('payload_too_large', `The body is larger than ${max} bytes.`);
  return new TextDecoder().decode(buffer);
}

function parseJson(text: string): unknown {
  assertStorableJson(text);
  try {
    // Numbers as written: `2.50` stays `2.50` (decimals.ts).
    return parseFhirJson(text);
  } catch {
    throw new DomainError('invalid_input', 'The body is not valid JSON.', { issues: [{ field: '(body)', message: 'Malformed JSON.', code: 'structure' }] });
  }
}

/** A FhirResult as the Response: FHIR JSON (or plain JSON when asked), numbers as written, `_pretty` honoured. */
export function respond(c: Context, result: FhirResult): Response {
  const headers = new Headers(result.headers);
  // What the client asked for: plain JSON is echoed (it is the same document), else FHIR JSON.
  if (result.resource) headers.set('Content-Type', PLAIN_JSON.test(c.req.header('Accept') ?? '') ? 'application/json; charset=utf-8' : FHIR_JSON);
  const pretty = new URL(c.req.url).searchParams.get('_pretty') === 'true';
  return new Response(result.resource ? writeResponseJson(result.resource, pretty) : null, { status: result.status, headers });
}
