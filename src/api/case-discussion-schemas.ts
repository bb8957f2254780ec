/** The JSON API's case-discussion schemas: groups, invitations, sessions and their agenda, attendance. */
import { z } from '@hono/zod-openapi';
import { DISCIPLINES } from '../domain/case-discussion.js';
import { RISK_FLAGS, SEXES } from '../domain/request.js';
import { Coding, Patient, Requester, SupportingScores } from './schemas.js';

export const instant = z.iso.datetime({ offset: true }).refine((v) => new Date(v).getUTCFullYear() >= 1970 && new Date(v).getUTCFullYear() <= 9999, 'must be between 1970 and 9999');
const Role = z.enum(['leader', 'member']);
export const Discipline = z.enum(DISCIPLINES).openapi('Discipline');

const HostKind = z.enum(['service', 'practice']);
export const Host = z
  .object({ kind: HostKind, id: z.uuid() })
  .openapi('CaseDiscussionHost', { description: 'Who hosts the group: a consulting service, or a practice (an organisation of kind `practice`).' });

export const GroupBody = z
  .strictObject({
    serviceId: z.uuid().optional().openapi({ description: 'The consulting service hosting the group (or give `practiceId`).' }),
    practiceId: z
      .uuid()
      .optional()
      .openapi({ description: 'The practice hosting the group, set up by one of its GPs; its time zone is the practice’s (else its default service’s). Give this or `serviceId`.' }),
    name: z.string().trim().min(1).max(200),
    cadenceWeeks: z.number().int().min(1).max(12).openapi({ description: 'Every how many weeks the group meets.' }),
    leaderIds: z
      .array(z.uuid())
      .min(1)
      .max(4)
      .openapi({
        description:
          'Co-leaders, ideally of different disciplines. A service’s group: at least one an active psychiatrist or psychologist of the service’s organisation; a GP of a referring practice may co-lead. A practice’s group: at least one a GP of the practice and one a psychiatrist or psychologist of a service the practice refers to.',
      }),
    disciplines: z
      .record(z.uuid(), Discipline)
      .optional()
      .openapi({ description: 'A leader’s discipline by their id, when their role does not say it (default: psychiatrist, psychologist for a group leader, family physician for a GP).' }),
    place: z.string().trim().min(1).max(300).nullable().optional().openapi({ description: 'Where the group meets by default.' }),
    videoLink: z.url({ protocol: /^https$/ }).max(1000).nullable().optional(),
    workingTime: z.boolean().default(false).openapi({ description: 'Whether sessions fall in working time (else after hours).' }),
    memberIds: z
      .array(z.uuid())
      .max(40)
      .default([])
      .openapi({
        description:
          'A service’s group: active clinicians of the service’s organisation or GPs of practices that refer to the service (whose default service it is, or that sent it a request). A practice’s group: its active GPs, or psychiatrists and psychologists working in a service the practice refers to.',
      }),
  })
  .superRefine((body, ctx) => {
    if ((body.serviceId === undefined) === (body.practiceId === undefined)) {
      ctx.addIssue({ code: 'custom', path: [body.serviceId === undefined ? 'serviceId' : 'practiceId'], message: 'Name the host: a serviceId or a practiceId, one of them.' });
    }
  })
  .openapi('NewCaseDiscussionGroup');

/** More people for a group (leaders); the same rule as at set-up. */
export const InviteBody = z
  .strictObject({
    leaderIds: z.array(z.uuid()).max(4).default([]),
    memberIds: z.array(z.uuid()).max(40).default([]),
    disciplines: z.record(z.uuid(), Discipline).optional(),
  })
  .openapi('CaseDiscussionInvitations');

export const GroupListItem = z
  .object({ groupId: z.uuid(), groupName: z.string(), host: Host.extend({ name: z.string() }), role: Role })
  .openapi('CaseDiscussionGroupListed');

