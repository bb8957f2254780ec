/**
 * What the administrator's forms share: reading the version a form was read at, and turning a
 * use case's refusal into what the page shows — a stale form (412) as "Someone else changed
 * this" over the values as they are now, bad input next to its fields, any other refusal the use
 * case words (deactivating yourself, a thing gone meanwhile) in a banner. Anything else is the
 * error page.
 */
import { DomainError } from '../domain/errors.js';
import { Banner, type FieldErrors } from './components.js';
import { textOf, type FormBody } from './forms.js';

/** What a page shows after a refused form: its status, a banner, and (for bad input) the form as sent with its errors. */
export interface Refusal {
  status: number;
  banner?: unknown;
  errors?: FieldErrors;
}

/** `now`: what the page shows instead, e.g. "This is the list as it is now; check it and try again." */
export const STALE = (now: string) => (
  <Banner kind="notice" title="Someone else changed this">
    <p>Nothing was saved. {now}</p>
  </Banner>
);

/** The version a form carries; a form without one was not made by these pages. */
export function versionOf(form: FormBody): number {
  const version = Number(textOf(form, 'version'));
  if (!textOf(form, 'version') || !Number.isInteger(version)) throw new DomainError('invalid_input', 'This form has no version: reload the page.');
  return version;
}

const STATUS: Partial<Record<DomainError['code'], number>> = { invalid_input: 400, unprocessable: 422, conflict: 409, not_found: 404 };

/**
 * The refusal as the page shows it. `controls` are the form's control names: an issue about a
 * part of one (`jwks.keys.0`, `team.2`) lands next to that control; any other refusal is a banner.
 */
export function refusalOf(error: unknown, stale: string, controls: string[] = []): Refusal {
  if (!(error instanceof DomainError)) throw error;
  if (error.code === 'precondition_failed') return { status: 412, banner: STALE(stale) };
  const status = STATUS[error.code];
  if (status === undefined) throw error;
  const errors: FieldErrors = {};
  for (const { field, message } of error.issues) {
    const control = controls.find((name) => field === name || field.startsWith(`${name}.`));
    if (control) errors[control] ??= message;
  }
  // A refusal about no control of this form (deactivating yourself) is said in a banner.
  if (Object.keys(errors).length) return { status, errors };
  return { status, banner: <Banner kind="problem" title="Not saved">{<p>{error.message}</p>}</Banner> };
}

/** Lines of `system|value` as identifiers; a line without both parts is named. */
export function identifiersOf(text: string): { system: string; value: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const bar = line.lastIndexOf('|');
      const system = line.slice(0, bar).trim();
      const value = line.slice(bar + 1).trim();
      if (bar < 0 || !system || !value) throw new DomainError('invalid_input', 'Some fields need correcting.', { issues: [{ field: 'identifiers', message: `Line ${i + 1}: write system|value, such as https://example.org/sid/practice|P123.` }] });
      return { system, value };
    });
}

export const identifiersText = (identifiers: { system: string; value: string }[]): string => identifiers.map((i) => `${i.system}|${i.value}`).join('\n');
