/**
 * A consulting service's form on "Services": response targets per priority, public holidays,
 * business hours per weekday, the triage team (chosen from the organisation's active
 * psychiatrists and group leaders) and intake (any practice, or the practices listed). Only the
 * shape of numbers, times and dates is read here; who may be in a team and what a practice is,
 * is the services use case's rule.
 */
import { z } from 'zod';
import type { ServiceSettings } from '../domain/administration.js';
import { DomainError } from '../domain/errors.js';
import { PRIORITIES } from '../domain/request.js';
import type { BusinessHours } from '../domain/sla.js';
import { Csrf, ErrorSummary, Field, type FieldErrors } from './components.js';
import { formError, listOf, textOf, type FormBody } from './forms.js';
import { PRIORITY_WORDS } from './words.js';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DAY_NUMBERS = [1, 2, 3, 4, 5, 6, 7];
export const SERVICE_CONTROLS = ['publicHolidays', 'businessHours', 'team', 'referringPractices', ...PRIORITIES.map((p) => `slaTargets.${p}`), ...DAY_NUMBERS.map((d) => `hours.${d}`)];

const days = z.coerce.number({ error: 'A whole number of business days, 0 to 100.' }).int('A whole number of business days, 0 to 100.').min(0, 'A whole number of business days, 0 to 100.').max(100, 'A whole number of business days, 0 to 100.');
const SettingsForm = z.object({
  ...Object.fromEntries(PRIORITIES.map((p) => [`slaTargets.${p}`, days])),
  publicHolidays: z.array(z.iso.date('One date a line, such as 2026-12-25.')).max(400, 'At most 400 holidays.'),
});

/** What the form's values were (to show back), or a service's own; lists as arrays. */
export interface ServiceValues {
  text: Record<string, string>;
  team: string[];
  intake: 'any' | 'listed';
  practices: string[];
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const hoursText = (hours: BusinessHours, weekday: number) =>
  hours
    .filter((h) => h.weekday === weekday)
    .map((h) => `${h.start}-${h.end}`)
    .join(', ');

export const serviceValuesOf = (s: ServiceSettings): ServiceValues => ({
  text: {
    ...Object.fromEntries(PRIORITIES.map((p) => [`slaTargets.${p}`, String(s.slaTargets[p])])),
    ...Object.fromEntries(DAY_NUMBERS.map((d) => [`hours.${d}`, hoursText(s.businessHours, d)])),
    publicHolidays: s.publicHolidays.join('\n'),
    version: String(s.version),
  },
  team: s.team,
  intake: s.referringPractices === null ? 'any' : 'listed',
  practices: s.referringPractices ?? [],
});

export const formServiceValuesOf = (form: FormBody): ServiceValues => ({
  text: Object.fromEntries([...SERVICE_CONTROLS, 'version'].map((k) => [k, textOf(form, k)])),
  team: listOf(form, 'team'),
  intake: textOf(form, 'intake') === 'listed' ? 'listed' : 'any',
  practices: listOf(form, 'referringPractices'),
});

/** "08:00-12:00, 13:00-17:00" as opening hours of one weekday; empty is closed. */
function hoursOf(text: string, weekday: number): BusinessHours {
  return text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split(/\s*[-–]\s*/);
      if (!TIME.test(start) || !TIME.test(end) || start >= end) {
        throw new DomainError('invalid_input', 'Some fields need correcting.', { issues: [{ field: `hours.${weekday}`, message: 'Opening hours such as 08:00-17:00 (several separated by commas), or empty when closed.' }] });
      }
      return { weekday, start, end };
    });
}

export function settingsOf(form: FormBody) {
  const values = formServiceValuesOf(form);
  const holidays = values.text.publicHolidays!.split(/\s+/).filter(Boolean);
  const parsed = SettingsForm.safeParse({ ...Object.fromEntries(PRIORITIES.map((p) => [`slaTargets.${p}`, values.text[`slaTargets.${p}`] || undefined])), publicHolidays: holidays });
  if (!parsed.success) throw formError(parsed.error);
  const f = parsed.data as unknown as Record<string, number>;
  return {
    slaTargets: Object.fromEntries(PRIORITIES.map((p) => [p, f[`slaTargets.${p}`]!])) as ServiceSettings['slaTargets'],
    publicHolidays: holidays,
    businessHours: DAY_NUMBERS.flatMap((d) => hoursOf(values.text[`hours.${d}`]!, d)),
    team: values.team,
    referringPractices: values.intake === 'any' ? null : values.practices,
  };
}

