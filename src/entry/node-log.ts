/**
 * The Node process's log: one JSON object a line (pino), written asynchronously in batches so a
 * busy server never waits for stdout. Lines carry route patterns, statuses and failure kinds,
 * never URLs, bodies or patient data (src/app.ts, src/http/errors.ts decide what is logged).
 * Flushed before the process exits.
 */
import { pino } from 'pino';
import type { LogFields } from '../http/interface-deps.js';

const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
const logger = pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, destination);

export function log(line: string, fields?: LogFields): void {
  if (fields) logger.info(fields, line);
  else logger.info(line);
}

/** Writes what is still buffered; call before process.exit. */
export function flushLog(): void {
  destination.flushSync();
}
