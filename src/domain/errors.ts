/**
 * The closed set of domain error codes. Each maps to exactly one HTTP status, in one place
 * (src/http/errors.ts); services return or throw these, never HTTP.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'not_acceptable'
  | 'illegal_transition'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'precondition_required'
  | 'throttled'
  | 'internal'
  | 'unavailable';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `patient.birthDate`. */
  field: string;
  message: string;
  /** A more precise FHIR issue type (e.g. `required`, `value`, `code-invalid`), when known. */
  code?: string | undefined;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { issues?: FieldIssue[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.issues = options.issues ?? [];
    this.details = options.details ?? {};
  }
}

export const notFound = (what = 'Consultation request'): DomainError => new DomainError('not_found', `${what} not found.`);
