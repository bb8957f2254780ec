/** Writes a directory (organisations, services, people, clients) idempotently. */
import { eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { consultingServices, organisations, serviceMembers, systemClients, userIdentifiers, users } from './schema.js';
import type { SlaTargets } from '../domain/sla.js';

export interface DirectorySeed {
  organisations: { id: string; name: string; kind: 'practice' | 'specialist'; defaultServiceId: string | null; timeZone?: string | null }[];
  services: { id: string; organisationId: string; name: string; specialty: string; timeZone: string; slaTargets: SlaTargets }[];
  users: { id: string; email: string; name: string; role: 'gp' | 'psychiatrist' | 'group-leader' | 'administrator'; organisationId: string; serviceIds: string[]; identifiers?: { system: string; value: string }[] }[];
  clients: { id: string; name: string; organisationId: string; scopes: string; jwks?: { keys: unknown[] } }[];
}

export async function seedDirectory(db: Database, seed: DirectorySeed, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    for (const o of seed.organisations) {
      await tx.insert(organisations).values({ ...o, defaultServiceId: null, createdAt: now }).onConflictDoNothing();
    }
    for (const s of seed.services) await tx.insert(consultingServices).values({ ...s, createdAt: now }).onConflictDoNothing();
    for (const o of seed.organisations) {
      if (o.defaultServiceId) {
        await tx.update(organisations).set({ defaultServiceId: o.defaultServiceId }).where(eq(organisations.id, o.id));
      }
    }
    for (const { serviceIds, identifiers, ...u } of seed.users) {
      await tx.insert(users).values({ ...u, email: u.email.toLowerCase(), createdAt: now }).onConflictDoNothing();
      for (const serviceId of serviceIds) await tx.insert(serviceMembers).values({ serviceId, userId: u.id }).onConflictDoNothing();
      for (const i of identifiers ?? []) await tx.insert(userIdentifiers).values({ userId: u.id, ...i }).onConflictDoNothing();
    }
    for (const c of seed.clients) await tx.insert(systemClients).values({ ...c, createdAt: now }).onConflictDoNothing();
  });
}
