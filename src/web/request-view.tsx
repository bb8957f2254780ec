/** One request as its page shows it: the facts, the appointment, what came back, the conversation and the timeline. */
import type { Recommendation } from '../domain/advice.js';
import type { Message } from '../domain/message.js';
import type { RequestEvent } from '../domain/request-event.js';
import type { SituatedRequest } from '../services/situation.js';
import { Csrf, Field, RiskBadge, SlaBadge } from './components.js';
import type { Failed } from './action-panels.js';
import { textOf } from './forms.js';
import { CONSULTATION_FORM_WORDS, DECLINE_WORDS, FORM_WORDS, OUTCOME_WORDS, PRIORITY_WORDS, RISK_WORDS, SEX_WORDS, STATE_WORDS, eventWords, when } from './words.js';

export function RequestFacts({ request: r, timeZone }: { request: SituatedRequest; timeZone: string }) {
  const p = r.patient;
  const scores = [r.scores.phq9Total !== undefined && `PHQ-9 total ${r.scores.phq9Total}`, r.scores.phq9Item9 !== undefined && `PHQ-9 item 9: ${r.scores.phq9Item9}`, r.scores.gad7Total !== undefined && `GAD-7 total ${r.scores.gad7Total}`].filter(Boolean);
  return (
    <section class="card" aria-labelledby="facts-heading">
      <h2 id="facts-heading">
        {r.reference} · {STATE_WORDS[r.state]}
      </h2>
      <p>
        {r.atRisk && <RiskBadge />} <SlaBadge sla={r.situation.sla} />
        {r.situation.sla.phoneContactExpected && <strong> Phone the GP now.</strong>}
      </p>
      <dl class="facts">
        <dt>Patient</dt>
        <dd>
          {p.name.given.join(' ')} {p.name.family} · {p.identifier.value} · born {p.birthDate ?? 'unknown'} · {SEX_WORDS[p.sex]}
        </dd>
        <dt>Clinical question</dt>
        <dd>{r.clinicalQuestion}</dd>
        {r.reason.text && (
          <>
            <dt>Reason</dt>
            <dd>{r.reason.text}</dd>
          </>
        )}
        <dt>Priority</dt>
        <dd>
          {PRIORITY_WORDS[r.priority]}
          {r.requestedPriority !== r.priority && ` (asked for ${PRIORITY_WORDS[r.requestedPriority].toLowerCase()}; raised for the risk signal)`}
        </dd>
        <dt>Form of consultation</dt>
        <dd>{r.agreedForm ? `${CONSULTATION_FORM_WORDS[r.agreedForm]} (agreed)` : FORM_WORDS[r.requestedForm]}</dd>
        {scores.length > 0 && (
          <>
            <dt>Scores</dt>
            <dd>{scores.join(' · ')}</dd>
          </>
        )}
        {r.riskFlags.length > 0 && (
          <>
            <dt>Risk</dt>
            <dd>{r.riskFlags.map((f) => RISK_WORDS[f]).join(', ')}</dd>
          </>
        )}
        <dt>Consent</dt>
        <dd>{r.consent.given ? 'Given' : 'Not recorded'}</dd>
        <dt>GP</dt>
        <dd>{r.requesterName ?? r.requesterAsSent?.display ?? 'The practice'}</dd>
        <dt>Service</dt>
        <dd>
          {r.serviceName}
          {r.assigneeName && ` · ${r.assigneeName}`}
        </dd>
        {r.situation.sla.dueAt && (
          <>
            <dt>Due</dt>
            <dd>{when(r.situation.sla.dueAt, timeZone)}</dd>
          </>
        )}
      </dl>
      {r.appointment && (
        <>
          <h3>Joint consultation</h3>
          <p>
            {when(r.appointment.start, timeZone)} – {when(r.appointment.end, timeZone)} ·{' '}
            {r.appointment.videoLink ? <a href={r.appointment.videoLink}>Video link</a> : r.appointment.location} · {r.appointment.status}
          </p>
        </>
      )}
    </section>
  );
}

