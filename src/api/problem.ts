/**
 * Errors as RFC 9457 problem details. Every error of the JSON API leaves through here; the
 * body names the offending field and never carries a stack trace or internal detail.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { DomainError, ERROR_CODES, type ErrorCode, type FieldIssue } from '../domain/errors.js';

const TITLES: Record<ErrorCode, string> = {
  invalid_input: 'Invalid input',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  not_acceptable: 'Not acceptable',
  gone: 'Gone',
  throttled: 'Too many requests',
  illegal_transition: 'Move not allowed in the current state',
  conflict: 'Conflict',
  precondition_failed: 'Version mismatch',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Request cannot be processed',
  precondition_required: 'If-Match required',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

export function problemResponse(c: Context, error: DomainError): Response {
  const status = ERROR_CODES[error.code];
  const body = {
    type: `urn:liaison:problem:${error.code}`,
    title: TITLES[error.code],
    status,
    detail: error.message,
    code: error.code,
    ...(error.issues.length ? { errors: error.issues } : {}),
    ...error.details,
  };
  if (error.code === 'unauthenticated') c.header('WWW-Authenticate', 'Bearer realm="liaison"');
  if (error.code === 'throttled') c.header('Retry-After', String(error.details.retryAfterSeconds ?? 60));
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

/** Turns anything thrown in a handler into a problem; unknown errors become a bare 500. */
export function toDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new DomainError('payload_too_large', 'The request body is larger than this server accepts.');
    if (err.status === 400) {
      return new DomainError('invalid_input', 'The request body is not valid JSON.', {
        issues: [{ field: '(body)', message: 'Malformed JSON.' }],
      });
    }
    if (err.status === 401) return new DomainError('unauthenticated', err.message || 'Authentication required.');
    const code = (Object.keys(ERROR_CODES) as ErrorCode[]).find((k) => ERROR_CODES[k] === err.status) ?? 'invalid_input';
    return new DomainError(code, err.message || TITLES[code]);
  }
  return new DomainError('internal', 'Something went wrong on our side. Nothing was changed.');
}
