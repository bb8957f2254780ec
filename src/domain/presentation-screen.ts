/**
 * What a case brought to a Balint group must not carry: the group is a confidential space where
 * colleagues talk about the relationship with a patient, never about who the patient is. A
 * presentation's title and question are refused when they hold an obvious identifier: an e-mail
 * address, a long run of digits (record numbers, phone numbers, full dates), or an identifier,
 * name or birth date Liaison knows for one of the presenter's patients. The messages never
 * repeat what was found (refusals are logged).
 */
import type { FieldIssue } from './errors.js';

/** A patient Liaison knows for the presenter's practice (from its requests). */
export interface KnownPatient {
  identifier: string;
  family: string;
  given: string[];
  birthDate: string | null;
}

const EMAIL = /[^\s@<>()[\]]+@[^\s@<>()[\]]+\.\p{L}{2,}/u;
/** Six digits or more, single spaces, dots, dashes or slashes between them allowed. */
const DIGIT_RUN = /\d(?:[\s./-]?\d){5,}/;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const iso = (y: number, m: number, d: number): string | null =>
  m >= 1 && m <= 12 && d >= 1 && d <= 31 ? `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : null;

/** The calendar dates a text mentions, as ISO dates: numeric (2024-05-17, 17.5.2024, 17/05/2024) or with a month's name. */
export function datesIn(text: string): string[] {
  const found: (string | null)[] = [];
  for (const m of text.matchAll(/(\d{4})-(\d{1,2})-(\d{1,2})/g)) found.push(iso(Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of text.matchAll(/(\d{1,2})[./-](\d{1,2})[./-](\d{4})/g)) found.push(iso(Number(m[3]), Number(m[2]), Number(m[1])));
  const month = `(${MONTHS.map((n) => `${n.slice(0, 3)}[a-z]*\\.?`).join('|')})`;
  for (const m of text.matchAll(new RegExp(`(\\d{1,2})\\.?\\s+${month}\\s+(\\d{4})`, 'gi'))) found.push(iso(Number(m[3]), monthOf(m[2]!), Number(m[1])));
  for (const m of text.matchAll(new RegExp(`${month}\\s+(\\d{1,2}),?\\s+(\\d{4})`, 'gi'))) found.push(iso(Number(m[3]), monthOf(m[1]!), Number(m[2])));
  return [...new Set(found.filter((d): d is string => d !== null))];
}

const monthOf = (name: string) => MONTHS.findIndex((m) => m.startsWith(name.slice(0, 3).toLowerCase())) + 1;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A name as a whole word, whatever its case (so "Li" does not match "limits"). */
const namedIn = (text: string, name: string) => name.trim().length >= 2 && new RegExp(`(?<![\\p{L}\\p{N}])${escape(name.trim())}(?![\\p{L}\\p{N}])`, 'iu').test(text);

/** Why one field's text identifies someone, or null. */
export function identifyingProblem(text: string, known: KnownPatient[]): string | null {
  if (EMAIL.test(text)) return 'Holds an e-mail address: leave it out.';
  if (DIGIT_RUN.test(text)) return 'Holds a long run of digits (an identifier, a phone number or a full date): leave it out.';
  const lower = text.toLowerCase();
  const dates = new Set(datesIn(text));
  for (const patient of known) {
    if (patient.identifier.length >= 3 && lower.includes(patient.identifier.toLowerCase())) return 'Holds the identifier of one of your patients: leave it out.';
    if ([patient.family, ...patient.given].some((name) => namedIn(text, name))) return 'Holds the name of one of your patients: describe them without it (age, situation).';
    if (patient.birthDate && dates.has(patient.birthDate)) return 'Holds the birth date of one of your patients: give an age instead.';
  }
  return null;
}

/** The issues of a presentation's fields, each naming its field. */
export function identifyingIssues(fields: Record<string, string>, known: KnownPatient[]): FieldIssue[] {
  return Object.entries(fields).flatMap(([field, text]) => {
    const problem = identifyingProblem(text, known);
    return problem ? [{ field, message: problem }] : [];
  });
}
