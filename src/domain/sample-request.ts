/** A submitted request for tests of pure rules and renderers (never used by the running app). */
import type { ConsultationRequest } from './request.js';
import { firstResourceVersions } from './resource-versions.js';

export const SAMPLE_AT = '2026-11-15T09:00:00.000Z';
const AT = SAMPLE_AT;

export const sampleRequest: ConsultationRequest = {
  id: '5b0c8a52-1f0e-4a8e-9c1b-0d3f1e2a4b6c',
  reference: 'LSN-001000',
  version: 3,
  state: 'submitted',
  organisationId: 'org',
  requesterId: 'gp',
  requesterAsSent: null,
  serviceId: 'svc',
  assigneeId: null,
  patient: { identifier: { system: 'urn:p', value: '1' }, name: { family: 'L', given: ['M'] }, birthDate: '1987-06-14', sex: 'female' },
  clinicalQuestion: 'Q?',
  reason: { text: 'low mood', codes: [] },
  priority: 'routine',
  requestedPriority: 'routine',
  requestedForm: 'joint-video',
  agreedForm: null,
  consent: { given: true },
  riskFlags: [],
  scores: { phq9Total: 12 },
  atRisk: false,
  submittedAt: AT,
  dueAt: AT,
  clockPausedAt: null,
  firstResponseAt: null,
  replacesId: null,
  replacedById: null,
  subSpecialty: null,
  patientLanguage: null,
  identifiers: [{ system: 'urn:o', value: 'A' }],
  preserved: { note: [{ text: 'n' }] },
  taskPreserved: null,
  resourceVersions: firstResourceVersions(AT),
  appointment: null,
  proposedTimes: null,
  outcome: null,
  authoredAt: AT,
  createdAt: AT,
  updatedAt: AT,
};
