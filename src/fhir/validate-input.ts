/** Incoming resources are checked against the official R4 definitions before anything reads them. */
import { DomainError } from '../domain/errors.js';
import { withPlainNumbers } from './decimals.js';
import { validateFhir } from './validation/validator.js';

export function validateInput(resource: unknown, resourceType: string): void {
  // Numbers kept as sent (`2.50`, decimals.ts) are checked as the numbers they are.
  const result = validateFhir(withPlainNumbers(resource), { resourceType });
  if (result.ok) return;
  const errors = result.issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  throw new DomainError('invalid_input', `The ${resourceType} does not conform to FHIR R4.`, {
    issues: errors.map((i) => ({ field: i.expression?.[0] ?? resourceType, message: i.diagnostics, code: i.code })),
  });
}
