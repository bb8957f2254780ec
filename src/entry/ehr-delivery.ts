/**
 * EHR push as the Node entries compose it: the outbox's ehr-push rows become updates on each
 * organisation's own FHIR server (ehr/, fhir-kit-client): the Task, and the request's letters
 * (the outcome letter, a case discussion's conclusions) as DocumentReferences — rendered by the
 * FHIR layer as the organisation sees them. Letters do not change once written: sending them
 * again with each later change is an idempotent update. Node only: fhir-kit-client keeps connections alive with a
 * Node HTTP agent, which workerd does not have.
 */
import type { Actor } from '../domain/actor.js';
import { pushResources } from '../ehr/push-resources.js';
import { toDocumentReference } from '../fhir/resources/document-reference-out.js';
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
    const actor = await organisationActor(d.store, organisationId);
    const request = await services.requests.find(actor, payload.requestId);
    const letters = await services.letters.page(actor, { ids: [request.id] }, undefined, null, 50);
    const documents = letters.items.map(({ letter, request: of }) => toDocumentReference(letter, of) as { resourceType: 'DocumentReference'; id: string });
    await pushResources(connection, [renderTask(request) as { resourceType: 'Task'; id: string }, ...documents]);
  });
  return new Dispatcher({ notifications: d.store.notifications, transport, clock: d.clock, log: d.log, maxAttempts: d.maxAttempts });
}
