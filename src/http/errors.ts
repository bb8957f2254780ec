/**
 * How an error leaves every interface, decided once: anything thrown becomes a DomainError;
 * each code has one HTTP status, one title and its headers; an unexpected failure is logged
 * without its data. The interfaces only render the body in their format: problem details
 * (http/problem.ts) or an OperationOutcome (fhir/outcome.ts).
 */
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { describeFailure } from './failure-description.js';

/** Each error code's HTTP status and title. */
export const HTTP_ERRORS: Record<ErrorCode, { status: number; title: string }> = {
  invalid_input: { status: 400, title: 'Invalid input' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  not_acceptable: { status: 406, title: 'Not acceptable' },
  illegal_transition: { status: 409, title: 'Move not allowed in the current state' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'Gone' },
  precondition_failed: { status: 412, title: 'Version mismatch' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Request cannot be processed' },
  precondition_required: { status: 428, title: 'If-Match required' },
  throttled: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'Service unavailable' },
};

export const statusOf = (error: DomainError): number => HTTP_ERRORS[error.code].status;

/** The headers an error answer carries: how to authenticate, when to try again, which methods the path takes. */
export function errorHeaders(error: DomainError): Record<string, string> {
  const headers: Record<string, string> = {};
  if (error.code === 'unauthenticated') headers['WWW-Authenticate'] = 'Bearer realm="liaison"';
  if (error.code === 'throttled') headers['Retry-After'] = String(error.details.retryAfterSeconds ?? 60);
  if (error.code === 'method_not_allowed') headers.Allow = Array.isArray(error.details.allow) ? error.details.allow.join(', ') : '';
  return headers;
}

/** Anything thrown in a handler as a DomainError; an unknown error becomes a bare 500 that says nothing of it. */
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
    const code = (Object.keys(HTTP_ERRORS) as ErrorCode[]).find((k) => HTTP_ERRORS[k].status === err.status) ?? 'invalid_input';
    return new DomainError(code, err.message || HTTP_ERRORS[code].title);
  }
  return new DomainError('internal', 'Something went wrong on our side. Nothing was changed.');
}

/**
 * The error handler of every interface: the error as a DomainError, rendered in the
 * interface's format; an unexpected failure is logged by route pattern and failure kind only.
 */
export function errorHandler(render: (c: Context, error: DomainError) => Response, log?: (line: string) => void): ErrorHandler {
  return (err, c) => {
    const error = toDomainError(err);
    if (error.code === 'internal') log?.(`error ${c.req.method} ${routePath(c, -1)}: ${describeFailure(err)}`);
    return render(c, error);
  };
}
