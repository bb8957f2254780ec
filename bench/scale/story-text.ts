/**
 * What the people in a story write: the GP's question and scores, the psychiatrist's advice and
 * outcome. Fictional and free of patient identifiers; chosen per played story.
 */
import type { RecommendationInput } from '../../src/domain/advice.js';
import type { Coding, ConsultationForm, OutcomeCode, RequestedForm, RiskFlag, SubSpecialty, SupportingScores } from '../../src/domain/request.js';
import type { Random } from './random.js';
import type { Variant } from './stories.js';

export interface StoryText {
  question: string;
  reason: { text: string; codes: Coding[] };
  scores: SupportingScores;
  requestedForm: RequestedForm;
  /** The form the psychiatrist agrees to when accepting. */
  form: ConsultationForm;
  subSpecialty: SubSpecialty | null;
  language: string | null;
  riskFlag: RiskFlag;
  advice: string;
  recommendations: RecommendationInput[];
  summary: string;
  outcomeCode: OutcomeCode;
}

const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const REASONS: { text: string; code: string; display: string; question: string }[] = [
  { text: 'Recurrent depression', code: 'F33.1', display: 'Recurrent depressive disorder, current episode moderate', question: 'Recurrent depressive episodes despite sertraline 100 mg. Switch or augment?' },
  { text: 'Generalised anxiety', code: 'F41.1', display: 'Generalized anxiety disorder', question: 'Worry and poor sleep for six months; which treatment first, and is pregabalin reasonable?' },
  { text: 'Postpartum anxiety', code: 'F41.9', display: 'Anxiety disorder, unspecified', question: 'Postpartum anxiety while breastfeeding; which medication is safe?' },
  { text: 'Alcohol use', code: 'F10.2', display: 'Alcohol dependence', question: 'Harmful drinking with low mood; detox in primary care or referral?' },
  { text: 'Late-onset psychotic symptoms', code: 'F06.2', display: 'Organic delusional disorder', question: 'New paranoid ideas at 78; delirium, dementia or late-onset psychosis?' },
  { text: 'Lithium monitoring', code: 'F31.7', display: 'Bipolar affective disorder, currently in remission', question: 'Lithium levels fluctuating with falling eGFR; continue, reduce or switch?' },
  { text: 'Eating difficulties', code: 'F50.9', display: 'Eating disorder, unspecified', question: 'Restrictive eating and weight loss in a 19-year-old; assessment urgency?' },
  { text: 'Attention problems in an adult', code: 'F90.0', display: 'Disturbance of activity and attention', question: 'Adult with lifelong inattention asking about ADHD assessment; is a referral indicated?' },
  { text: 'Adjustment problems', code: 'F43.2', display: 'Adjustment disorders', question: 'Low mood after a job loss; adjustment disorder or depression, and is psychotherapy enough?' },
  { text: 'Trauma after an accident', code: 'F43.1', display: 'Post-traumatic stress disorder', question: 'Nightmares and avoidance since a car accident; trauma-focused therapy or medication first?' },
];
const SUBS: (SubSpecialty | null)[] = [null, null, 'perinatal', 'addiction', 'old-age', null, 'eating-disorders', 'neurodevelopmental', null, 'trauma'];
const RISK_FLAGS: RiskFlag[] = ['suicidal-ideation', 'self-harm', 'harm-to-others', 'psychosis', 'safeguarding', 'severe-self-neglect'];
const REQUESTED: RequestedForm[] = ['joint-in-person', 'joint-video', 'joint-video', 'advice-only', 'advice-only', 'clinic-visit', 'unspecified'];
const AGREED: ConsultationForm[] = ['joint-in-person', 'joint-video', 'clinic-visit'];
const OUTCOMES: OutcomeCode[] = ['managed-in-primary-care-with-advice', 'managed-in-primary-care-with-advice', 'joint-follow-up', 'referred-to-specialist-team', 'crisis-pathway'];

export function storyText(random: Random, variant: Variant): StoryText {
  const i = random.int(0, REASONS.length - 1);
  const reason = REASONS[i]!;
  const phq9Total = random.int(5, 24);
  return {
    question: reason.question,
    reason: { text: reason.text, codes: [{ system: ICD10, code: reason.code, display: reason.display }] },
    scores: random.chance(0.6) ? { phq9Total, phq9Item9: variant.risk && random.chance(0.5) ? random.int(1, 3) : 0, ...(random.chance(0.4) ? { gad7Total: random.int(3, 20) } : {}) } : {},
    requestedForm: random.pick(REQUESTED),
    form: random.pick(AGREED),
    subSpecialty: SUBS[i]!,
    language: random.chance(0.15) ? random.pick(['tr', 'pl', 'ar', 'de']) : null,
    riskFlag: random.pick(RISK_FLAGS),
    advice: 'Increase sertraline to 150 mg and review in four weeks; add guided self-help. Refer for psychotherapy if PHQ-9 stays above 10.',
    recommendations: [
      { kind: 'medication-change', text: 'Increase sertraline to 150 mg' },
      ...(random.chance(0.6) ? [{ kind: 'psychotherapy-referral' as const, text: 'Refer for CBT' }] : []),
      ...(random.chance(0.4) ? ['Check TSH and vitamin B12'] : []),
    ],
    summary: 'Seen jointly. Moderate depressive episode without psychotic features; no acute risk. Plan agreed with the GP.',
    outcomeCode: random.pick(OUTCOMES),
  };
}
