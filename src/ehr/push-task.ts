/**
 * Keeps an EHR's copy of a request's Task current (issue 11): a FHIR update (PUT Task/{id}) on
 * the organisation's own server with fhir-kit-client. The Task is Liaison's, with Liaison's id;
 * the EHR keeps it as a copy. Fails with EhrError carrying the EHR's status.
 */
import { Client } from 'fhir-kit-client';
import type { EhrConnection } from '../services/ports/ehr-connections.js';
import { accessToken, EhrError } from './access-token.js';

export async function pushTask(connection: EhrConnection, task: { resourceType: 'Task'; id: string } & Record<string, unknown>): Promise<void> {
  const client = new Client({ baseUrl: connection.baseUrl, bearerToken: await accessToken(connection.auth) });
  try {
    await client.update({ resourceType: 'Task', id: task.id, body: task as never, options: { signal: AbortSignal.timeout(10_000) } as never });
  } catch (err) {
    const status = (err as { response?: { status?: unknown } }).response?.status;
    throw new EhrError(typeof status === 'number' ? `EHR answered ${status}` : `EHR unreachable (${err instanceof Error ? err.name : 'error'})`, typeof status === 'number' ? status : undefined);
  }
}
