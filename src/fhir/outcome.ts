/**
 * OperationOutcome, the FHIR error body (https://hl7.org/fhir/R4/operationoutcome.html).
 * Every FHIR error leaves through here: the HTTP status of src/http/errors.ts, an issue code from
 * https://hl7.org/fhir/R4/valueset-issue-type.html, a human diagnostics text, and for
 * invalid input an `expression` naming the element. Never a stack trace or patient data.
 */
import type { DomainError, ErrorCode } from '../domain/errors.js';
import { statusOf } from '../http/errors.js';
import type { Resource } from './types.js';

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

export interface OperationOutcomeIssue {
  severity: IssueSeverity;
  code: string;
  diagnostics?: string;
  expression?: string[];
}

export interface OperationOutcome extends Resource {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

const ISSUE_CODE: Record<ErrorCode, string> = {
  invalid_input: 'invalid',
  unauthenticated: 'login',
  forbidden: 'forbidden',
  not_found: 'not-found',
  method_not_allowed: 'not-supported',
  not_acceptable: 'not-supported',
  illegal_transition: 'business-rule',
  conflict: 'conflict',
  gone: 'deleted',
  precondition_failed: 'conflict',
  payload_too_large: 'too-costly',
  unsupported_media_type: 'not-supported',
  unprocessable: 'business-rule',
  precondition_required: 'required',
  throttled: 'throttled',
  internal: 'exception',
  unavailable: 'transient',
};

/**
 * A FHIR string holds no control characters but tab, CR and LF; a message may quote what a caller
 * sent (a parameter's name or value), so any other is shown as its escape (`\u0001`).
 */
export function fhirText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function operationOutcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      ...i,
      ...(i.diagnostics === undefined ? {} : { diagnostics: fhirText(i.diagnostics) }),
      ...(i.expression ? { expression: i.expression.map(fhirText) } : {}),
    })),
  };
}

export function information(diagnostics: string): OperationOutcome {
  return operationOutcome([{ severity: 'information', code: 'informational', diagnostics }]);
}

export function outcomeOf(error: DomainError): { status: number; outcome: OperationOutcome } {
  const code = ISSUE_CODE[error.code];
  const issues: OperationOutcomeIssue[] = error.issues.length
    ? error.issues.map((i) => ({
        severity: 'error' as const,
        code: i.code ?? code,
        diagnostics: i.message,
        ...(i.field && i.field !== '(body)' ? { expression: [i.field] } : {}),
      }))
    : [];
  const allowed = error.details.allowedActions;
  const detail = Array.isArray(allowed) ? `${error.message} Allowed from ${String(error.details.currentState)}: ${allowed.join(', ') || 'nothing'}.` : error.message;
  return {
    status: statusOf(error),
    outcome: operationOutcome([{ severity: 'error', code, diagnostics: detail }, ...issues]),
  };
}
