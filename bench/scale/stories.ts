/**
 * The stories a request lives through, played once each through the app's own use cases
 * (services/) against a placeholder directory with a clock the story moves. What they write is
 * the template every generated request is cloned from, so generated rows are the rows the app
 * writes: the request, each version's snapshot, the history, the messages, the identifiers.
 */
import type { Actor } from '../../src/domain/actor.js';
import { DEFAULT_SLA_TARGETS } from '../../src/domain/sla.js';
import type { Priority, RiskFlag, Sex } from '../../src/domain/request.js';
import type { CreateInput } from '../../src/services/inputs.js';
import type { RequestDetail } from '../../src/services/requests.js';
import { buildServices, type Services } from '../../src/services/index.js';
import type { Database } from '../../src/store/database.js';
import { createStore } from '../../src/store/index.js';
import { seedDirectory } from '../../src/store/seed-directory.js';
import { Random } from './random.js';
import { storyText, type StoryText } from './story-text.js';

/** The placeholder directory: ids and names a clone replaces with those of real practices and services. */
export const PLACEHOLDER = {
  practice: '7e3a0000-0000-4000-8000-000000000001',
  specialist: '7e3a0000-0000-4000-8000-000000000002',
  service: '7e3a0000-0000-4000-8000-000000000003',
  serviceB: '7e3a0000-0000-4000-8000-000000000004',
  gp: '7e3a0000-0000-4000-8000-000000000005',
  psychiatrist: '7e3a0000-0000-4000-8000-000000000006',
  psychiatristB: '7e3a0000-0000-4000-8000-000000000007',
  ehr: 'tpl-ehr',
  gpName: 'TPL_GP_NAME',
  psychiatristName: 'TPL_PSY_NAME',
  psychiatristBName: 'TPL_PSYB_NAME',
  serviceBName: 'TPL_SERVICEB_NAME',
  ehrName: 'TPL_EHR_NAME',
  family: 'TPL_FAMILY',
  given: 'TPL_GIVEN',
  patientId: 'TPL-PATIENT-ID',
  orderId: 'TPL-ORDER-ID',
  birthDate: '1901-01-01',
} as const;

/** The consent date every played story records (a clone's is the day before it began). */
export const CONSENT_DATE = '2012-12-31';

export const PATIENT_SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.6.3';
export const ORDER_SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.6.99.1';

/** How a request's story varies: who asked, how urgent, whether it carries a risk signal. */
export interface Variant {
  priority: Priority;
  risk: boolean;
  byEhr: boolean;
  sex: Sex;
}

const PRIORITY_SHARE: Record<Priority, number> = { routine: 0.7, urgent: 0.18, asap: 0.08, stat: 0.04 };
const RISK_SHARE = 0.12;
const EHR_SHARE = 0.45;

/** Every variant, with its share of the requests; the patient's sex alternates. */
export const VARIANTS: { variant: Variant; share: number }[] = (Object.keys(PRIORITY_SHARE) as Priority[]).flatMap((priority, p) =>
  [false, true].flatMap((risk, r) =>
    [false, true].map((byEhr, e) => ({
      variant: { priority, risk, byEhr, sex: (p + r + e) % 2 ? 'female' : 'male' },
      share: PRIORITY_SHARE[priority] * (risk ? RISK_SHARE : 1 - RISK_SHARE) * (byEhr ? EHR_SHARE : 1 - EHR_SHARE),
    })),
  ),
);

interface StoryContext {
  services: Services;
  random: Random;
  text: StoryText;
  variant: Variant;
  /** The requesting side: the GP, or the practice's EHR on the GP's behalf. */
  requester: Actor;
  psychiatrist: Actor;
  psychiatristB: Actor;
  /** Moves the story's clock on by some hours. */
  later(minHours: number, maxHours: number): void;
  /** Sets the clock. */
  at(when: Date): void;
  now(): Date;
  create(submit: boolean): Promise<RequestDetail>;
  /** A request this story made besides the ones `create` made (a redirect's replacement). */
  made(id: string): void;
}

type Step = (ctx: StoryContext, id: string) => Promise<unknown>;

