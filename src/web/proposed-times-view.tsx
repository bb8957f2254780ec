/**
 * The times the psychiatrist proposed, on the request's page: the GP chooses one ("Choose this
 * time"), which books it; the psychiatrist sees whether the GP is still choosing or said none
 * suits them (with their note). Whether a choice is possible is the use case's answer
 * (`situation.allowedActions`), never decided here.
 */
import type { SituatedRequest } from '../services/situation.js';
import { Csrf } from './components.js';
import { when } from './words.js';

export function ProposedTimes({ request: r, csrf, timeZone }: { request: SituatedRequest; csrf: string; timeZone: string }) {
  const proposal = r.proposedTimes;
  // An expired proposal is history (the timeline keeps it).
  if (!proposal || proposal.status === 'expired') return null;
  const canChoose = r.situation.allowedActions.includes('choose-time');
  const where = proposal.videoLink ? 'The consultation will be by video.' : proposal.location ? `The consultation will be at ${proposal.location}.` : '';
  return (
    <section class="card" aria-labelledby="proposed-heading">
      <h2 id="proposed-heading">Proposed times</h2>
      <p>
        {proposal.status === 'open'
          ? canChoose
            ? `${r.assigneeName ?? 'The psychiatrist'} proposed these times for the joint consultation. Choose the one that suits you.`
            : 'Waiting for the GP to choose one of these times.'
          : 'None of these times suits the GP.'}{' '}
        {where}
      </p>
      {proposal.status === 'declined' && proposal.note && (
        <p>
          <strong>Note from the GP:</strong> {proposal.note}
        </p>
      )}
      <ul class="proposed-times">
        {proposal.times.map((t) => {
          const span = `${when(t.start, timeZone)} – ${new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone }).format(new Date(t.end))}`;
          return (
            <li>
              {canChoose ? (
                <form method="post" action={`/requests/${r.id}/moves/choose-time`}>
                  <Csrf token={csrf} />
                  <input type="hidden" name="version" value={String(r.version)} />
                  <input type="hidden" name="slotId" value={t.id} />
                  <span>{span}</span>{' '}
                  <button type="submit" aria-label={`Choose this time: ${span}`}>
                    Choose this time
                  </button>
                </form>
              ) : (
                span
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