export const Group = z
  .object({
    id: z.uuid(),
    host: Host,
    serviceId: z.uuid().nullable().openapi({ description: 'The hosting service; null for a practice’s group.' }),
    practiceId: z.uuid().nullable().openapi({ description: 'The hosting practice; null for a service’s group.' }),
    name: z.string(),
    cadenceWeeks: z.number().int(),
    place: z.string().nullable(),
    videoLink: z.string().nullable(),
    workingTime: z.boolean(),
    createdAt: z.string(),
    people: z.array(
      z.object({
        userId: z.uuid(),
        role: Role,
        discipline: Discipline.nullable().openapi({ description: 'A leader’s discipline; null for members.' }),
        status: z
          .enum(['invited', 'accepted', 'declined', 'removed'])
          .openapi({ description: 'Only accepted people are in the group; the one who set it up is in at once; `removed`: taken out by a leader.' }),
      }),
    ),
  })
  .openapi('CaseDiscussionGroup');

export const Invitation = z
  .object({
    groupId: z.uuid(),
    groupName: z.string(),
    host: Host.extend({ name: z.string() }),
    service: z.object({ id: z.uuid(), name: z.string() }).nullable().openapi({ description: 'The hosting service; null for a practice’s group (see `host`).' }),
    role: Role,
    invitedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    invitedAt: z.string().nullable(),
  })
  .openapi('CaseDiscussionInvitation');

export const ScheduleBody = z.strictObject({
  startsAt: instant,
  durationMinutes: z.number().int().min(15).max(240).default(90),
  count: z.number().int().min(1).max(26).default(1),
});

const SessionStatus = z.enum(['planned', 'cancelled']).openapi({ description: 'A paused or closed run cancels the sessions still to come.' });
export const Session = z
  .object({ id: z.uuid(), groupId: z.uuid(), runId: z.uuid().nullable(), status: SessionStatus, startsAt: z.string(), endsAt: z.string() })
  .openapi('CaseDiscussionSessionTime');

export const Candidate = z
  .object({ id: z.uuid(), reference: z.string(), requester: Requester, clinicalQuestion: z.string() })
  .openapi('CaseDiscussionCandidate');

const PseudonymisedCase = z
  .object({
    reference: z.string(),
    ageBand: z.string().nullable().openapi({ example: '40–49' }),
    sex: z.enum(SEXES),
    clinicalQuestion: z.string(),
    reason: z.object({ text: z.string(), codes: z.array(Coding) }),
    scores: SupportingScores,
    riskFlags: z.array(z.enum(RISK_FLAGS)),
  })
  .openapi('PseudonymisedCase');

export const SessionView = z
  .object({
    id: z.uuid(),
    groupId: z.uuid(),
    groupName: z.string(),
    runId: z.uuid().nullable(),
    status: SessionStatus,
    startsAt: z.string(),
    endsAt: z.string(),
    agenda: z.array(
      z.object({
        id: z.uuid(),
        kind: z.enum(['referral', 'own-case']).openapi({ description: '`referral`: a request discussed; `own-case`: a case a member brought in their own words.' }),
        requestId: z.uuid().nullable().openapi({ description: 'The referral, or the request an own case links; null for an own case without one.' }),
        title: z.string().nullable(),
        question: z.string().nullable(),
        presenterId: z.uuid().openapi({ description: 'Who presents: the requesting GP for a referral, the member who brought an own case.' }),
        minutes: z.number().int(),
        conclusions: z.string().nullable(),
        reflection: z.string().nullable().openapi({ description: 'The group’s reflection: it stays in the group unless the presenter takes it back.' }),
        sharedTo: z.enum(['request', 'presenter']).nullable(),
        case: PseudonymisedCase.nullable().openapi({ description: 'The request, pseudonymised; null when the case links none.' }),
        patient: Patient.extend({ birthDate: z.string().nullable() })
          .nullable()
          .openapi({ description: 'Only for those who may see the request anyway (its practice, the consulting service); null for everyone else, leaders included.' }),
      }),
    ),
  })
  .openapi('CaseDiscussionSession');

export const AgendaBody = z.strictObject({ requestId: z.uuid(), minutes: z.number().int().min(5).max(120).default(20) });

export const Attendance = z
  .object({ sessionId: z.uuid(), groupName: z.string(), startsAt: z.string(), endsAt: z.string(), present: z.boolean() })
  .openapi('CaseDiscussionAttendance');
