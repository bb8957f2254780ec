/**
 * The administrator's page for one person (`/people/{id}`): name, e-mail address, role, the
 * professional identifiers EHRs name them by, languages, sub-specialties and weekly capacity —
 * saved through the staff use case like PATCH /api/admin/users/{id} (who may, an e-mail address
 * taken by someone else, never your own administrator role). The form carries the version it was
 * read at; a stale one shows the person as they are now. Only shapes are checked here.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { StaffMember } from '../domain/administration.js';
import type { UserRole } from '../domain/actor.js';
import { LANGUAGE_TAG, SUB_SPECIALTIES, type SubSpecialty } from '../domain/request.js';
import { identifiersOf, identifiersText, refusalOf, versionOf, type Refusal } from './admin-forms.js';
import { Banner, Csrf, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { formError, ID_PARAM, listOf, textOf, type FormBody } from './forms.js';
import { render } from './render.js';
import { ROLE_WORDS } from './words.js';

const CONTROLS = ['name', 'email', 'role', 'identifiers', 'languages', 'subSpecialties', 'weeklyCapacity'];
const ROLES = Object.keys(ROLE_WORDS) as UserRole[];

const PersonForm = z.object({
  name: z.string().trim().min(1, 'Fill this in.').max(200, 'At most 200 characters.'),
  email: z.email('An e-mail address, such as robin@practice.example.').max(320, 'At most 320 characters.'),
  role: z.enum(ROLES, 'Choose a role from the list.'),
  identifiers: z.array(z.object({ system: z.string().max(500, 'A system of at most 500 characters.'), value: z.string().max(200, 'A value of at most 200 characters.') })).max(20, 'At most 20 identifiers.'),
  languages: z.array(z.string().regex(LANGUAGE_TAG, 'Language tags such as nl, tr or pt-BR, separated by commas.')).max(20, 'At most 20 languages.'),
  subSpecialties: z.array(z.enum(SUB_SPECIALTIES, 'Choose from the list.')),
  weeklyCapacity: z.union([z.literal(''), z.coerce.number({ error: 'A whole number of consultations, 0 to 1000, or empty.' }).int('A whole number of consultations, 0 to 1000, or empty.').min(0, 'A whole number of consultations, 0 to 1000, or empty.').max(1000, 'A whole number of consultations, 0 to 1000, or empty.')]),
});

/** `child-and-adolescent` as "Child and adolescent". */
const subSpecialtyWords = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replaceAll('-', ' ');

interface Values {
  text: Record<string, string>;
  subSpecialties: string[];
}

const valuesOf = (p: StaffMember): Values => ({
  text: { name: p.name, email: p.email, role: p.role, identifiers: identifiersText(p.identifiers), languages: p.languages.join(', '), weeklyCapacity: p.weeklyCapacity === null ? '' : String(p.weeklyCapacity), version: String(p.version) },
  subSpecialties: p.subSpecialties,
});

const sentValues = (form: FormBody): Values => ({ text: Object.fromEntries(['version', ...CONTROLS].map((k) => [k, textOf(form, k)])), subSpecialties: listOf(form, 'subSpecialties') });

function changeOf(form: FormBody) {
  const languages = textOf(form, 'languages')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const parsed = PersonForm.safeParse({
    name: textOf(form, 'name'),
    email: textOf(form, 'email').trim(),
    role: textOf(form, 'role'),
    identifiers: identifiersOf(textOf(form, 'identifiers')),
    languages,
    subSpecialties: listOf(form, 'subSpecialties'),
    weeklyCapacity: textOf(form, 'weeklyCapacity').trim(),
  });
  if (!parsed.success) throw formError(parsed.error);
  const f = parsed.data;
  return { ...f, subSpecialties: f.subSpecialties as SubSpecialty[], weeklyCapacity: f.weeklyCapacity === '' ? null : f.weeklyCapacity };
}

async function personPage(c: Context<WebEnv>, shown: { values?: Values; errors?: FieldErrors } & Partial<Refusal> = {}) {
  const { actor, services } = c.var;
  const person = await services.administration.staff.member(actor, c.req.param('id')!);
  const values = shown.values ?? valuesOf(person);
  const errors = shown.errors ?? {};
  const text = values.text;
  const id = 'f-subSpecialties';
  return render(
    c,
    person.name,
    <>
      {shown.banner ?? (c.req.query('done') === 'saved' && <Banner title="Saved">{<p>The person's details are saved.</p>}</Banner>)}
      <p>
        <a href="/people">Back to People</a>
      </p>
      <form method="post" action={`/people/${person.id}`} class="card">
        <Csrf token={c.get('session').csrf} />
        <input type="hidden" name="version" value={text.version} />
        <ErrorSummary errors={errors} />
        <Field name="name" label="Name" errors={errors} value={text.name} required attrs={{ maxlength: 200 }} />
        <Field name="email" label="E-mail address" type="email" hint="Their sign-in name: also how the organisation's sign-in matches them." errors={errors} value={text.email} required />
        <Select name="role" label="Role" errors={errors} value={text.role} options={ROLES.map((r): [string, string] => [r, ROLE_WORDS[r]])} />
        <Field name="identifiers" label="Professional identifiers" hint="How EHRs name the person: one a line, system|value (e.g. a national provider number)." type="textarea" errors={errors} value={text.identifiers} />
        <Field name="languages" label="Languages" hint="Language tags separated by commas, such as nl, tr, pt-BR: requests in these languages can go to them." errors={errors} value={text.languages} />
        <fieldset id={id} aria-describedby={`${id}-hint${errors.subSpecialties ? ` ${id}-error` : ''}`}>
          <legend>Sub-specialties</legend>
          <p class="hint" id={`${id}-hint`}>For psychiatrists: the requests triage may route to them.</p>
          {errors.subSpecialties && <p class="error" id={`${id}-error`}>{errors.subSpecialties}</p>}
          {SUB_SPECIALTIES.map((s) => (
            <label class="check">
              <input type="checkbox" name="subSpecialties" value={s} checked={values.subSpecialties.includes(s)} /> {subSpecialtyWords(s)}
            </label>
          ))}
        </fieldset>
        <Field name="weeklyCapacity" label="Weekly capacity" type="number" hint="Consultations a week they can take; empty for no limit." errors={errors} value={text.weeklyCapacity} attrs={{ min: 0, max: 1000, step: 1 }} />
        <button type="submit">Save the person</button>
      </form>
    </>,
    { status: shown.status ?? 200 },
  );
}

export function personRoutes(): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get(`/people/${ID_PARAM}`, (c) => personPage(c));
  routes.post(`/people/${ID_PARAM}`, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const { actor, services } = c.var;
    const id = c.req.param('id');
    try {
      await services.administration.staff.change(actor, id, versionOf(form), changeOf(form));
      return c.redirect(`/people/${id}?done=saved`, 303);
    } catch (error) {
      const refusal = refusalOf(error, 'These are the person’s details as they are now; check them and save again.', CONTROLS);
      return personPage(c, { ...refusal, ...(refusal.errors ? { values: sentValues(form) } : {}) });
    }
  });
  return routes;
}
