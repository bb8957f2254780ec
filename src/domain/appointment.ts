/**
 * The appointment of a joint consultation or clinic visit: when and where, each participant's
 * answer (GP, psychiatrist, patient), and whether it took place. Lives on the request; FHIR
 * shows it as an Appointment (https://hl7.org/fhir/R4/appointment.html) basedOn the request.
 */
import type { RequestState } from './lifecycle.js';

export const PARTICIPANTS = ['gp', 'psychiatrist', 'patient'] as const;
export type Participant = (typeof PARTICIPANTS)[number];

export const PARTICIPANT_ANSWERS = ['needs-action', 'accepted', 'declined', 'tentative'] as const;
export type ParticipantAnswer = (typeof PARTICIPANT_ANSWERS)[number];

export interface Appointment {
  start: string;
  end: string;
  location?: string | undefined;
  videoLink?: string | undefined;
  /** booked until it took place (fulfilled), the patient did not come (noshow), or it was called off (cancelled). */
  status: 'booked' | 'fulfilled' | 'noshow' | 'cancelled';
  participants: Record<Participant, ParticipantAnswer>;
}

/** Requests that ended this way end their appointment too, whatever it said (FHIR Appointment.status). */
export const ENDED_WITH_REQUEST: Partial<Record<RequestState, 'cancelled' | 'entered-in-error'>> = {
  cancelled: 'cancelled',
  redirected: 'cancelled',
  'entered-in-error': 'entered-in-error',
};

/** A new or moved appointment: whoever booked it has accepted, the others are asked again. */
export function bookedAppointment(input: { start: string; end: string; location?: string | undefined; videoLink?: string | undefined }, bookedBy: Participant): Appointment {
  const participants = { gp: 'needs-action', psychiatrist: 'needs-action', patient: 'needs-action' } as Record<Participant, ParticipantAnswer>;
  participants[bookedBy] = 'accepted';
  return {
    start: input.start,
    end: input.end,
    ...(input.location ? { location: input.location } : {}),
    ...(input.videoLink ? { videoLink: input.videoLink } : {}),
    status: 'booked',
    participants,
  };
}
