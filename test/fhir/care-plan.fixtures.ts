/**
 * The fictional request behind fhir/examples/CarePlan-shared-care.json: the joint consultation of
 * the other examples (LSN-001001), completed with recommendations the GP has answered (one accepted,
 * one declined), a shared-care plan with a step for each owner, medication advice and a follow-up.
 */
import type { ConsultationRequest } from '../../src/domain/request.js';

const AT = '2026-12-01T14:10:00.000Z';
const GP = '00000000-0000-4000-8000-000000000101';
const PSYCHIATRIST = '00000000-0000-4000-8000-000000000103';

export const EXAMPLE_NAMES = { requesterName: 'Dr. Anna Berg', assigneeName: 'Dr. Miriam Okafor', serviceName: 'Consultation-Liaison Psychiatry' };

export const EXAMPLE_REQUEST: ConsultationRequest = {
  id: '3f6c2a8e-5b1d-4c7e-9a2f-6d8b1e4c7a01',
  reference: 'LSN-001001',
  version: 9,
  state: 'completed',
  organisationId: '00000000-0000-4000-8000-000000000001',
  requesterId: GP,
  requesterAsSent: null,
  serviceId: '00000000-0000-4000-8000-000000000010',
  assigneeId: PSYCHIATRIST,
  patient: { identifier: { system: 'https://demo-practice.example.org/sid/patient-number', value: 'PAT-48213' }, name: { family: 'Lindholm', given: ['Maren'] }, birthDate: '1987-06-14', sex: 'female' },
  clinicalQuestion: 'Depression not improving on sertraline 100 mg for eight weeks: switch or augment?',
  reason: { text: 'Recurrent depressive disorder', codes: [] },
  priority: 'urgent',
  requestedPriority: 'routine',
  requestedForm: 'joint-video',
  agreedForm: 'joint-video',
  consent: { given: true },
  riskFlags: [],
  scores: { phq9Total: 19, phq9Item9: 1 },
  atRisk: true,
  submittedAt: '2026-11-23T08:15:00.000Z',
  dueAt: '2026-11-25T17:25:00.000Z',
  clockPausedAt: null,
  firstResponseAt: '2026-11-23T10:00:00.000Z',
  replacesId: null,
  replacedById: null,
  subSpecialty: null,
  patientLanguage: null,
  identifiers: [{ system: 'urn:oid:1.2.3.4.5.6.7', value: 'ORD-1001' }],
  preserved: null,
  taskPreserved: null,
  resourceVersions: {
    serviceRequest: { version: 4, at: AT },
    task: { version: 7, at: AT },
    carePlan: { version: 3, at: '2026-12-02T09:31:00.000Z' },
    appointment: { version: 1, at: AT },
  },
  appointment: null,
  proposedTimes: null,
  outcome: {
    kind: 'outcome',
    summary: 'Moderate recurrent depressive episode, partial response to sertraline. No psychotic features; passive death wishes without plans.',
    outcomeCode: 'joint-follow-up',
    recommendations: [
      {
        id: '9b1e7c34-2d5a-4f86-a0c9-3e7d5b2f8a11',
        kind: 'medication-change',
        text: 'Switch from sertraline to mirtazapine 15 mg at night, raising to 30 mg after two weeks.',
        response: { accepted: true, at: '2026-12-02T09:30:00.000Z', byId: GP },
      },
      {
        id: 'c4f2a9d8-6e3b-4a17-8d5c-1b9e7f3a2c22',
        kind: 'psychotherapy-referral',
        text: 'Refer for behavioural activation.',
        response: { accepted: false, reason: 'No behavioural activation available locally for eight months; the patient joins the online programme instead.', at: '2026-12-02T09:31:00.000Z', byId: GP },
      },
      { id: 'e7a3c5b1-8f2d-4c69-9e4a-5d1b3f7c9a33', kind: 'investigation', text: 'Weight and lipids at eight weeks.' },
    ],
    medicationAdvice: 'Mirtazapine may increase appetite and weight; sedation usually settles within two weeks.',
    plan: [
      { who: 'gp', what: 'Review mood, sleep and weight; PHQ-9.', due: '2026-12-15' },
      { who: 'psychiatrist', what: 'Joint video review of the response to mirtazapine.', due: '2027-01-12' },
      { who: 'other-service', what: 'Online behavioural activation programme: first session.' },
    ],
    followUpDate: '2027-01-12',
    messageId: '4a8c2e6f-9d1b-4f73-b2e5-7c3a9f1d5b12',
    at: AT,
  },
  authoredAt: '2026-11-23T08:15:00.000Z',
  createdAt: '2026-11-23T08:15:00.000Z',
  updatedAt: '2026-12-02T09:31:00.000Z',
};
