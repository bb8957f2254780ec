/**
 * Errors as RFC 9457 problem details, the error body of every door but FHIR (the JSON API, the
 * token endpoint, health and unknown paths): status, title and headers from errors.ts; the body
 * names the offending fields and never carries a stack trace or internal detail.
 */
import type { Context } from 'hono';
import type { DomainError } from '../domain/errors.js';
import { HTTP_ERRORS, errorHeaders } from './errors.js';

export function problemResponse(c: Context, error: DomainError): Response {
  const { status, title } = HTTP_ERRORS[error.code];
  const body = {
    type: `urn:liaison:problem:${error.code}`,
    title,
    status,
    detail: error.message,
    code: error.code,
    ...(error.issues.length ? { errors: error.issues } : {}),
    ...error.details,
  };
  for (const [name, value] of Object.entries(errorHeaders(error))) c.header(name, value);
  return c.body(JSON.stringify(body), status as 400, { 'Content-Type': 'application/problem+json' });
}
