/** An OperationOutcome is valid FHIR whatever a caller sent: control characters quoted in a message are escaped. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.js';
import { outcomeOf } from './outcome.js';

describe('OperationOutcome text', () => {
  it('escapes control characters a message quotes, keeping tab, CR and LF', () => {
    const { outcome } = outcomeOf(new DomainError('invalid_input', 'Unknown element \u0001 in _elements.\tSee\nabove', { issues: [{ field: '_elements=\u0001', message: 'bad \u001f' }] }));
    expect(outcome.issue.map((i) => i.diagnostics)).toEqual(['Unknown element \\u0001 in _elements.\tSee\nabove', 'bad \\u001f']);
    expect(outcome.issue[1]!.expression).toEqual(['_elements=\\u0001']);
  });
});
