/** The JSON API's case-discussion schemas: groups, invitations, sessions and their agenda, attendance. */
import { z } from '@hono/zod-openapi';
import { RISK_FLAGS, SEXES } from '../domain/request.js';
import { Coding, Patient, Requester, SupportingScores } from './schemas.js';

const instant = z.iso.datetime({ offset: true }).refine((v) => new Date(v).getUTCFullYear() >= 1970 && new Date(v).getUTCFullYear() <= 9999, 'must be between 1970 and 9999');
const Role = z.enum(['leader', 'member']);

export const GroupBody = z
  .strictObject({
    serviceId: z.uuid(),
    name: z.string().trim().min(1).max(200),
    cadenceWeeks: z.number().int().min(1).max(12).openapi({ description: 'Every how many weeks the group meets.' }),
    leaderIds: z.array(z.uuid()).min(1).max(4).openapi({ description: 'Co-leaders, ideally of different disciplines: active psychiatrists or psychologists of the service’s organisation.' }),
    memberIds: z
      .array(z.uuid())
      .max(40)
      .default([])
      .openapi({ description: 'Active clinicians of the service’s organisation or GPs of practices that refer to the service (whose default service it is, or that sent it a request).' }),
  })
  .openapi('NewCaseDiscussionGroup');

export const Group = z
  .object({
    id: z.uuid(),
    serviceId: z.uuid(),
    name: z.string(),
    cadenceWeeks: z.number().int(),
    createdAt: z.string(),
    people: z.array(
      z.object({
        userId: z.uuid(),
        role: Role,
        status: z.enum(['invited', 'accepted', 'declined']).openapi({ description: 'Only accepted people are in the group; the one who set it up is in at once.' }),
      }),
    ),
  })
  .openapi('CaseDiscussionGroup');

export const Invitation = z
  .object({
    groupId: z.uuid(),
    groupName: z.string(),
    service: z.object({ id: z.uuid(), name: z.string() }),
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

export const Session = z.object({ id: z.uuid(), groupId: z.uuid(), startsAt: z.string(), endsAt: z.string() }).openapi('CaseDiscussionSessionTime');

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
    startsAt: z.string(),
    endsAt: z.string(),
    agenda: z.array(
      z.object({
        id: z.uuid(),
        requestId: z.uuid(),
        presenterId: z.uuid().openapi({ description: 'The requesting GP, who presents the case.' }),
        minutes: z.number().int(),
        conclusions: z.string().nullable(),
        case: PseudonymisedCase,
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
