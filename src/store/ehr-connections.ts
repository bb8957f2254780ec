/** Organisations' EHR connections (ehr/ pushes Tasks to them). */
import { eq, or, sql } from 'drizzle-orm';
import type { EhrConnection, EhrConnectionsPort } from '../services/ports/ehr-connections.js';
import type { Database } from './database.js';
import { consultingServices, ehrConnections } from './schema.js';
import { builtOnce } from './built-once.js';

/** Read in every status change's transaction: built once (store/built-once.ts). */
const connectionsOfRequest = builtOnce<{ organisationId: string; serviceId: string }, EhrConnection[]>('ehr_connections_of_request', (db) => {
  const serviceOrganisation = sql`(select ${consultingServices.organisationId} from ${consultingServices} where ${consultingServices.id} = ${sql.placeholder('serviceId')})`;
  return db
    .select()
    .from(ehrConnections)
    .where(or(eq(ehrConnections.organisationId, sql.placeholder('organisationId')), eq(ehrConnections.organisationId, serviceOrganisation)));
});

export class EhrConnectionRepository implements EhrConnectionsPort {
  constructor(private readonly db: Database) {}

  async find(organisationId: string): Promise<EhrConnection | null> {
    const [row] = await this.db.select().from(ehrConnections).where(eq(ehrConnections.organisationId, organisationId));
    return row ?? null;
  }

  async ofRequest(organisationId: string, serviceId: string): Promise<EhrConnection[]> {
    return connectionsOfRequest(this.db, { organisationId, serviceId });
  }

  async save(connection: EhrConnection): Promise<void> {
    const { baseUrl, auth, updatedAt } = connection;
    await this.db.insert(ehrConnections).values(connection).onConflictDoUpdate({ target: ehrConnections.organisationId, set: { baseUrl, auth, updatedAt } });
  }

  async remove(organisationId: string): Promise<boolean> {
    return (await this.db.delete(ehrConnections).where(eq(ehrConnections.organisationId, organisationId)).returning({ id: ehrConnections.organisationId })).length === 1;
  }
}
