/**
 * What an unexpected failure may say in a log line. A database error's message and detail can
 * quote the values of a row (patient data), so only its code and constraint are kept.
 */
export function describeFailure(err: Error): string {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pg = e as { code?: unknown; severity?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (typeof pg.code === 'string' && pg.severity !== undefined) {
      return `database error ${pg.code}${pg.constraint_name ?? pg.constraint ? ` (${String(pg.constraint_name ?? pg.constraint)})` : ''}`;
    }
  }
  // A programming error's message names code, not data; any other message (a failed query quotes
  // its parameters) is left out.
  const programming = err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError;
  const code = (err as { code?: unknown }).code;
  return programming ? `${err.name}: ${err.message}` : `${err.name}${typeof code === 'string' ? ` ${code}` : ''}`;
}
