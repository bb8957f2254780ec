/**
 * The content lists of domain/resource-versions.ts against the renderers: whenever the domain says
 * a resource did not change, the ServiceRequest, Task, CarePlan and Appointment Liaison renders are the same. A field the
 * renderer shows but the list forgets would hand out one version for two contents.
 */
import { describe, expect, it } from 'vitest';
import type { RequestState } from '../domain/lifecycle.js';
import type { ConsultationRequest } from '../domain/request.js';
import { nextResourceVersions } from '../domain/resource-versions.js';
import { sampleRequest } from '../domain/sample-request.js';
import { toCarePlan } from './resources/care-plan-out.js';
import { toAppointment } from './resources/appointment.js';
import { toServiceRequest } from './resources/service-request-out.js';
import { toTask } from './resources/task-out.js';
import { STATUS_MAP } from './status-map.js';

const AT = '2026-11-15T09:00:00.000Z';
const base: ConsultationRequest = sampleRequest;

/** A different value of the same shape. */
function other(value: unknown): unknown {
  if (typeof value === 'string') return `${value}-changed`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (value === null) return { kind: 'declined', messageId: 'm', reason: 'other', advice: 'a' };
  if (Array.isArray(value)) return [...value, value[0] ?? 'psychosis'];
  return { ...(value as object), extra: 'changed' };
}

const withoutMeta = ({ meta: _meta, ...rest }: Record<string, unknown>) => JSON.stringify(rest);
const carePlanOf = (r: ConsultationRequest) => {
  const plan = toCarePlan(r);
  return plan ? withoutMeta(plan) : null;
};

/** The same request once the psychiatrist has advised, with a recommendation the GP answered. */
const advised: ConsultationRequest = {
  ...base,
  state: 'advice-given',
  assigneeId: 'psy',
  outcome: { kind: 'advice', advice: 'Try mirtazapine.', recommendations: [{ id: 'r1', kind: 'other', text: 'Review in 4 weeks.', response: { accepted: false, reason: 'r', at: AT, byId: 'gp' } }], messageId: 'm', at: AT },
};

const names = { requesterName: 'Dr. G', serviceName: 'Service', assigneeName: 'Dr. P' };
const appointmentOf = (r: ConsultationRequest) => {
  const shown = toAppointment({ ...r, ...names });
  return shown && withoutMeta(shown);
};

/** The same request with a joint consultation booked and a psychiatrist assigned. */
const booked: ConsultationRequest = {
  ...base,
  assigneeId: 'psy',
  appointment: { start: '2026-11-20T09:00:00.000Z', end: '2026-11-20T09:45:00.000Z', videoLink: 'https://video.example/x', status: 'booked', participants: { gp: 'accepted', psychiatrist: 'needs-action', patient: 'needs-action' } },
};

/** The same request with times proposed for the GP to choose from (an Appointment with status proposed). */
const proposed: ConsultationRequest = {
  ...base,
  assigneeId: 'psy',
  proposedTimes: { times: [{ id: 't1', start: '2026-11-20T09:00:00.000Z', end: '2026-11-20T09:45:00.000Z' }, { id: 't2', start: '2026-11-21T09:00:00.000Z', end: '2026-11-21T09:45:00.000Z' }], videoLink: 'https://video.example/x', proposedAt: AT, status: 'open' },
};

describe('resource versions follow what each resource shows', () => {
  const states = Object.keys(STATUS_MAP) as RequestState[];
  const keys = (Object.keys(base) as (keyof ConsultationRequest)[]).filter((k) => !['id', 'version', 'updatedAt', 'resourceVersions', 'state'].includes(k));
  const froms = [
    { from: base, as: 'nothing sent back' },
    { from: advised, as: 'advice' },
    { from: booked, as: 'an appointment' },
    { from: proposed, as: 'proposed times' },
  ];
  it.each(states.flatMap((state) => froms.map(({ from, as }) => ({ state, from, as }))))('from $state with $as, a change the domain calls invisible renders the same ServiceRequest, Task, CarePlan and Appointment', ({ state, from }) => {
    const before = { ...from, state };
    const changes: ConsultationRequest[] = [
      ...states.map((s) => ({ ...before, state: s })),
      ...keys.map((k) => ({ ...before, [k]: other(before[k]) }) as ConsultationRequest),
      { ...before, state: 'closed', outcome: { kind: 'declined', reason: 'other', advice: 'a', messageId: 'm' } },
    ];
    for (const after of changes) {
      const versions = nextResourceVersions(before, { ...after, updatedAt: '2026-11-16T00:00:00.000Z' });
      if (versions.serviceRequest === before.resourceVersions.serviceRequest) expect(withoutMeta(toServiceRequest(after)), JSON.stringify(after)).toBe(withoutMeta(toServiceRequest(before)));
      if (versions.task === before.resourceVersions.task) expect(withoutMeta(toTask(after)), JSON.stringify(after)).toBe(withoutMeta(toTask(before)));
      if (versions.carePlan === before.resourceVersions.carePlan) expect(carePlanOf(after), JSON.stringify(after)).toBe(carePlanOf(before));
      if (versions.appointment === before.resourceVersions.appointment) expect(appointmentOf(after), JSON.stringify(after)).toBe(appointmentOf(before));
    }
  });
});
