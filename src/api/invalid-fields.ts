/** Input that fails a JSON API schema, as a 400 naming each field the way the client wrote it. */
import type { ZodError } from 'zod';
import { DomainError, type FieldIssue } from '../domain/errors.js';

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
