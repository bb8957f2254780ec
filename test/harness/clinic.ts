/**
 * A fresh, isolated clinic for each test: two practices, a consulting service, GPs,
 * psychiatrists, a group leader, an administrator and an EHR client, with random ids, so
 * tests never see each other's data even when they share one database.
 */
import { TokenSigner } from '../../src/auth/tokens.js';
import { DEFAULT_SLA_TARGETS } from '../../src/domain/sla.js';
import type { Database } from '../../src/store/database.js';
import { seedDirectory } from '../../src/store/seed-directory.js';

export const TEST_SIGNING_KEY = 'test-signing-key-that-is-long-enough-0123456789';
const signer = new TokenSigner(TEST_SIGNING_KEY);

const id = () => crypto.randomUUID();

export interface Person {
  id: string;
  token: string;
}

export interface Clinic {
  practiceId: string;
  otherPracticeId: string;
  /** The mental-health organisation that runs both services. */
  specialistId: string;
  serviceId: string;
  otherServiceId: string;
  gp: Person;
  gp2: Person;
  psychiatrist: Person;
  psychiatrist2: Person;
  leader: Person;
  admin: Person;
  otherGp: Person;
  ehr: Person;
  /** The consulting service's own EHR (a system client of the mental-health organisation). */
  serviceEhr: Person;
}

export interface ClinicOptions {
  timeZone?: string;
  /** The EHR client's registered public keys, for SMART Backend Services tests. */
  ehrJwks?: { keys: unknown[] };
  /** The EHR client's registered scopes. */
  ehrScopes?: string;
}

export const DEFAULT_EHR_SCOPES = 'system/ServiceRequest.cruds system/Task.rs system/Communication.crs system/Appointment.rs system/CarePlan.rs system/DocumentReference.rs system/HealthcareService.rs system/Practitioner.rs system/Subscription.cruds';

export async function newClinic(db: Database, options: ClinicOptions = {}): Promise<Clinic> {
  const practiceId = id();
  const otherPracticeId = id();
  const specialistId = id();
  const serviceId = id();
  const otherServiceId = id();
  const users = {
    gp: { id: id(), role: 'gp' as const, organisationId: practiceId, serviceIds: [] as string[] },
    gp2: { id: id(), role: 'gp' as const, organisationId: practiceId, serviceIds: [] },
    psychiatrist: { id: id(), role: 'psychiatrist' as const, organisationId: specialistId, serviceIds: [serviceId] },
    psychiatrist2: { id: id(), role: 'psychiatrist' as const, organisationId: specialistId, serviceIds: [serviceId, otherServiceId] },
    leader: { id: id(), role: 'group-leader' as const, organisationId: specialistId, serviceIds: [serviceId] },
    admin: { id: id(), role: 'administrator' as const, organisationId: practiceId, serviceIds: [] },
    otherGp: { id: id(), role: 'gp' as const, organisationId: otherPracticeId, serviceIds: [] },
  };
  const ehrId = `ehr-${id()}`;
  const serviceEhrId = `service-ehr-${id()}`;
  const timeZone = options.timeZone ?? 'Europe/Berlin';
  await seedDirectory(
    db,
    {
      organisations: [
        { id: practiceId, name: 'Test Practice', kind: 'practice', defaultServiceId: serviceId },
        { id: otherPracticeId, name: 'Other Test Practice', kind: 'practice', defaultServiceId: serviceId },
        { id: specialistId, name: 'Test Mental Health Centre', kind: 'specialist', defaultServiceId: null },
      ],
      services: [
        { id: serviceId, organisationId: specialistId, name: 'Test C-L Psychiatry', specialty: 'psychiatry', timeZone, slaTargets: DEFAULT_SLA_TARGETS },
        { id: otherServiceId, organisationId: specialistId, name: 'Test Crisis Team', specialty: 'psychiatry', timeZone, slaTargets: DEFAULT_SLA_TARGETS },
      ],
      users: Object.entries(users).map(([name, u]) => ({ ...u, email: `${name}-${u.id}@test.liaison.test`, name: `Test ${name}` })),
      clients: [
        { id: ehrId, name: 'Test EHR', organisationId: practiceId, scopes: options.ehrScopes ?? DEFAULT_EHR_SCOPES, ...(options.ehrJwks ? { jwks: options.ehrJwks } : {}) },
        { id: serviceEhrId, name: 'Test Mental Health EHR', organisationId: specialistId, scopes: 'system/ServiceRequest.rs system/Task.rus system/Communication.crs system/CarePlan.rs' },
      ],
    },
    new Date(),
  );
  const person = async (userId: string): Promise<Person> => ({ id: userId, token: await signer.issue({ kind: 'user', id: userId }, 60) });
  return {
    practiceId,
    otherPracticeId,
    specialistId,
    serviceId,
    otherServiceId,
    gp: await person(users.gp.id),
    gp2: await person(users.gp2.id),
    psychiatrist: await person(users.psychiatrist.id),
    psychiatrist2: await person(users.psychiatrist2.id),
    leader: await person(users.leader.id),
    admin: await person(users.admin.id),
    otherGp: await person(users.otherGp.id),
    ehr: { id: ehrId, token: await signer.issue({ kind: 'client', id: ehrId }, 60) },
    serviceEhr: { id: serviceEhrId, token: await signer.issue({ kind: 'client', id: serviceEhrId }, 60) },
  };
}