const act = (who: 'requester' | 'psychiatrist', input: Parameters<Services['requests']['act']>[2]): Step => (ctx, id) => ctx.services.requests.act(ctx[who], id, input, null);
const wait = (minHours: number, maxHours: number): Step => async (ctx) => ctx.later(minHours, maxHours);
const triage = wait(1, 40);
const accept: Step = (ctx, id) => ctx.services.requests.act(ctx.psychiatrist, id, { action: 'accept', agreedForm: ctx.text.form }, null);
const giveAdvice: Step = (ctx, id) => ctx.services.requests.act(ctx.psychiatrist, id, { action: 'give-advice', advice: ctx.text.advice, recommendations: ctx.text.recommendations, acknowledgeRisk: ctx.variant.risk || undefined }, null);
const close: Step = (ctx, id) => ctx.services.requests.act(ctx.requester, id, { action: 'close', referralAvoided: ctx.random.chance(0.7) }, null);
const answerFirstRecommendation: Step = async (ctx, id) => {
  const { request } = await ctx.services.requests.get(ctx.requester, id);
  const first = request.outcome && request.outcome.kind !== 'declined' ? request.outcome.recommendations[0] : undefined;
  if (first) await ctx.services.recommendations.respond(ctx.requester, id, first.id, ctx.random.chance(0.8) ? { accepted: true } : { accepted: false, reason: 'The patient prefers to wait.' }, null);
};

/** Books the visit some days ahead, in office hours (UTC); the clock moves to its end. */
const schedule: Step = async (ctx, id) => {
  const day = new Date(ctx.now().getTime() + ctx.random.int(3, 14) * 86_400_000);
  const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9 + ctx.random.int(0, 6)));
  const video = ctx.text.form === 'joint-video';
  // The placeholder people meet in every story: a clash with another story's visit moves this one on a day.
  for (let tries = 0; ; tries++) {
    try {
      await ctx.services.requests.act(ctx.psychiatrist, id, { action: 'schedule', start: start.toISOString(), durationMinutes: 45, ...(video ? { videoLink: 'https://video.example.org/room/liaison' } : { location: 'Consultation room 2' }) }, null);
      break;
    } catch (err) {
      if (tries > 20 || (err as { code?: string }).code !== 'conflict') throw err;
      start.setTime(start.getTime() + 86_400_000);
    }
  }
};
/** The clock moves to the end of the booked visit. */
const toVisit: Step = async (ctx, id) => {
  const { request } = await ctx.services.requests.get(ctx.psychiatrist, id);
  ctx.at(new Date(new Date(request.appointment!.start).getTime() + 50 * 60_000));
};
/** The GP's answer to the booking. */
const answered: Step = (ctx, id) => ctx.services.appointments.answer(ctx.requester, id, 'gp', 'accepted', null);
const attended: Step = (ctx, id) => ctx.services.appointments.recordAttendance(ctx.psychiatrist, id, true, null);
const complete: Step = (ctx, id) =>
  ctx.services.requests.act(ctx.psychiatrist, id, { action: 'complete', summary: ctx.text.summary, outcomeCode: ctx.text.outcomeCode, recommendations: ctx.text.recommendations, plan: [{ who: 'gp', what: 'Review in four weeks and repeat the PHQ-9.' }] }, null);
const askAndAnswer: Step[] = [
  act('psychiatrist', { action: 'request-information', question: 'Please send the current medication list and the last PHQ-9.' }),
  wait(4, 72),
  act('requester', { action: 'provide-information', answer: 'Sertraline 100 mg since March; PHQ-9 was 16 two weeks ago.' }),
];
const visit: Step[] = [triage, accept, wait(2, 48), schedule, toVisit, wait(0.2, 3), complete];
/** A visit with everything around it kept: the GP's answer to the booking and the attendance. */
const recordedVisit: Step[] = [triage, accept, wait(2, 48), schedule, wait(1, 20), answered, toVisit, attended, wait(0.2, 3), complete];

