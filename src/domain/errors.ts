/**
 * The closed set of domain error codes. Each maps to exactly one HTTP status, in one place
 * (src/api/problem.ts and src/fhir/outcome.ts); services return or throw these, never HTTP.
 */
export const ERROR_CODES = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  illegal_transition: 409,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  precondition_required: 428,
  throttled: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

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

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const notFound = (what = 'Consultation request'): DomainError => new DomainError('not_found', `${what} not found.`);
