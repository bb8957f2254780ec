/**
 * EHR push as the Node entries compose it: the outbox's ehr-push rows become Task updates on each
 * organisation's own FHIR server (ehr/, fhir-kit-client), the Task rendered by the FHIR layer as
 * the organisation sees the request. Node only: fhir-kit-client keeps connections alive with a
 * Node HTTP agent, which workerd does not have.
 */
import type { Actor } from '../domain/actor.js';
import { pushTask } from '../ehr/push-task.js';
import { renderTask } from '../fhir/resources/request-search.js';
import { Dispatcher } from '../notify/dispatcher.js';
import { ehrPushTransport } from '../notify/ehr-push.js';
import { buildServices } from '../services/index.js';
import type { Clock, Store } from '../services/ports/store.js';

/** The organisation as a system caller: it sees its own requests and those of its services. */
async function organisationActor(store: Store, organisationId: string): Promise<Actor> {
  const services = (await store.directory.listServices()).filter((s) => s.organisationId === organisationId).map((s) => s.id);
  return { kind: 'client', id: `ehr-push:${organisationId}`, display: 'EHR push', role: 'system', organisationId, serviceIds: services, scopes: [] };
}

export function ehrDispatcher(d: { store: Store; clock: Clock; maxAttempts?: number | undefined; log?: ((line: string) => void) | undefined }): Dispatcher<'ehr-push'> {
  const services = buildServices(d.store, d.clock);
  const transport = ehrPushTransport(async (organisationId, payload) => {
    const connection = await d.store.ehrConnections.find(organisationId);
    // The administrator removed the connection since: nothing to send.
    if (!connection) return;
    const request = await services.requests.find(await organisationActor(d.store, organisationId), payload.requestId);
    await pushTask(connection, renderTask(request) as { resourceType: 'Task'; id: string });
  });
  return new Dispatcher({ notifications: d.store.notifications, transport, clock: d.clock, log: d.log, maxAttempts: d.maxAttempts });
}