export function OutcomeSection({ request: r, csrf, canAnswer, failed }: { request: SituatedRequest; csrf: string; canAnswer: boolean; failed?: Failed | undefined }) {
  const o = r.outcome;
  if (!o) return null;
  if (o.kind === 'declined') {
    return (
      <section class="card" aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">Declined</h2>
        <p>{DECLINE_WORDS[o.reason]}</p>
        <p>{o.advice}</p>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="outcome-heading">
      <h2 id="outcome-heading">{o.kind === 'advice' ? 'Advice' : 'Outcome'}</h2>
      {o.kind === 'advice' ? <p>{o.advice}</p> : <p>{o.summary}</p>}
      {o.kind === 'outcome' && <p>{OUTCOME_WORDS[o.outcomeCode]}</p>}
      {o.kind === 'outcome' && o.medicationAdvice && <p>Medication: {o.medicationAdvice}</p>}
      {o.recommendations.length > 0 && <h3>Recommendations</h3>}
      <ol>
        {o.recommendations.map((rec) => (
          <li>
            <RecommendationItem requestId={r.id} version={r.version} rec={rec} csrf={csrf} canAnswer={canAnswer} failed={failed?.action === `recommendation:${rec.id}` ? failed : undefined} />
          </li>
        ))}
      </ol>
      {o.kind === 'outcome' && o.plan.length > 0 && (
        <>
          <h3>Shared-care plan</h3>
          <ul>
            {o.plan.map((step) => (
              <li>
                {step.who === 'gp' ? 'GP' : step.who === 'psychiatrist' ? 'Psychiatrist' : 'Other service'}: {step.what}
                {step.due && ` (by ${step.due})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * One recommendation for the GP to answer: *Accept* at once, or *Decline* with a reason, asked only
 * there (behind *Decline*) and labelled with the recommendation it is about.
 */
function RecommendationItem({ requestId, version, rec, csrf, canAnswer, failed }: { requestId: string; version: number; rec: Recommendation; csrf: string; canAnswer: boolean; failed?: Failed | undefined }) {
  if (rec.response) return <p>{rec.text} — {rec.response.accepted ? 'Accepted' : `Declined: ${rec.response.reason ?? ''}`}</p>;
  if (!canAnswer) return <p>{rec.text} — not yet answered</p>;
  const action = `/requests/${requestId}/recommendations/${rec.id}`;
  const errors = failed?.errors ?? {};
  const reason = failed ? textOf(failed.values, 'reason') : '';
  return (
    <div class="recommendation" role="group" aria-label={`Recommendation: ${rec.text}`}>
      <p>{rec.text}</p>
      <form method="post" action={action} class="inline">
        <Csrf token={csrf} />
        <input type="hidden" name="version" value={String(version)} />
        <button type="submit" name="answer" value="accept">
          Accept
        </button>
      </form>
      <details open={Boolean(failed)}>
        <summary>Decline…</summary>
        <form method="post" action={action}>
          <Csrf token={csrf} />
          <input type="hidden" name="version" value={String(version)} />
          <Field name="reason" id={`reason-${rec.id}`} label={`Reason for declining “${rec.text}”`} errors={errors} value={reason} required />
          <button type="submit" name="answer" value="decline" class="secondary">
            Decline
          </button>
        </form>
      </details>
    </div>
  );
}

export function Conversation({ messages, timeZone }: { messages: Message[]; timeZone: string }) {
  if (!messages.length) return null;
  return (
    <section class="card" aria-labelledby="conversation-heading">
      <h2 id="conversation-heading">Conversation</h2>
      <ol class="timeline">
        {messages.map((m) => (
          <li>
            <strong>{m.kind === 'question' ? 'Question' : m.kind === 'answer' ? 'Answer' : m.kind[0]!.toUpperCase() + m.kind.slice(1)}</strong> from {m.authorDisplay}, {when(m.sentAt, timeZone)}: {m.text}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function Timeline({ events, timeZone }: { events: RequestEvent[]; timeZone: string }) {
  return (
    <section class="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol class="timeline">
        {events.map((e) => (
          <li>
            <time datetime={e.at.toISOString()}>{when(e.at, timeZone)}</time> · {eventWords(e)}
          </li>
        ))}
      </ol>
    </section>
  );
}
