/**
 * Joint consultations: each clinician keeps their availability; Liaison proposes slots where the
 * requesting GP and the assigned psychiatrist are both free, in the service's time zone.
 */
import { proposeSlots, type Availability, type Interval, type WeeklyWindow } from '../domain/availability.js';
import { DomainError } from '../domain/errors.js';
import { spreadOut } from '../domain/proposed-times.js';
import type { Actor } from '../domain/actor.js';
import type { Clock, Store } from './ports/store.js';
import type { RequestService } from './requests.js';

export class SchedulingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly requests: RequestService,
  ) {}

  setAvailability(actor: Actor, availability: { weekly: WeeklyWindow[]; unavailable: { start: string; end: string }[] }): Promise<void> {
    if (actor.kind !== 'user') throw new DomainError('forbidden', 'Availability belongs to a person.');
    return this.store.directory.setAvailability(actor.id, availability);
  }

  async availability(actor: Actor) {
    return (await this.store.directory.availabilityOf(actor.id)) ?? { weekly: [], unavailable: [] };
  }

  /** Times to pre-fill a proposal with: free for both, spread over the days ahead (domain/proposed-times.ts). */
  async suggestedTimes(actor: Actor, requestId: string, options: { days: number; durationMinutes: number; count: number }): Promise<{ timeZone: string; slots: Interval[] }> {
    const { timeZone, slots } = await this.slots(actor, requestId, { ...options, limit: 500 });
    return { timeZone, slots: spreadOut(slots, options.count, timeZone) };
  }

  async slots(actor: Actor, requestId: string, options: { from?: Date | undefined; days: number; durationMinutes: number; limit?: number | undefined }): Promise<{ timeZone: string; slots: Interval[] }> {
    const { request } = await this.requests.get(actor, requestId);
    if (!request.assigneeId) {
      throw new DomainError('illegal_transition', 'Slots are proposed once a psychiatrist is assigned.', { details: { currentState: request.state } });
    }
    const service = await this.store.directory.findService(request.serviceId);
    const from = options.from ?? this.clock.now();
    const to = new Date(from.getTime() + options.days * 86_400_000);
    const people: Availability[] = [];
    // A request whose GP Liaison does not know is planned on the psychiatrist's calendar alone.
    for (const userId of [request.requesterId, request.assigneeId].filter((p): p is string => p !== null)) {
      const own = (await this.store.directory.availabilityOf(userId)) ?? { weekly: [], unavailable: [] };
      const booked = (await this.store.requests.bookedFor(userId, from, to)).filter((b) => b.requestId !== request.id);
      people.push({
        weekly: own.weekly,
        unavailable: own.unavailable.map((u) => ({ start: new Date(u.start), end: new Date(u.end) })),
        booked,
      });
    }
    const timeZone = service!.timeZone;
    return { timeZone, slots: proposeSlots({ people, from, to, durationMinutes: options.durationMinutes, timeZone, ...(options.limit ? { limit: options.limit } : {}) }) };
  }
}
