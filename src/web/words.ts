/** How the web app names the domain's codes: in the clinic's words, one place for every page. */
import type { CooperationChange, Discipline, RunStatus } from '../domain/case-discussion.js';
import type { UserRole } from '../domain/actor.js';
import type { RequestAction, RequestState } from '../domain/lifecycle.js';
import type { ConsultationForm, DeclineReason, OutcomeCode, Priority, RequestedForm, RiskFlag, Sex } from '../domain/request.js';
import type { SlaView } from '../domain/sla.js';

export const STATE_WORDS: Record<RequestState, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  'awaiting-information': 'Question for the GP',
  accepted: 'Accepted',
  scheduled: 'Consultation booked',
  'advice-given': 'Advice given',
  completed: 'Outcome sent',
  closed: 'Closed',
  declined: 'Declined',
  redirected: 'Redirected',
  cancelled: 'Cancelled',
  'entered-in-error': 'Entered in error',
};

export const PRIORITY_WORDS: Record<Priority, string> = { routine: 'Routine', urgent: 'Urgent', asap: 'As soon as possible', stat: 'Immediate (phone)' };

export const FORM_WORDS: Record<RequestedForm, string> = {
  'joint-in-person': 'Joint consultation in person',
  'joint-video': 'Joint consultation by video',
  'advice-only': 'Advice only',
  'case-discussion': 'Case discussion',
  'clinic-visit': 'Clinic visit at the practice',
  unspecified: 'Let the psychiatrist choose',
};

export const CONSULTATION_FORM_WORDS: Record<ConsultationForm, string> = FORM_WORDS;

export const RISK_WORDS: Record<RiskFlag, string> = {
  'suicidal-ideation': 'Suicidal ideation',
  'self-harm': 'Self-harm',
  'harm-to-others': 'Harm to others',
  psychosis: 'Psychosis',
  safeguarding: 'Safeguarding concern',
  'severe-self-neglect': 'Severe self-neglect',
};

export const SEX_WORDS: Record<Sex, string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' };

export const DECLINE_WORDS: Record<DeclineReason, string> = {
  'manageable-in-primary-care': 'Manageable in primary care',
  'not-enough-information': 'Not enough information',
  'better-served-elsewhere': 'Better served elsewhere',
  'outside-service-scope': 'Outside the service’s scope',
  duplicate: 'Duplicate request',
  other: 'Other',
};

export const OUTCOME_WORDS: Record<OutcomeCode, string> = {
  'managed-in-primary-care-with-advice': 'Managed in primary care with advice',
  'joint-follow-up': 'Joint follow-up',
  'referred-to-specialist-team': 'Referred to a specialist team',
  'crisis-pathway': 'Crisis pathway',
  other: 'Other',
};

/** The moves as buttons say them (the words). */
export const ACTION_WORDS: Record<RequestAction, string> = {
  submit: 'Submit request',
  cancel: 'Cancel request',
  accept: 'Accept',
  decline: 'Decline',
  redirect: 'Redirect',
  'request-information': 'Ask a question',
  'provide-information': 'Answer',
  'give-advice': 'Give advice',
  'convert-to-joint': 'Ask for a joint consultation instead',
  schedule: 'Book consultation',
  complete: 'Record outcome',
  close: 'Close request',
  'enter-in-error': 'Mark as entered in error',
  reconsult: 'Ask a follow-up question',
  'cancel-visit': 'Call off the consultation',
  'propose-times': 'Propose times',
  'choose-time': 'Choose this time',
  'decline-times': 'None of these times suit me',
};

/** What the "Done" banner says after a move; a move not named here is "… : saved". */
const DONE_WORDS: Partial<Record<RequestAction, string>> = {
  'propose-times': 'Times proposed: the GP is told and chooses one.',
  'choose-time': 'Time chosen: the joint consultation is booked.',
  'decline-times': 'Sent: the psychiatrist is told none of the times suits you.',
};

export const doneWords = (action: RequestAction): string => DONE_WORDS[action] ?? `${ACTION_WORDS[action]}: saved.`;

/** Where proposed times stand, for a list of requests: what the person looking needs to do, or is waiting for. */
export function proposalWords(r: { proposedTimes: { status: string } | null; situation: { allowedActions: readonly RequestAction[] } }): string | null {
  if (r.proposedTimes?.status === 'open') return r.situation.allowedActions.includes('choose-time') ? 'Times proposed: choose one' : 'Waiting for the GP to choose a time';
  if (r.proposedTimes?.status === 'declined') return 'None of the proposed times suits the GP';
  return null;
}

