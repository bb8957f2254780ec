/**
 * What a run's leaders see of it on its page: its measures (sessions held, attendance rate, cases
 * by kind, the members' referrals before and during the run) as a table with small SVG bar charts
 * beside it, and the form to extend the run (more sessions, or a later last day).
 */
import type { RunMeasures } from '../domain/case-discussion-records.js';
import type { DiscussionRun } from '../domain/case-discussion.js';
import { Csrf, ErrorSummary, Field, type FieldErrors } from './components.js';
import { textOf, type FormBody } from './forms.js';
import { BarChart } from './measures.js';

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);
const day = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone }).format(new Date(iso));

export function RunMeasuresView({ m, timeZone, toService }: { m: RunMeasures; timeZone: string; toService: boolean }) {
  const before = `${day(m.referrals.from, timeZone)} – ${day(m.referrals.start, timeZone)}`;
  const during = `${day(m.referrals.start, timeZone)} – ${day(m.referrals.to, timeZone)}`;
  const count = (n: number) => ({ value: n, text: String(n) });
  return (
    <section aria-labelledby="run-measures">
      <h2 id="run-measures">Measures of the run</h2>
      {/* Two bars a chart: kept small, not stretched to the page's width. */}
      <div class="card small-charts">
        <h3>Cases presented</h3>
        <BarChart title="Cases presented by kind" unit="cases" values={[{ name: 'Referrals', ...count(m.casesByKind.referral) }, { name: 'Own cases', ...count(m.casesByKind['own-case']) }]} />
        <h3>Referrals by members</h3>
        <BarChart title={`Referrals by members ${toService ? 'to the service' : 'to any service'}, before and during the run`} unit="requests" values={[{ name: 'Before', ...count(m.referrals.before) }, { name: 'During', ...count(m.referrals.during) }]} />
      </div>
      <div class="table-wrap" role="region" aria-label="Measures of the run (scrolls sideways on a narrow screen)" tabindex={0}>
        <table>
          <caption>Measures of the run</caption>
          <tbody>
            <tr>
              <th scope="row">Sessions held</th>
              <td>
                {m.sessionsHeld} of {m.sessionsPlanned} planned ({m.sessionsCancelled} cancelled)
              </td>
            </tr>
            <tr>
              <th scope="row">Attendance rate</th>
              <td>{percent(m.attendanceRate)}</td>
            </tr>
            <tr>
              <th scope="row">Cases presented: referrals</th>
              <td>{m.casesByKind.referral}</td>
            </tr>
            <tr>
              <th scope="row">Cases presented: own cases</th>
              <td>{m.casesByKind['own-case']}</td>
            </tr>
            <tr>
              <th scope="row">Referrals by members before the run ({before})</th>
              <td>{m.referrals.before}</td>
            </tr>
            <tr>
              <th scope="row">Referrals by members during the run ({during})</th>
              <td>{m.referrals.during}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p class="hint">
        Referrals counted are the requests the members sent {toService ? 'the group’s service' : 'any consulting service'}; the period before the run is as long as the run so far. The model predicts fewer but better referrals.
      </p>
    </section>
  );
}

/** More sessions for a run counted in sessions; a later last day for one that lasts until a date. */
export function ExtendForm({ run, csrf, values, errors }: { run: DiscussionRun; csrf: string; values: FormBody; errors: FieldErrors }) {
  return (
    <form method="post" action={`/groups/runs/${run.id}/extend`} novalidate>
      <h2>Extend the run</h2>
      <Csrf token={csrf} />
      <ErrorSummary errors={errors} />
      {run.sessionCount !== null ? (
        <Field name="sessionCount" label="Number of sessions" type="number" errors={errors} value={textOf(values, 'sessionCount') || String(run.sessionCount + 2)} hint={`Now ${run.sessionCount}; the new total, on the same rhythm.`} attrs={{ min: run.sessionCount + 1 }} />
      ) : (
        <Field name="endsOn" label="Last day" type="date" errors={errors} value={textOf(values, 'endsOn')} hint={`Now ${run.endsOn}; a later day, on the same rhythm.`} />
      )}
      <button type="submit">Extend the run</button>
    </form>
  );
}
