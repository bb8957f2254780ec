/**
 * Errors as RFC 9457 problem details: every error of the JSON API and the token endpoint is
 * rendered here (status, title and headers from src/http/errors.ts); the body names the
 * offending field and never carries a stack trace or internal detail.
 */
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { HTTP_ERRORS, errorHeaders } from '../http/errors.js';

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

export function zodIssues(error: ZodError, prefix?: string): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, message: 'Unknown field.' }));
    }
    return [{ field: base || '(body)', message: issue.message }];
  });
}

export function validationError(error: ZodError, where: string): DomainError {
  // Body fields, path parameters and query parameters are named as the client wrote them.
  const prefix = where === 'json' || where === 'param' || where === 'query' ? undefined : where;
  return new DomainError('invalid_input', 'The request has invalid fields.', { issues: zodIssues(error, prefix) });
}

