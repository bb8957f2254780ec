/**
 * One case on a session's agenda as the group sees it: a member's own case in their own words, or
 * a referral pseudonymised (reference, age band, question) — never a patient's identity on these
 * pages, whoever looks. Leaders record the group's reflection; its presenter alone decides whether
 * it leaves the group, and where to.
 */
import type { AgendaEntry } from '../services/case-discussion-view.js';
import { Csrf, Field, type FieldErrors } from './components.js';

interface ItemProps {
  entry: AgendaEntry;
  sessionId: string;
  presenter: string;
  mine: boolean;
  leading: boolean;
  csrf: string;
  /** Errors of this item's reflection form, when it was the one sent. */
  errors: FieldErrors;
}

export function AgendaItem({ entry, sessionId, presenter, mine, leading, csrf, errors }: ItemProps) {
  const heading = entry.title ?? `Referral ${entry.case?.reference ?? ''}`;
  const action = (what: string) => `/groups/sessions/${sessionId}/items/${entry.id}/${what}`;
  return (
    <section class="card" aria-labelledby={`item-${entry.id}`}>
      <h3 id={`item-${entry.id}`}>{heading}</h3>
      <p class="hint">
        {entry.kind === 'own-case' ? 'Own case' : 'Referral'} · presented by {mine ? 'you' : presenter} · {entry.minutes} minutes
        {entry.kind === 'own-case' && entry.case && ` · about request ${entry.case.reference}`}
      </p>
      {entry.question && <p>{entry.question}</p>}
      {entry.case && (
        <p>
          {[entry.case.ageBand, entry.case.sex].filter(Boolean).join(', ')}: {entry.case.clinicalQuestion}
        </p>
      )}
      {entry.reflection && (
        <>
          <h4>The group’s reflection</h4>
          <p>{entry.reflection}</p>
          {entry.sharedTo && <p class="hint">{entry.sharedTo === 'request' ? 'Shared by the presenter on the linked request.' : 'Kept by the presenter for themselves.'}</p>}
        </>
      )}
      {leading && !entry.sharedTo && (
        <form method="post" action={action('reflection')} novalidate>
          <Csrf token={csrf} />
          <Field name={`reflection.${entry.id}`} label={`Reflection on “${heading}”`} type="textarea" errors={errors} value={entry.reflection ?? ''} hint="Stays in the group unless the presenter takes it back." />
          <button type="submit" class="secondary">Save the reflection</button>
        </form>
      )}
      {mine && entry.reflection && !entry.sharedTo && (
        <form method="post" action={action('share')}>
          <Csrf token={csrf} />
          <p>The reflection stays in the group unless you take it back.</p>
          <button type="submit" name="to" value="presenter">Keep it as a note for me</button>
          {entry.requestId && (
            <button type="submit" name="to" value="request" class="secondary">
              Share it on my request
            </button>
          )}
        </form>
      )}
    </section>
  );
}