/** What each change in a request's history did, as its timeline says it ("Accepted by Dr …"). */
const EVENT_WORDS: Record<RequestAction | AnnotationAction, string> = {
  create: 'Saved as draft',
  edit: 'Draft edited',
  amend: 'Request changed',
  submit: 'Submitted',
  cancel: 'Cancelled',
  accept: 'Accepted',
  decline: 'Declined',
  redirect: 'Redirected to another service',
  'request-information': 'Question asked',
  'provide-information': 'Question answered',
  'give-advice': 'Advice given',
  'convert-to-joint': 'Joint consultation asked for instead of advice',
  schedule: 'Consultation booked',
  complete: 'Outcome recorded',
  close: 'Closed',
  'enter-in-error': 'Marked as entered in error',
  reconsult: 'Follow-up question asked',
  'cancel-visit': 'Consultation called off',
  'propose-times': 'Times proposed',
  'choose-time': 'Time chosen, consultation booked',
  'decline-times': 'None of the proposed times suited',
  'add-message': 'Message written',
  'answer-recommendation': 'Recommendation answered',
  'appointment-answer': 'Answer to the consultation invitation',
  'visit-attended': 'Consultation held',
  'visit-no-show': 'Patient did not attend',
  'update-task': 'Task updated',
  claim: 'Taken on',
  assign: 'Assigned',
};

/** Changes in the history that move no state (use cases' annotations). */
type AnnotationAction = 'create' | 'edit' | 'amend' | 'add-message' | 'answer-recommendation' | 'appointment-answer' | 'visit-attended' | 'visit-no-show' | 'update-task' | 'claim' | 'assign';

/** One history event in the clinic's words, with who made it: "Accepted by Dr Ada Berg". */
export function eventWords(e: { action: string; fromState: RequestState | null; actorDisplay: string; detail: Record<string, unknown> }): string {
  let words = (EVENT_WORDS as Record<string, string>)[e.action] ?? e.action.replaceAll('-', ' ');
  // A redirect's new request begins with the redirect; a second booking moves the first.
  if (e.action === 'redirect' && e.fromState === null) words = `Received from ${typeof e.detail.replaces === 'string' ? e.detail.replaces : 'another service'}`;
  if (e.action === 'schedule' && e.detail.rescheduledFrom) words = 'Consultation moved';
  return `${words} by ${e.actorDisplay}`;
}

/** Time left in words (never colour alone): "overdue by 3 h", "2 days left", "paused". */
export function slaWords(sla: SlaView): { text: string; tone: 'overdue' | 'soon' | 'fine' | 'quiet' } {
  if (sla.clock === 'met') return { text: 'Answered in time', tone: 'quiet' };
  if (sla.clock === 'missed') return { text: 'Answered late', tone: 'quiet' };
  if (sla.clock === 'not-started' || sla.clock === 'stopped' || sla.timeLeftMs === null) return { text: 'No clock running', tone: 'quiet' };
  const span = duration(Math.abs(sla.timeLeftMs));
  if (sla.overdue) return { text: `Overdue by ${span}`, tone: 'overdue' };
  const paused = sla.clock === 'paused' ? ' (paused)' : '';
  return { text: `${span} left${paused}`, tone: sla.timeLeftMs < 86_400_000 ? 'soon' : 'fine' };
}

export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** A moment in the service's time zone, as a clinician reads it. */
export function when(iso: string | Date, timeZone = 'Europe/Berlin'): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A co-leader's discipline as the group reads it. */
export const DISCIPLINE_WORDS: Record<Discipline, string> = {
  psychiatrist: 'Psychiatrist',
  psychologist: 'Clinical psychologist',
  'family-physician': 'Family physician',
  'social-worker': 'Social worker',
  nurse: 'Nurse',
  other: 'Clinician',
};

export const RUN_STATUS_WORDS: Record<RunStatus, string> = { active: 'Running', paused: 'Paused', closed: 'Closed' };
export const COOPERATION_WORDS: Record<CooperationChange, string> = { better: 'Better', unchanged: 'Unchanged', worse: 'Worse' };
export const ROLE_WORDS: Record<UserRole, string> = {
  gp: 'GP',
  psychiatrist: 'Psychiatrist',
  'group-leader': 'Group leader',
  administrator: 'Administrator',
  'privacy-officer': 'Privacy officer',
};
