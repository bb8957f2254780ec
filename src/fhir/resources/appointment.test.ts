/**
 * The Appointment of times proposed for the GP to choose from (issue 14) is what
 * fhir/examples/Appointment-proposed.json shows integrators: status proposed, no start, the times
 * as requestedPeriod, the psychiatrist accepted and the GP still to answer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConsultationRequest } from '../../domain/request.js';
import { sampleRequest } from '../../domain/sample-request.js';
import { toAppointment } from './appointment.js';

const proposed: ConsultationRequest = {
  ...sampleRequest,
  id: '3f6c2a8e-5b1d-4c7e-9a2f-6d8b1e4c7a01',
  state: 'accepted',
  requesterId: '7a1e0c52-3b8d-4f6e-9c21-5d4b3a2f1e10',
  assigneeId: '9c4d2b71-6e0a-4d3f-8b15-2a7c6e9f0d43',
  patient: { ...sampleRequest.patient, identifier: { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: '999911120' } },
  resourceVersions: { ...sampleRequest.resourceVersions, appointment: { version: 2, at: '2026-11-24T10:55:00.000Z' } },
  proposedTimes: {
    times: [
      { id: 'a3f1c6d2-8b4e-4f71-9d2a-0c5e7b1f3a90', start: '2026-12-01T13:00:00.000Z', end: '2026-12-01T13:45:00.000Z' },
      { id: 'b7e2d4f1-0c9a-4b3e-8f65-1d2c3b4a5e61', start: '2026-12-03T08:30:00.000Z', end: '2026-12-03T09:15:00.000Z' },
    ],
    videoLink: 'https://video.example.org/room/42',
    proposedAt: '2026-11-24T10:55:00.000Z',
    status: 'open',
  },
};
const names = { requesterName: 'Dr. Anna Berg', serviceName: 'Consultation-Liaison Psychiatry', assigneeName: 'Dr. Miriam Okafor' };
const example = () => JSON.parse(readFileSync(new URL('../../../fhir/examples/Appointment-proposed.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('the Appointment of proposed times', () => {
  it('is the example integrators read', () => {
    expect(toAppointment({ ...proposed, ...names })).toEqual(example());
  });

  it('shows the GP declined when none suits them, and is cancelled once the request moved on', () => {
    const declined = toAppointment({ ...proposed, ...names, proposedTimes: { ...proposed.proposedTimes!, status: 'declined', note: 'n' } });
    expect(declined).toMatchObject({ status: 'proposed', participant: [{ status: 'declined' }, { status: 'accepted' }, { status: 'needs-action' }] });
    expect(toAppointment({ ...proposed, ...names, state: 'declined', proposedTimes: { ...proposed.proposedTimes!, status: 'expired' } })?.status).toBe('cancelled');
    expect(toAppointment({ ...proposed, ...names, state: 'cancelled', proposedTimes: { ...proposed.proposedTimes!, status: 'expired' } })?.status).toBe('cancelled');
  });
});
