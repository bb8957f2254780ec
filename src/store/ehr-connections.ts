/** Organisations' EHR connections (ehr/ pushes Tasks to them). */
import { eq, or, sql } from 'drizzle-orm';
import type { EhrConnection, EhrConnectionsPort } from '../services/ports/ehr-connections.js';
import type { Database } from './database.js';
import { consultingServices, ehrConnections } from './schema.js';

export class EhrConnectionRepository implements EhrConnectionsPort {
  constructor(private readonly db: Database) {}

  async find(organisationId: string): Promise<EhrConnection | null> {
    const [row] = await this.db.select().from(ehrConnections).where(eq(ehrConnections.organisationId, organisationId));
    return row ?? null;
  }

  async ofRequest(organisationId: string, serviceId: string): Promise<EhrConnection[]> {
    const serviceOrganisation = sql`(select ${consultingServices.organisationId} from ${consultingServices} where ${consultingServices.id} = ${serviceId})`;
    return this.db.select().from(ehrConnections).where(or(eq(ehrConnections.organisationId, organisationId), eq(ehrConnections.organisationId, serviceOrganisation)));
  }

  async save(connection: EhrConnection): Promise<void> {
    const { baseUrl, auth, updatedAt } = connection;
    await this.db.insert(ehrConnections).values(connection).onConflictDoUpdate({ target: ehrConnections.organisationId, set: { baseUrl, auth, updatedAt } });
  }

  async remove(organisationId: string): Promise<boolean> {
    return (await this.db.delete(ehrConnections).where(eq(ehrConnections.organisationId, organisationId)).returning({ id: ehrConnections.organisationId })).length === 1;
  }
}
