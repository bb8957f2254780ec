/**
 * Everyone the access matrix asks about, around one clinic: the roles of the clinic itself plus
 * the people and systems a security review tries that the clinic does not have (a GP of a
 * practice that does not refer to the service, a psychiatrist of another service only, an EHR
 * client with narrow scopes).
 */
import { TokenSigner } from '../../src/auth/tokens.js';
import type { Database } from '../../src/store/database.js';
import { seedDirectory } from '../../src/store/seed-directory.js';
import { TEST_SIGNING_KEY, type Clinic, type Person } from './clinic.js';

export const ROLES = [
  'gp',
  'practiceGp',
  'otherOrgGp',
  'psychiatrist',
  'otherServicePsychiatrist',
  'leader',
  'member',
  'admin',
  'requestingEhr',
  'consultingEhr',
  'narrowClient',
  'anonymous',
] as const;
export type Role = (typeof ROLES)[number];

export type Cast = Record<Role, Person | null>;

const signer = new TokenSigner(TEST_SIGNING_KEY);

/**
 * `member` is the clinic's GP of the other practice (which refers to the service): the tests
 * make them a case-discussion member. `otherOrgGp` works at a practice that refers nowhere.
 */
export async function castOf(db: Database, clinic: Clinic, specialistId: string): Promise<Cast> {
  const loneId = crypto.randomUUID();
  const outsiderId = crypto.randomUUID();
  const elsewhereId = crypto.randomUUID();
  const narrowId = `narrow-ehr-${crypto.randomUUID()}`;
  await seedDirectory(
    db,
    {
      organisations: [{ id: loneId, name: 'Lone Practice', kind: 'practice', defaultServiceId: null }],
      services: [],
      users: [
        { id: outsiderId, email: `outsider-${outsiderId}@test.liaison.test`, name: 'Test outsider', role: 'gp', organisationId: loneId, serviceIds: [] },
        { id: elsewhereId, email: `elsewhere-${elsewhereId}@test.liaison.test`, name: 'Test elsewhere', role: 'psychiatrist', organisationId: specialistId, serviceIds: [clinic.otherServiceId] },
      ],
      clients: [{ id: narrowId, name: 'Narrow EHR', organisationId: clinic.practiceId, scopes: 'system/ServiceRequest.rs' }],
    },
    new Date(),
  );
  const person = async (kind: 'user' | 'client', id: string): Promise<Person> => ({ id, token: await signer.issue({ kind, id }, 60) });
  return {
    gp: clinic.gp,
    practiceGp: clinic.gp2,
    otherOrgGp: await person('user', outsiderId),
    psychiatrist: clinic.psychiatrist,
    otherServicePsychiatrist: await person('user', elsewhereId),
    leader: clinic.leader,
    member: clinic.otherGp,
    admin: clinic.admin,
    requestingEhr: clinic.ehr,
    consultingEhr: clinic.serviceEhr,
    narrowClient: await person('client', narrowId),
    anonymous: null,
  };
}
