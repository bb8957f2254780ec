/**
 * Keeps an EHR's copies of a request's resources current (issue 11): FHIR updates (PUT
 * {type}/{id}) on the organisation's own server with fhir-kit-client — the Task, and each letter
 * (the outcome as a DocumentReference). They are Liaison's resources, with Liaison's ids; the EHR
 * keeps them as copies. Fails with EhrError carrying the EHR's status.
 */
import { Client } from 'fhir-kit-client';
import type { EhrConnection } from '../services/ports/ehr-connections.js';
import { accessToken, EhrError } from './access-token.js';

type PushedResource = { resourceType: 'Task' | 'DocumentReference'; id: string } & Record<string, unknown>;

/** Updates each resource in turn (one token for them all); the first refusal stops the rest. */
export async function pushResources(connection: EhrConnection, resources: PushedResource[]): Promise<void> {
  const client = new Client({ baseUrl: connection.baseUrl, bearerToken: await accessToken(connection.auth) });
  for (const resource of resources) {
    try {
      await client.update({ resourceType: resource.resourceType, id: resource.id, body: resource as never, options: { signal: AbortSignal.timeout(10_000) } as never });
    } catch (err) {
      const status = (err as { response?: { status?: unknown } }).response?.status;
      throw new EhrError(typeof status === 'number' ? `EHR answered ${status}` : `EHR unreachable (${err instanceof Error ? err.name : 'error'})`, typeof status === 'number' ? status : undefined);
    }
  }
}