/** Each story: the steps after creation, and whether the request was submitted at creation. */
export const STORIES = {
  draft: { submit: false, steps: [] },
  submitted: { submit: true, steps: [] },
  'awaiting-information': { submit: true, steps: [triage, askAndAnswer[0]!] },
  'submitted-after-information': { submit: true, steps: [triage, ...askAndAnswer] },
  accepted: { submit: true, steps: [triage, accept] },
  scheduled: { submit: true, steps: [triage, accept, wait(2, 48), schedule, wait(1, 20), answered] },
  'advice-given': { submit: true, steps: [triage, giveAdvice] },
  completed: { submit: true, steps: visit },
  declined: { submit: true, steps: [triage, act('psychiatrist', { action: 'decline', reason: 'manageable-in-primary-care', advice: 'Continue the current treatment; step up the dose if PHQ-9 stays above 10.' })] },
  'closed-visit': { submit: true, steps: [...visit, wait(24, 240), close] },
  'closed-advice': { submit: true, steps: [triage, giveAdvice, wait(24, 300), close] },
  'closed-decline': {
    submit: true,
    steps: [triage, act('psychiatrist', { action: 'decline', reason: 'better-served-elsewhere', advice: 'Refer to the community addiction service.' }), wait(24, 200), close],
  },
  'closed-after-information': { submit: true, steps: [triage, ...askAndAnswer, ...recordedVisit, wait(24, 240), answerFirstRecommendation, close] },
  'closed-converted': { submit: true, steps: [triage, giveAdvice, wait(24, 96), answerFirstRecommendation, act('requester', { action: 'convert-to-joint', agreedForm: 'joint-video' }), wait(2, 48), schedule, toVisit, attended, complete, wait(24, 240), close] },
  'closed-reconsult': { submit: true, steps: [triage, giveAdvice, wait(24, 200), close, wait(240, 1200), act('requester', { action: 'reconsult', question: 'Symptoms returned after tapering; restart or switch?' }), triage, giveAdvice, wait(24, 200), close] },
  'closed-clinic-visit': {
    submit: true,
    steps: [triage, act('psychiatrist', { action: 'accept', agreedForm: 'clinic-visit' }), wait(48, 400), complete, wait(24, 240), close],
  },
  cancelled: { submit: true, steps: [wait(2, 100), act('requester', { action: 'cancel', reason: 'The patient moved away.' })] },
  'cancelled-draft': { submit: false, steps: [wait(1, 200), act('requester', { action: 'cancel', reason: 'Started by mistake.' })] },
  redirected: {
    submit: true,
    steps: [
      triage,
      async (ctx, id) => {
        const { request } = await ctx.services.requests.act(ctx.psychiatrist, id, { action: 'redirect', serviceId: PLACEHOLDER.serviceB, reason: 'Better served by the specialist team.' }, null);
        ctx.made(request.replacedById!);
        ctx.later(2, 40);
        const ack = ctx.variant.risk || undefined;
        await ctx.services.requests.act(ctx.psychiatristB, request.replacedById!, { action: 'give-advice', advice: ctx.text.advice, recommendations: ctx.text.recommendations, acknowledgeRisk: ack }, null);
        ctx.later(24, 200);
        await ctx.services.requests.act(ctx.requester, request.replacedById!, { action: 'close' }, null);
      },
    ],
  },
  'entered-in-error': { submit: true, steps: [wait(0.2, 30), act('requester', { action: 'enter-in-error', reason: 'Wrong patient.' })] },
} satisfies Record<string, { submit: boolean; steps: Step[] }>;

export type StoryName = keyof typeof STORIES;
export const STORY_NAMES = Object.keys(STORIES) as StoryName[];

/** A story as played: its requests (the first is the one created), in the order they were made. */
export interface PlayedStory {
  story: StoryName;
  variant: Variant;
  requestIds: string[];
}

/** How many stories play at once, each on its own clock. */
const LANES = 4;

