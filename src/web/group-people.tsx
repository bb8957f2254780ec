/**
 * Who is in a group, for its leaders: everyone in it or invited (with *Remove*, which also
 * withdraws an invitation) and *Invite people* — the same people picker as the set-up page, through
 * the same invitation rule (`CaseDiscussionSetupService`).
 */
import type { Context } from 'hono';
import type { DiscussionPerson } from '../domain/case-discussion.js';
import type { InvitablePerson } from '../services/ports/case-discussions.js';
import { Csrf, ErrorSummary, type FieldErrors } from './components.js';
import type { WebEnv } from './env.js';
import type { FormBody } from './forms.js';
import { PeoplePicker } from './group-setup.js';
import { DISCIPLINE_WORDS } from './words.js';

export interface PeopleSection {
  roster: (DiscussionPerson & { name: string })[];
  invitable: InvitablePerson[];
}

/** What a leader's group page shows of its people. */
export async function peopleSection(c: Context<WebEnv>, groupId: string): Promise<PeopleSection> {
  const setup = c.get('services').caseDiscussionSetup;
  const [roster, invitable] = await Promise.all([setup.roster(c.get('actor'), groupId), setup.invitableTo(c.get('actor'), groupId)]);
  return { roster, invitable };
}

export function GroupPeople({ groupId, me, section, csrf, values, errors }: { groupId: string; me: string; section: PeopleSection; csrf: string; values: FormBody; errors: FieldErrors }) {
  return (
    <>
      <h2>People</h2>
      <ul class="requests">
        {section.roster.map((p) => (
          <li>
            <strong>{p.name}</strong>
            <div class="meta">
              <span>{p.role === 'leader' ? `Co-leader (${DISCIPLINE_WORDS[p.discipline ?? 'other']})` : 'Member'}</span>
              <span>{p.status === 'invited' ? 'Invited, not answered yet' : 'In the group'}</span>
            </div>
            <form method="post" action={`/groups/${groupId}/people/${p.userId}/remove`} style="display:inline">
              <Csrf token={csrf} />
              {p.userId === me ? (
                <button type="submit" class="secondary">
                  Leave the group
                </button>
              ) : (
                <button type="submit" class="secondary" aria-label={`Remove ${p.name}`}>
                  Remove
                </button>
              )}
            </form>
          </li>
        ))}
      </ul>
      {errors.userId && (
        <p class="error" role="alert">
          {errors.userId}
        </p>
      )}
      <form method="post" action={`/groups/${groupId}/people`} novalidate>
        <h2>Invite people</h2>
        <Csrf token={csrf} />
        <ErrorSummary errors={Object.fromEntries(Object.entries(errors).filter(([name]) => name !== 'userId'))} />
        <PeoplePicker people={section.invitable} values={values} errors={errors} legend="Whom to invite" />
        {section.invitable.length > 0 && <button type="submit">Invite</button>}
      </form>
    </>
  );
}
