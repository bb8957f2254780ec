/**
 * The condition of a conditional create (https://hl7.org/fhir/R4/http.html#ccreate): Liaison
 * supports one parameter, `identifier=[system|]value`, for ServiceRequest and Communication.
 */
import { DomainError } from '../../domain/errors.js';
import { assertStorableText } from '../../http/text-guard.js';
import { token } from '../search/values.js';

export function identifierCondition(condition: string): { system: string | undefined; value: string } {
  const params = new URLSearchParams(condition.replace(/^.*\?/, ''));
  assertStorableText([...params.entries()].flat(), 'If-None-Exist');
  const keys = [...params.keys()];
  const value = params.get('identifier');
  if (keys.length !== 1 || value === null) {
    throw new DomainError('invalid_input', 'If-None-Exist supports one parameter: identifier=system|value.', {
      issues: [{ field: 'If-None-Exist', message: 'Use identifier=system|value.', code: 'not-supported' }],
    });
  }
  const t = token('identifier', value);
  return { system: t.system, value: t.code };
}

export const severalMatch = (type: string) =>
  new DomainError('precondition_failed', `If-None-Exist matches several ${type} resources; make it more specific.`);
