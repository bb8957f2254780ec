/** The GP's "New request" form (also a draft's edit): the words for every label. */
import { applyRiskRules } from '../domain/risk.js';
import { PRIORITIES, REQUESTED_FORMS, RISK_FLAGS, SEXES, type Priority, type RiskFlag, type SupportingScores } from '../domain/request.js';
import { Csrf, ErrorSummary, Field, Select, type FieldErrors } from './components.js';
import { DEFAULT_PATIENT_SYSTEM, listOf, textOf, type FormBody } from './forms.js';
import { FORM_WORDS, PRIORITY_WORDS, RISK_WORDS, SEX_WORDS } from './words.js';

/** What the risk rule (domain/risk.ts) will do with these answers, in words, before the GP submits. */
export function riskPreview(input: { riskFlags: RiskFlag[]; scores: SupportingScores; priority: Priority }): string {
  const decision = applyRiskRules(input);
  if (!decision.atRisk) return 'No risk signal: the request keeps the priority you chose.';
  if (decision.priority !== input.priority) return `Risk signal: the priority will be raised to ${PRIORITY_WORDS[decision.priority].toLowerCase()}, and the request cannot be answered with advice only unless the psychiatrist says so.`;
  return 'Risk signal: the request is marked at risk and cannot be answered with advice only unless the psychiatrist says so.';
}

/** The preview for whatever the form holds now (unreadable numbers count as not given). */
export function riskPreviewOf(form: FormBody): string {
  const score = (name: string, max: number) => {
    const n = Number(textOf(form, name));
    return textOf(form, name) !== '' && Number.isInteger(n) && n >= 0 && n <= max ? n : undefined;
  };
  const priority = (PRIORITIES as readonly string[]).includes(textOf(form, 'priority')) ? (textOf(form, 'priority') as Priority) : 'routine';
  const riskFlags = listOf(form, 'riskFlags').filter((f): f is RiskFlag => (RISK_FLAGS as readonly string[]).includes(f));
  return riskPreview({ riskFlags, priority, scores: { phq9Item9: score('scores.phq9Item9', 3) } });
}

interface RequestFormProps {
  action: string;
  csrf: string;
  values: FormBody;
  errors: FieldErrors;
  version?: number;
}

export function RequestForm({ action, csrf, values, errors, version }: RequestFormProps) {
  const v = (name: string) => textOf(values, name);
  const flags = listOf(values, 'riskFlags');
  return (
    <form method="post" action={action} id="new-request" novalidate>
      <Csrf token={csrf} />
      {version !== undefined && <input type="hidden" name="version" value={String(version)} />}
      <ErrorSummary errors={errors} />
      <fieldset>
        <legend>Patient</legend>
        <Field name="patient.identifier.value" label="Patient identifier" errors={errors} value={v('patient.identifier.value')} hint="The national patient number." required />
        <input type="hidden" name="patient.identifier.system" value={v('patient.identifier.system') || DEFAULT_PATIENT_SYSTEM} />
        <Field name="patient.name.family" label="Family name" errors={errors} value={v('patient.name.family')} required attrs={{ autocomplete: 'off' }} />
        <Field name="patient.name.given" label="Given name" errors={errors} value={v('patient.name.given')} required attrs={{ autocomplete: 'off' }} />
        <Field name="patient.birthDate" label="Birth date" type="date" errors={errors} value={v('patient.birthDate')} required />
        <Select name="patient.sex" label="Sex" errors={errors} value={v('patient.sex') || 'unknown'} options={SEXES.map((s) => [s, SEX_WORDS[s]])} />
      </fieldset>
      <fieldset>
        <legend>Question</legend>
        <Field name="clinicalQuestion" label="Clinical question" type="textarea" errors={errors} value={v('clinicalQuestion')} required />
        <Field name="reason.text" label="Reason" errors={errors} value={v('reason.text')} hint="The working diagnosis or reason, in a few words." />
        <Select name="priority" label="Priority" errors={errors} value={v('priority') || 'routine'} options={PRIORITIES.map((p) => [p, PRIORITY_WORDS[p]])} />
        <Select name="requestedForm" label="Form of consultation" errors={errors} value={v('requestedForm') || 'joint-video'} options={REQUESTED_FORMS.map((f) => [f, FORM_WORDS[f]])} />
      </fieldset>
      <fieldset>
        <legend>Scores and risk</legend>
        <Field name="scores.phq9Total" label="PHQ-9 total" type="number" errors={errors} value={v('scores.phq9Total')} attrs={{ min: 0, max: 27, inputmode: 'numeric' }} />
        <Field name="scores.phq9Item9" label="PHQ-9 item 9" type="number" errors={errors} value={v('scores.phq9Item9')} hint="Thoughts of being better off dead or of self-harm, 0–3." attrs={{ min: 0, max: 3, inputmode: 'numeric' }} />
        <Field name="scores.gad7Total" label="GAD-7 total" type="number" errors={errors} value={v('scores.gad7Total')} attrs={{ min: 0, max: 21, inputmode: 'numeric' }} />
        <fieldset>
          <legend>Risk</legend>
          {errors.riskFlags && <p class="error">{errors.riskFlags}</p>}
          {RISK_FLAGS.map((flag) => (
            <label class="check">
              <input type="checkbox" name="riskFlags" value={flag} checked={flags.includes(flag)} /> {RISK_WORDS[flag]}
            </label>
          ))}
        </fieldset>
        <p id="risk-preview" role="status" aria-live="polite" class="hint">
          {riskPreviewOf(values)}
        </p>
      </fieldset>
      <fieldset>
        <legend>Consent</legend>
        {errors['consent.given'] && (
          <p class="error" id="f-consent-given-error">
            {errors['consent.given']}
          </p>
        )}
        <label class="check">
          <input type="checkbox" id="f-consent-given" name="consent.given" value="yes" checked={v('consent.given') === 'yes'} aria-invalid={errors['consent.given'] ? 'true' : undefined} aria-describedby={errors['consent.given'] ? 'f-consent-given-error' : undefined} />
          Patient consents to a shared consultation
        </label>
      </fieldset>
      <button type="submit" name="intent" value="draft" class="secondary">
        Save draft
      </button>
      <button type="submit" name="intent" value="submit">
        Submit request
      </button>
    </form>
  );
}
