/** The JSON API's schemas for a Balint group's runs, own-case presentations, leaders' notes, reflections, feedback and measures. */
import { z } from '@hono/zod-openapi';
import { MAX_RUN_SESSIONS } from '../domain/case-discussion-run.js';
import { instant, Session } from './case-discussion-schemas.js';

const localDate = z.iso.date().refine((d) => d >= '1970-01-01' && d <= '9999-12-31', 'must be between 1970 and 9999');

export const RunBody = z
  .strictObject({
    groupId: z.uuid(),
    startsAt: instant.openapi({ description: 'The first session; the others keep its wall-clock time in the service’s time zone.' }),
    rhythmWeeks: z.number().int().min(1).max(12),
    durationMinutes: z.number().int().min(15).max(240).default(90),
    sessionCount: z.number().int().min(1).max(MAX_RUN_SESSIONS).optional().openapi({ description: 'How many sessions; or give endsOn.' }),
    endsOn: localDate.optional().openapi({ description: 'The last day a session may fall on (local date); or give sessionCount.' }),
    place: z.string().trim().min(1).max(300).nullable().optional().openapi({ description: 'Left out: the group’s own.' }),
    videoLink: z.url({ protocol: /^https$/ }).max(1000).nullable().optional(),
    workingTime: z.boolean().optional(),
  })
  .openapi('NewCaseDiscussionRun');

export const ExtendBody = z
  .strictObject({
    sessionCount: z.number().int().min(1).max(MAX_RUN_SESSIONS).optional().openapi({ description: 'The new number of sessions (a run counted in sessions).' }),
    endsOn: localDate.optional().openapi({ description: 'The new end date (a run that lasts until a date).' }),
  })
  .openapi('CaseDiscussionRunExtension');

export const Run = z
  .object({
    id: z.uuid(),
    groupId: z.uuid(),
    startsAt: z.string(),
    rhythmWeeks: z.number().int(),
    durationMinutes: z.number().int(),
    sessionCount: z.number().int().nullable(),
    endsOn: z.string().nullable(),
    place: z.string().nullable(),
    videoLink: z.string().nullable(),
    workingTime: z.boolean(),
    status: z.enum(['active', 'paused', 'closed']),
    sessions: z.array(Session.extend({ closing: z.boolean().openapi({ description: 'The closing feedback session: the last one not cancelled.' }) })),
  })
  .openapi('CaseDiscussionRun');

const words = (max: number) => z.string().trim().min(1).max(max);

export const PresentationBody = z
  .strictObject({
    title: words(120).openapi({ description: 'A few words of your own; no names, identifiers, birth dates, e-mail addresses or long numbers.' }),
    question: words(1000).openapi({ example: 'I feel manipulated by the family of an 84-year-old patient who refuses cognitive screening.' }),
    minutes: z.number().int().min(5).max(120).default(20),
    requestId: z.uuid().optional().openapi({ description: 'A request of your own the case is about; it keeps that request’s privacy rules.' }),
  })
  .openapi('NewCasePresentation');

export const LeaderNote = z.object({ id: z.uuid(), sessionId: z.uuid(), authorId: z.uuid(), text: z.string(), writtenAt: z.string() }).openapi('LeaderNote');
export const LeaderNoteBody = z.strictObject({ text: words(16000) });
export const ReflectionBody = z.strictObject({ text: words(16000) });
export const ShareBody = z
  .strictObject({ to: z.enum(['request', 'presenter']).openapi({ description: '`request`: a message on the linked request (a FHIR Communication); `presenter`: a note for you alone.' }) })
  .openapi('ReflectionSharing');

export const KeptReflection = z
  .object({ itemId: z.uuid(), groupName: z.string(), sessionStartsAt: z.string(), title: z.string().nullable(), reflection: z.string(), sharedAt: z.string() })
  .openapi('KeptReflection');

export const FeedbackBody = z
  .strictObject({
    learnt: words(4000).openapi({ description: 'What you learnt.' }),
    coLeadershipRating: z.number().int().min(1).max(5).openapi({ description: 'How the co-leadership worked: 1 (not well) to 5 (very well).' }),
    coLeadership: words(4000).nullable().default(null),
    cooperationChange: z.enum(['better', 'unchanged', 'worse']).openapi({ description: 'Whether your cooperation with mental health changed.' }),
    cooperation: words(4000).nullable().default(null),
  })
  .openapi('CaseDiscussionFeedback');

const texts = z.array(z.string());
export const FeedbackSummary = z
  .object({
    answers: z.number().int(),
    minimum: z.number().int().openapi({ description: 'Below this many answers the summary is withheld: it could point at a person.' }),
    summary: z
      .object({
        coLeadership: z.object({ average: z.number(), ratings: z.record(z.enum(['1', '2', '3', '4', '5']), z.number().int()), comments: texts }),
        cooperation: z.object({ better: z.number().int(), unchanged: z.number().int(), worse: z.number().int(), comments: texts }),
        learnt: texts,
      })
      .nullable(),
  })
  .openapi('CaseDiscussionFeedbackSummary');

export const RunMeasures = z
  .object({
    sessionsPlanned: z.number().int(),
    sessionsHeld: z.number().int().openapi({ description: 'Sessions not cancelled whose attendance was recorded.' }),
    sessionsCancelled: z.number().int(),
    attendanceRate: z.number().nullable(),
    casesByKind: z.object({ referral: z.number().int(), 'own-case': z.number().int() }),
    referrals: z
      .object({ before: z.number().int(), during: z.number().int(), from: z.string(), start: z.string(), to: z.string() })
      .openapi({ description: 'Requests the members sent the service during the run [start, to) and in as long a period before it [from, start).' }),
  })
  .openapi('CaseDiscussionRunMeasures');