/** Checkboxes under one legend, with the group's hint and error. */
function Choices({ name, legend, hint, options, chosen, errors, scope }: { name: string; legend: string; hint: string; options: [string, string][]; chosen: string[]; errors: FieldErrors; scope: string }) {
  const id = `f-${scope}-${name}`;
  return (
    <fieldset id={id} aria-describedby={`${id}-hint${errors[name] ? ` ${id}-error` : ''}`}>
      <legend>{legend}</legend>
      <p class="hint" id={`${id}-hint`}>{hint}</p>
      {errors[name] && <p class="error" id={`${id}-error`}>{errors[name]}</p>}
      {options.map(([value, words]) => (
        <label class="check">
          <input type="checkbox" name={name} value={value} checked={chosen.includes(value)} /> {words}
        </label>
      ))}
    </fieldset>
  );
}

export interface ServiceFormProps {
  service: ServiceSettings;
  values: ServiceValues;
  errors: FieldErrors;
  csrf: string;
  /** Who may be in the team: the organisation's active psychiatrists and group leaders (and whoever is in it now). */
  clinicians: [string, string][];
  practices: [string, string][];
}

export function ServiceForm({ service, values, errors, csrf, clinicians, practices }: ServiceFormProps) {
  const v = values.text;
  // Several services on one page: their controls' ids are told apart by the service.
  const scope = service.id;
  return (
    <section class="card" aria-labelledby={`s-${service.id}`}>
      <h2 id={`s-${service.id}`}>{service.name}</h2>
      <form method="post" action={`/services/${service.id}`}>
        <Csrf token={csrf} />
        <input type="hidden" name="version" value={v.version} />
        <ErrorSummary errors={errors} scope={scope} />
        <fieldset>
          <legend>Response targets (business days; 0 = within the hour)</legend>
          {PRIORITIES.map((p) => (
            <Field name={`slaTargets.${p}`} label={`${PRIORITY_WORDS[p]} (business days)`} type="number" errors={errors} value={v[`slaTargets.${p}`]} attrs={{ min: 0, max: 100, step: 1 }} required scope={scope} />
          ))}
        </fieldset>
        <fieldset>
          <legend>Business hours ({service.timeZone})</legend>
          <p class="hint">Such as 08:00-17:00, several separated by commas; empty when closed. The SLA clock counts the days that are open.</p>
          {DAY_NUMBERS.map((d) => (
            <Field name={`hours.${d}`} label={WEEKDAYS[d - 1]!} errors={errors} value={v[`hours.${d}`]} scope={scope} />
          ))}
        </fieldset>
        <Field name="publicHolidays" label="Public holidays" hint="One date a line (YYYY-MM-DD); the SLA clock skips them." type="textarea" errors={errors} value={v.publicHolidays} scope={scope} />
        <Choices name="team" legend="Triage team" hint="Who works the service's queue and hears of its new requests." options={clinicians} chosen={values.team} errors={errors} scope={scope} />
        <fieldset id={`f-${scope}-referringPractices`} aria-describedby={errors.referringPractices ? `f-${scope}-referringPractices-error` : undefined}>
          <legend>Intake: who may refer</legend>
          {errors.referringPractices && <p class="error" id={`f-${scope}-referringPractices-error`}>{errors.referringPractices}</p>}
          <label class="check">
            <input type="radio" name="intake" value="any" checked={values.intake === 'any'} /> Any practice
          </label>
          <label class="check">
            <input type="radio" name="intake" value="listed" checked={values.intake === 'listed'} /> Only the practices ticked below
          </label>
          {practices.map(([value, words]) => (
            <label class="check">
              <input type="checkbox" name="referringPractices" value={value} checked={values.practices.includes(value)} /> {words}
            </label>
          ))}
        </fieldset>
        <button type="submit">Save {service.name}</button>
      </form>
    </section>
  );
}
