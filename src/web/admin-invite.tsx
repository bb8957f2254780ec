/**
 * Inviting people by e-mail on "People": "Invite someone" adds a person (e-mail, name, role) and
 * the invitations use case mails them a single-use sign-in link; "Send a new sign-in link" sends
 * another to someone already there (their earlier link stops working). The link is never shown
 * here: it goes to the person's mailbox only.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { UserRole } from '../domain/actor.js';
import { refusalOf, type Refusal } from './admin-forms.js';
import { Csrf, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import { ID_PARAM, formError, textOf, type FormBody } from './forms.js';
import { ROLE_WORDS } from './words.js';

export const INVITE_CONTROLS = ['email', 'name', 'role'];
const ROLES = Object.keys(ROLE_WORDS) as [UserRole, ...UserRole[]];
const InviteForm = z.object({
  email: z.email('An e-mail address such as robin@practice.example.').max(320, 'At most 320 characters.'),
  name: z.string().min(1, 'Fill this in.').max(200, 'At most 200 characters.'),
  role: z.enum(ROLES, 'Choose one.'),
});

/** What the People page shows after an invitation: the form as sent with its errors, or a banner. */
export interface InviteShown extends Partial<Refusal> {
  values?: Record<string, string>;
}

function inviteOf(form: FormBody) {
  const parsed = InviteForm.safeParse(Object.fromEntries(INVITE_CONTROLS.map((k) => [k, textOf(form, k)])));
  if (!parsed.success) throw formError(parsed.error);
  return { ...parsed.data, identifiers: [], languages: [], subSpecialties: [], weeklyCapacity: null };
}

export function InviteSection({ csrf, values = {}, errors = {} }: { csrf: string; values?: Record<string, string> | undefined; errors?: FieldErrors | undefined }) {
  return (
    <section class="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <p>They get an e-mail with a sign-in link that works once, for a week. The mail holds no patient data.</p>
      <form method="post" action="/people/invite">
        <Csrf token={csrf} />
        <ErrorSummary errors={errors} scope="invite" />
        <Field name="email" label="E-mail" type="email" errors={errors} value={values.email} required scope="invite" />
        <Field name="name" label="Name" errors={errors} value={values.name} required scope="invite" />
        <Select name="role" label="Role" errors={errors} value={values.role ?? 'gp'} options={ROLES.map((r): [string, string] => [r, ROLE_WORDS[r]])} scope="invite" />
        <button type="submit">Send the invitation</button>
      </form>
    </section>
  );
}

/** The button beside an active person: a new link, the old one void. */
export function ResendButton({ csrf, id, name }: { csrf: string; id: string; name: string }) {
  return (
    <form method="post" action={`/people/${id}/invite`}>
      <Csrf token={csrf} />
      <button type="submit" class="secondary" aria-label={`Send ${name} a new sign-in link`}>
        Send a new sign-in link
      </button>
    </form>
  );
}

/** The invitation routes; `page` renders People with what to show. */
export function inviteRoutes(page: (c: Context<WebEnv>, shown: InviteShown) => Promise<Response>): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.post('/people/invite', async (c) => {
    const form = await c.req.parseBody({ all: true });
    try {
      await c.get('services').administration.invitations.invite(c.get('actor'), c.get('actor').organisationId, inviteOf(form));
      return c.redirect('/people?done=invited', 303);
    } catch (error) {
      const refusal = refusalOf(error, 'This is the list as it is now.', INVITE_CONTROLS);
      return page(c, { ...refusal, values: Object.fromEntries(INVITE_CONTROLS.map((k) => [k, textOf(form, k)])) });
    }
  });
  routes.post(`/people/${ID_PARAM}/invite`, async (c) => {
    try {
      await c.get('services').administration.invitations.resend(c.get('actor'), c.req.param('id'));
      return c.redirect('/people?done=invited', 303);
    } catch (error) {
      return page(c, refusalOf(error, 'This is the list as it is now.'));
    }
  });
  return routes;
}
