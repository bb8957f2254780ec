/** The measures of a consulting service over a period, for the people who work in it. */
import { DomainError, notFound } from '../domain/errors.js';
import { measureByPriority, type Measures } from '../domain/measures.js';
import type { Priority } from '../domain/request.js';
import { OPEN_CASELOAD, type ClinicianLoad } from '../domain/triage.js';
import type { Actor } from '../domain/actor.js';
import type { Clock, Store } from './ports/store.js';

const DAY_MS = 86_400_000;

export interface ServiceMeasures {
  from: string;
  to: string;
  byPriority: Record<Priority | 'all', Measures>;
  openCaseload: Pick<ClinicianLoad, 'userId' | 'name' | 'caseload' | 'weeklyCapacity'>[];
}

export class MeasuresService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Over a period of submission: by default the 90 days up to now; at most 366 days. From the read replica when there is one. */
  async forService(actor: Actor, serviceId: string, period: { from?: Date | undefined; to?: Date | undefined }): Promise<ServiceMeasures> {
    if (!actor.serviceIds.includes(serviceId)) throw notFound('Consulting service');
    const to = period.to ?? this.clock.now();
    const from = period.from ?? new Date(to.getTime() - 90 * DAY_MS);
    if (from >= to || to.getTime() - from.getTime() > 366 * DAY_MS) {
      throw new DomainError('invalid_input', 'The period runs forward and spans at most 366 days.', { issues: [{ field: 'from', message: 'from must be before to, at most 366 days apart.' }] });
    }
    const requests = await this.store.replica.requests.submittedBetween(serviceId, from, to);
    const events = await this.store.replica.requests.eventsOf(requests.map((r) => r.id));
    const byRequest = new Map<string, typeof events>();
    for (const e of events) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e]);
    const byPriority = measureByPriority(
      requests.map((request) => ({ request, events: (byRequest.get(request.id) ?? []).map((e) => ({ action: e.action, at: e.at, detail: e.detail })) })),
      this.clock.now(),
    );
    const loads = await this.store.replica.directory.clinicianLoads(serviceId, OPEN_CASELOAD);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      byPriority,
      openCaseload: loads.map(({ userId, name, caseload, weeklyCapacity }) => ({ userId, name, caseload, weeklyCapacity })),
    };
  }
}
