/**
 * Parsing FHIR search values (https://hl7.org/fhir/R4/search.html): dates with prefixes,
 * tokens and references. A value that cannot be parsed is a 400 naming the parameter.
 */
import { DomainError } from '../../domain/errors.js';
import { isIssuedId } from '../../domain/ids.js';
import type { DateRange } from '../../services/queries.js';

export const invalidParameter = (name: string, message: string): DomainError =>
  new DomainError('invalid_input', `Search parameter ${name}: ${message}`, { issues: [{ field: name, message, code: 'value' }] });

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The instant range a FHIR date value covers: 2026 → all of 2026; a dateTime → that instant. */
function dateBounds(name: string, value: string): { start: Date; end: Date } {
  const m = DATE.exec(value);
  if (!m) throw invalidParameter(name, `'${value}' is not a FHIR date or dateTime.`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h !== undefined && zone === undefined) throw invalidParameter(name, 'a dateTime needs a time zone (Z or ±hh:mm).');
  if (!possible(Number(y), Number(mo ?? 1), Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0))) {
    throw invalidParameter(name, `'${value}' is not a possible date or time.`);
  }
  if (h !== undefined) {
    const start = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone}`);
    if (Number.isNaN(start.getTime())) throw invalidParameter(name, `'${value}' is not a valid dateTime.`);
    const precisionMs = s === undefined ? 60_000 : frac === undefined ? 1000 : 1;
    return { start, end: new Date(start.getTime() + precisionMs) };
  }
  const year = Number(y);
  const month = mo === undefined ? 0 : Number(mo) - 1;
  const day = d === undefined ? 1 : Number(d);
  const start = new Date(Date.UTC(year, month, day));
  if (start.getUTCMonth() !== month || start.getUTCDate() !== day) throw invalidParameter(name, `'${value}' is not a valid date.`);
  const end = d !== undefined ? new Date(Date.UTC(year, month, day + 1)) : mo !== undefined ? new Date(Date.UTC(year, month + 1, 1)) : new Date(Date.UTC(year + 1, 0, 1));
  return { start, end };
}

/** A calendar date and clock time that exist (no 30 February, no 25:00). */
function possible(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}

const PREFIXES = ['eq', 'gt', 'ge', 'lt', 'le'];

/** `ge2026-01-01`, `lt2026-02-01T00:00:00Z`, `2026-01` … merged into one range (all must hold). */
export function dateRange(name: string, values: string[], into: DateRange = {}): DateRange {
  const range = { ...into };
  for (const raw of values) {
    const prefix = /^[a-z]{2}/.test(raw) ? raw.slice(0, 2) : 'eq';
    if (!PREFIXES.includes(prefix)) throw invalidParameter(name, `the prefix '${prefix}' is not supported (eq, gt, ge, lt, le).`);
    const { start, end } = dateBounds(name, /^[a-z]{2}/.test(raw) ? raw.slice(2) : raw);
    if (prefix === 'eq') Object.assign(range, { ge: later(range.ge, start), lt: earlier(range.lt, end) });
    if (prefix === 'gt') range.ge = later(range.ge, end);
    if (prefix === 'ge') range.ge = later(range.ge, start);
    if (prefix === 'lt') range.lt = earlier(range.lt, start);
    if (prefix === 'le') range.lt = earlier(range.lt, end);
  }
  return range;
}

const later = (a: Date | undefined, b: Date) => (a && a > b ? a : b);
const earlier = (a: Date | undefined, b: Date) => (a && a < b ? a : b);

export interface Token {
  system?: string | undefined;
  code: string;
}

/** `system|code`, `|code` (no system), or `code` (any system). */
export function token(name: string, value: string): Token {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  const code = value.slice(bar + 1);
  if (!code) throw invalidParameter(name, 'a code is required after the |.');
  return { system: value.slice(0, bar), code };
}

/**
 * `Type/id`, a bare id, or an absolute URL ending in Type/id. An absolute URL of another server
 * names nothing here: its id comes back empty, so the search matches nothing. The id is as sent:
 * ids are case-sensitive (an upper-case spelling of an issued id is another id).
 */
export function reference(name: string, value: string, expectedTypes: string[], base?: string): { type: string | undefined; id: string } {
  const match = /(?:^|\/)([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(value);
  if (match) {
    if (!expectedTypes.includes(match[1]!)) throw invalidParameter(name, `expected a reference to ${expectedTypes.join(' or ')}.`);
    const foreign = base !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith(`${base}/`);
    return { type: match[1], id: foreign ? '' : match[2]! };
  }
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(value)) return { type: undefined, id: value };
  throw invalidParameter(name, `'${value}' is not a reference.`);
}

/** The systems of the status-like codes Liaison searches (R4 required bindings). */
export const SYSTEM = {
  requestStatus: 'http://hl7.org/fhir/request-status',
  requestIntent: 'http://hl7.org/fhir/request-intent',
  requestPriority: 'http://hl7.org/fhir/request-priority',
  taskStatus: 'http://hl7.org/fhir/task-status',
} as const;

/** A token's code when its system is `system` or none (`code`, `|code`); another system's code: none. */
export function codeIn(name: string, value: string, system: string): string[] {
  const t = token(name, value);
  return t.system === undefined || t.system === '' || t.system === system ? [t.code] : [];
}

/** Values of one parameter: repeated parameters AND, commas OR (FHIR search semantics). */
export const orValues = (value: string): string[] => value.split(',').map((v) => v.trim()).filter(Boolean);

/** Narrows an OR list by one more (repeated parameters AND): what both allow. */
export const within = <T>(current: T[] | undefined, next: T[], same: (a: T, b: T) => boolean = (a, b) => a === b): T[] =>
  current ? current.filter((a) => next.some((b) => same(a, b))) : next;

/** Reference values as ids of one type; one that names nothing here (another type's, a foreign URL, not an id Liaison issued) drops out. */
export const idsOf = (name: string, value: string, types: string[], base: string, type = types[0]): string[] =>
  orValues(value)
    .map((v) => reference(name, v, types, base))
    .filter((r) => (r.type ?? types[0]) === type && isIssuedId(r.id))
    .map((r) => r.id);
