/** How the JSON API shows a case-discussion session, a run and a group. */
import type { Context } from 'hono';
import { disclosed } from '../http/access-log.js';
import type { AppEnv } from '../http/context.js';
import type { DiscussionGroup, DiscussionInvitation } from '../domain/case-discussion.js';
import type { RunView } from '../services/case-discussion-runs.js';
import type { SessionView } from '../services/case-discussion-view.js';

/**
 * The agenda as the caller may see it: the patient only for those who may see the request
 * anyway. Pseudonymised or not, each request's data leaves here: the access log names them all.
 */
export function presentSession(c: Context<AppEnv>, view: SessionView) {
  disclosed(c, view.agenda.flatMap((entry) => (entry.requestId ? [entry.requestId] : [])));
  return {
    ...view,
    agenda: view.agenda.map(({ identified, ...entry }) => ({
      ...entry,
      patient: identified ? identified.patient : null,
    })),
  };
}

export const presentGroup = (group: DiscussionGroup) => ({
  ...group,
  serviceId: group.host.kind === 'service' ? group.host.id : null,
  practiceId: group.host.kind === 'practice' ? group.host.id : null,
  createdAt: group.createdAt.toISOString(),
});

/** An invitation, or a group the caller is in, with its host (and, for a service's group, the service as before). */
export const presentPlace = ({ invitedAt, ...place }: DiscussionInvitation) => ({
  ...place,
  service: place.host.kind === 'service' ? { id: place.host.id, name: place.host.name } : null,
  invitedAt: invitedAt?.toISOString() ?? null,
});

const times = <T extends { startsAt: Date; endsAt: Date }>(s: T) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() });

/** A run without its sessions (as a group lists its runs); who set it up and when are not shown. */
export function presentRunSummary(run: RunView['run']) {
  const { createdAt: _createdAt, createdBy: _createdBy, ...shown } = run;
  return { ...shown, startsAt: run.startsAt.toISOString() };
}

export const presentRun = ({ run, sessions }: RunView) => ({ ...presentRunSummary(run), sessions: sessions.map(times) });

export const presentSessionTime = times;
