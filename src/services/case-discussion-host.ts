/**
 * A group's host as the use cases need it: a consulting service or a practice, with its name,
 * the organisation whose clinicians are its host side, and its time zone (the service's; a
 * practice's own, else its default service's, else UTC), in which a run keeps its local time.
 */
import type { GroupHost } from '../domain/case-discussion.js';
import type { HostFacts } from '../domain/case-discussion-host.js';
import { notFound } from '../domain/errors.js';
import type { Store } from './ports/store.js';

export interface Host extends HostFacts {
  name: string;
  timeZone: string;
}

/** The host, or null when there is no such active service or practice. */
export async function findHost(store: Store, host: GroupHost): Promise<Host | null> {
  if (host.kind === 'service') {
    const service = await store.directory.findService(host.id);
    return service ? { ...host, organisationId: service.organisationId, name: service.name, timeZone: service.timeZone } : null;
  }
  const practice = await store.administration.organisation(host.id);
  if (!practice || practice.kind !== 'practice') return null;
  const fallback = practice.timeZone ? null : practice.defaultServiceId && (await store.directory.findService(practice.defaultServiceId));
  return { ...host, organisationId: practice.id, name: practice.name, timeZone: practice.timeZone ?? (fallback ? fallback.timeZone : 'UTC') };
}

/** The host of an existing group (which never loses it). */
export async function hostOf(store: Store, group: { host: GroupHost }): Promise<Host> {
  const host = await findHost(store, group.host);
  if (!host) throw notFound(group.host.kind === 'service' ? 'Consulting service' : 'Practice');
  return host;
}