/** Writes the placeholder directory, then plays every story in every variant. */
export async function playStories(db: Database, log: (line: string) => void): Promise<PlayedStory[]> {
  const store = createStore(db);
  await writePlaceholders(db, new Date('2013-01-01T00:00:00.000Z'));
  const [gp, psychiatrist, psychiatristB, ehr] = await Promise.all([store.directory.findUser(PLACEHOLDER.gp), store.directory.findUser(PLACEHOLDER.psychiatrist), store.directory.findUser(PLACEHOLDER.psychiatristB), store.directory.findClient(PLACEHOLDER.ehr)]);
  const plays = STORY_NAMES.flatMap((story) => VARIANTS.map(({ variant }) => ({ story, variant })));
  const played: PlayedStory[] = new Array(plays.length);
  const lane = async (first: number) => {
    const now = { at: new Date(0) };
    const services = buildServices(store, { now: () => new Date(now.at) });
    for (let n = first; n < plays.length; n += LANES) {
      const { story, variant } = plays[n]!;
      const random = new Random(1000 + n);
      // Each play starts on a weekday morning of a week of its own (clones move it by whole weeks).
      now.at = new Date(Date.UTC(2013, 0, 7 + 7 * n + random.int(0, 4), random.int(6, 12), random.int(0, 59), random.int(0, 59), random.int(0, 999)));
      const text = storyText(random, variant);
      const requestIds: string[] = [];
      const ctx: StoryContext = {
        services,
        random,
        text,
        variant,
        requester: variant.byEhr ? ehr! : gp!,
        psychiatrist: psychiatrist!,
        psychiatristB: psychiatristB!,
        later: (min, max) => (now.at = new Date(now.at.getTime() + Math.round((min + random.next() * (max - min)) * 3_600_000))),
        at: (when) => (now.at = when),
        now: () => now.at,
        create: async (submit) => {
          const detail = await services.requests.create(ctx.requester, createInput(text, variant, n), { submit });
          requestIds.push(detail.request.id);
          return detail;
        },
        made: (id) => requestIds.push(id),
      };
      const { request } = await ctx.create(STORIES[story].submit);
      for (const step of STORIES[story].steps as Step[]) {
        ctx.later(0.05, 0.5);
        await step(ctx, request.id);
      }
      played[n] = { story, variant, requestIds };
    }
  };
  await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)));
  log(`Played ${played.length} stories (${STORY_NAMES.length} kinds × ${VARIANTS.length} variants) through the use cases.`);
  return played;
}

function createInput(text: StoryText, variant: Variant, n: number): CreateInput {
  const riskFlags: RiskFlag[] = variant.risk ? [text.riskFlag] : [];
  return {
    patient: { identifier: { system: PATIENT_SYSTEM, value: PLACEHOLDER.patientId }, name: { family: PLACEHOLDER.family, given: [PLACEHOLDER.given] }, birthDate: PLACEHOLDER.birthDate, sex: variant.sex },
    clinicalQuestion: text.question,
    reason: text.reason,
    priority: variant.priority,
    requestedForm: text.requestedForm,
    consent: { given: true, recordedAt: CONSENT_DATE },
    riskFlags,
    scores: text.scores,
    subSpecialty: text.subSpecialty,
    patientLanguage: text.language,
    ...(variant.byEhr ? { requesterId: PLACEHOLDER.gp, identifiers: [{ system: ORDER_SYSTEM, value: `${PLACEHOLDER.orderId}-${n}` }] } : {}),
  };
}

async function writePlaceholders(db: Database, now: Date): Promise<void> {
  const P = PLACEHOLDER;
  await seedDirectory(
    db,
    {
      organisations: [
        { id: P.practice, name: 'Template Practice', kind: 'practice', defaultServiceId: P.service },
        { id: P.specialist, name: 'Template Mental Health Centre', kind: 'specialist', defaultServiceId: null },
      ],
      services: [
        { id: P.service, organisationId: P.specialist, name: 'Template Service', specialty: 'psychiatry', timeZone: 'Europe/Berlin', slaTargets: DEFAULT_SLA_TARGETS },
        { id: P.serviceB, organisationId: P.specialist, name: P.serviceBName, specialty: 'psychiatry', timeZone: 'Europe/Berlin', slaTargets: DEFAULT_SLA_TARGETS },
      ],
      users: [
        { id: P.gp, email: 'gp@template.liaison.test', name: P.gpName, role: 'gp', organisationId: P.practice, serviceIds: [] },
        { id: P.psychiatrist, email: 'psychiatrist@template.liaison.test', name: P.psychiatristName, role: 'psychiatrist', organisationId: P.specialist, serviceIds: [P.service] },
        { id: P.psychiatristB, email: 'psychiatrist-b@template.liaison.test', name: P.psychiatristBName, role: 'psychiatrist', organisationId: P.specialist, serviceIds: [P.serviceB] },
      ],
      clients: [{ id: P.ehr, name: P.ehrName, organisationId: P.practice, scopes: 'system/ServiceRequest.cruds system/Task.rs system/Communication.crs' }],
    },
    now,
  );
}
