/**
 * After booking: each participant answers (the GP for themselves and for the patient, the
 * psychiatrist for themselves), and the consulting side records whether the visit took place.
 * Neither changes the request's state; both are in its history.
 */
import { PARTICIPANTS, type Appointment, type Participant, type ParticipantAnswer } from '../domain/appointment.js';
import { DomainError } from '../domain/errors.js';
import { sidesOf } from '../domain/access.js';
import type { Actor } from '../domain/actor.js';
import type { Clock } from './ports/store.js';
import type { RequestDetail, RequestService } from './requests.js';

export class AppointmentService {
  constructor(
    private readonly clock: Clock,
    private readonly requests: RequestService,
  ) {}

  answer(actor: Actor, requestId: string, participant: Participant, answer: ParticipantAnswer, expectedVersion: number | null): Promise<RequestDetail> {
    return this.change(actor, requestId, expectedVersion, 'appointment-answer', (appointment, sides) => {
      const mayAnswer = participant === 'psychiatrist' ? sides.includes('consultant') : sides.includes('requester');
      if (!mayAnswer) throw new DomainError('forbidden', `Only ${participant === 'psychiatrist' ? 'the consulting side' : 'the requesting practice'} answers for the ${participant}.`);
      return { appointment: { ...appointment, participants: { ...appointment.participants, [participant]: answer } }, detail: { participant, answer } };
    });
  }

  recordAttendance(actor: Actor, requestId: string, attended: boolean, expectedVersion: number | null): Promise<RequestDetail> {
    return this.change(actor, requestId, expectedVersion, attended ? 'visit-attended' : 'visit-no-show', (appointment, sides) => {
      if (!sides.includes('consultant')) throw new DomainError('forbidden', 'The consulting side records whether the visit took place.');
      if (new Date(appointment.start) > this.clock.now()) throw new DomainError('illegal_transition', 'Attendance is recorded once the appointment has begun.', { details: {} });
      return { appointment: { ...appointment, status: attended ? 'fulfilled' : 'noshow' }, detail: { attended } };
    });
  }

  private async change(
    actor: Actor,
    requestId: string,
    expectedVersion: number | null,
    action: string,
    apply: (appointment: Appointment, sides: ReturnType<typeof sidesOf>) => { appointment: Appointment; detail: Record<string, unknown> },
  ): Promise<RequestDetail> {
    const { detail } = await this.requests.annotate(actor, requestId, expectedVersion, action, async (request) => {
      const appointment = request.appointment;
      if (request.state !== 'scheduled' || !appointment || !PARTICIPANTS.every((p) => p in (appointment.participants ?? {}))) {
        throw new DomainError('illegal_transition', 'The request has no booked appointment.', { details: { currentState: request.state } });
      }
      const { appointment: changed, detail: what } = apply(appointment, sidesOf(actor, request));
      return { patch: { appointment: changed }, detail: what };
    });
    return detail;
  }
}
