/** Small pieces the pages share: labelled fields with their errors, badges, banners, the CSRF field. */
import type { Child } from 'hono/jsx';
import type { SlaView } from '../domain/sla.js';
import { slaWords } from './words.js';

/** Errors by field name (the problem's `errors[].field`, which is also the form control's name). */
export type FieldErrors = Record<string, string>;

export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface FieldProps {
  name: string;
  label: string;
  errors: FieldErrors;
  value?: string | undefined;
  type?: string;
  hint?: string;
  required?: boolean;
  attrs?: Record<string, string | number | boolean>;
  /** The control's id when another form on the page has a control of the same name. */
  id?: string | undefined;
}

/** A control's id, its error, and the label with its hint and error above it (aria-describedby ties them). */
function labelled(name: string, label: string, errors: FieldErrors, hint: string | undefined, ownId?: string) {
  const id = ownId ?? idOf(name);
  const error = errors[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const head = (
    <>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p class="error" id={`${id}-error`}>{error}</p>}
    </>
  );
  return { head, control: { id, name, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': describedBy } };
}

/** A labelled input (or textarea) with its hint and its error right under the label. */
export function Field({ name, label, errors, value, type = 'text', hint, required, attrs = {}, id }: FieldProps) {
  const { head, control } = labelled(name, label, errors, hint, id);
  return (
    <div>
      {head}
      {type === 'textarea' ? (
        <textarea {...control} required={required} {...attrs}>
          {value ?? ''}
        </textarea>
      ) : (
        <input {...control} type={type} value={value ?? ''} required={required} {...attrs} />
      )}
    </div>
  );
}

interface SelectProps {
  name: string;
  label: string;
  errors: FieldErrors;
  options: [string, string][];
  value?: string | undefined;
  hint?: string;
}

export function Select({ name, label, errors, options, value, hint }: SelectProps) {
  const { head, control } = labelled(name, label, errors, hint);
  return (
    <div>
      {head}
      <select {...control}>
        {options.map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The SLA in words and colour: overdue is said, never only shown red. */
export function SlaBadge({ sla }: { sla: SlaView }) {
  const { text, tone } = slaWords(sla);
  return <span class={`badge ${tone}`}>{text}</span>;
}

export const RiskBadge = () => <span class="badge risk">At risk</span>;

export function Banner({ kind = 'info', title, children }: { kind?: 'info' | 'problem' | 'notice'; title: string; children?: Child }) {
  return (
    <section class={`banner ${kind}`} role={kind === 'problem' ? 'alert' : 'status'} aria-label={title}>
      <strong>{title}</strong>
      {children}
    </section>
  );
}

/** What went wrong, listed above a form, each linking to its field. */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <Banner kind="problem" title="Please correct the following">
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${idOf(name)}`}>{message}</a>
          </li>
        ))}
      </ul>
    </Banner>
  );
}
