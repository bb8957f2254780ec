/**
 * The directory a scale run loads requests into: the demo directory (src/demo/, so demo tokens
 * work) grown to 200 practices and 50 consulting services in 10 mental-health organisations,
 * with their GPs, psychiatrists, group leaders and EHR clients. Fictional names throughout.
 *
 * Two shapes: `spread` (requests spread over the practices) and `regional` (one large
 * organisation, the demo practice, holding most of them across all 50 services).
 */
import { DEMO, DEMO_CLIENTS, DEMO_USERS } from '../../src/demo/directory.js';
import { DEFAULT_SLA_TARGETS } from '../../src/domain/sla.js';
import type { DirectorySeed } from '../../src/store/seed-directory.js';
import { Random } from './random.js';

export type Shape = 'spread' | 'regional';
export const SHAPES: readonly Shape[] = ['spread', 'regional'];

export const PRACTICE_COUNT = 200;
export const SERVICE_COUNT = 50;
const SPECIALIST_COUNT = 10;
/** The share of all requests the demo practice holds in the regional shape. */
export const REGIONAL_SHARE = 0.9;

export interface Named {
  id: string;
  name: string;
}

export interface ScalePractice extends Named {
  gps: Named[];
  /** The practice's EHR (a system client): `id` is the client id. */
  ehr: Named;
  defaultService: number;
  /** Relative share of the requests. */
  weight: number;
  /** Its patients are numbers patientBase … patientBase + patientCount - 1. */
  patientBase: number;
  patientCount: number;
}

export interface ScaleService extends Named {
  psychiatrists: Named[];
}

export interface ScaleDirectory {
  /** What is not in the demo directory already (seedDemoData writes that). */
  seed: DirectorySeed;
  profiles: { userId: string; profile: { weeklyCapacity: number; subSpecialties: string[]; languages: string[] } }[];
  practices: ScalePractice[];
  services: ScaleService[];
}

const GIVEN = ['Anna', 'Jonas', 'Miriam', 'Lukas', 'Sofia', 'Pieter', 'Eva', 'Tom', 'Lena', 'Piotr', 'Giulia', 'Minh', 'Clara', 'Sanne', 'Noor', 'Emre', 'Ayla', 'Jan', 'Marta', 'Karim', 'Ines', 'Ole', 'Hanna', 'David', 'Leila', 'Finn', 'Rosa', 'Mats', 'Yara', 'Ben'];
const FAMILY = ['Berg', 'Keller', 'Okafor', 'Brandt', 'Lindqvist', 'Smit', 'Jansen', 'de Vries', 'Müller', 'Kowalski', 'Rossi', 'Nguyen', 'Hoffmann', 'Bakker', 'Visser', 'Yilmaz', 'Novak', 'Schmidt', 'Haddad', 'Peters', 'Larsen', 'Costa', 'Meyer', 'Dekker', 'Wagner', 'Nowak', 'Fischer', 'Mulder', 'Hansen', 'Weber'];
const REGIONS = ['Northfield', 'Eastmoor', 'Riverside', 'Westbrook', 'Southgate', 'Lakeside', 'Hillcrest', 'Oakridge', 'Marshland', 'Harbourview'];
const TEAMS = ['Consultation-Liaison Psychiatry', 'Perinatal Psychiatry', 'Old-Age Psychiatry', 'Addiction Psychiatry', 'Child and Adolescent Psychiatry'];
const SUB_SPECIALTIES = ['perinatal', 'old-age', 'child-and-adolescent', 'addiction', 'eating-disorders', 'neurodevelopmental', 'psychosis', 'personality-disorders', 'neuropsychiatry', 'trauma'];
const LANGUAGES = ['de', 'tr', 'pl', 'ar', 'nl', 'fr'];
const EHR_SCOPES = DEMO_CLIENTS[0]!.scopes;

const demoUser = (email: string): Named => {
  const user = DEMO_USERS.find((u) => u.email === email)!;
  return { id: user.id, name: user.name };
};

/** The directory for a shape; `requests` sizes the patient lists. Deterministic for a shape. */
export function scaleDirectory(shape: Shape, requests: number): ScaleDirectory {
  const random = new Random(shape === 'spread' ? 20_261 : 20_262);
  const personName = () => `Dr. ${random.pick(GIVEN)} ${random.pick(FAMILY)}`;
  const seed: DirectorySeed = { organisations: [], services: [], users: [], clients: [] };
  const profiles: ScaleDirectory['profiles'] = [];
  let people = 0;
  const person = (role: 'gp' | 'psychiatrist' | 'group-leader', organisationId: string, serviceIds: string[]): Named => {
    const id = random.uuid();
    const name = role === 'group-leader' ? `${random.pick(GIVEN)} ${random.pick(FAMILY)} (psychologist)` : personName();
    seed.users.push({ id, email: `${role}-${++people}@scale.liaison.test`, name, role, organisationId, serviceIds });
    if (role === 'psychiatrist') {
      profiles.push({ userId: id, profile: { weeklyCapacity: random.int(5, 12), subSpecialties: random.some(SUB_SPECIALTIES, 0.15), languages: ['en', ...random.some(LANGUAGES, 0.2)] } });
    }
    return { id, name };
  };

  // Mental-health organisations and their services; the demo centre runs the demo services.
  const specialists = [DEMO.mentalHealth.id, ...Array.from({ length: SPECIALIST_COUNT - 1 }, () => random.uuid())];
  specialists.slice(1).forEach((id, i) => seed.organisations.push({ id, name: `${REGIONS[i + 1]} Mental Health Trust`, kind: 'specialist', defaultServiceId: null }));
  const organisationOf = (service: number) => specialists[service < 2 ? 0 : service % SPECIALIST_COUNT]!;
  const services: ScaleService[] = [
    { id: DEMO.service.id, name: DEMO.service.name, psychiatrists: [demoUser('psychiatrist@demo.liaison.test'), demoUser('psychiatrist2@demo.liaison.test')] },
    { id: DEMO.crisisService.id, name: DEMO.crisisService.name, psychiatrists: [demoUser('psychiatrist2@demo.liaison.test')] },
  ];
  for (let i = services.length; i < SERVICE_COUNT; i++) {
    const organisationId = organisationOf(i);
    const name = `${REGIONS[i % SPECIALIST_COUNT]} ${TEAMS[Math.floor(i / SPECIALIST_COUNT) % TEAMS.length]}${i >= SPECIALIST_COUNT * TEAMS.length ? ` ${i}` : ''}`;
    const id = random.uuid();
    seed.services.push({ id, organisationId, name, specialty: 'psychiatry', timeZone: 'Europe/Berlin', slaTargets: DEFAULT_SLA_TARGETS });
    services.push({ id, name, psychiatrists: [] });
  }
  services.forEach((service, i) => {
    const organisationId = organisationOf(i);
    for (let n = random.int(4, 7); n > 0; n--) service.psychiatrists.push(person('psychiatrist', organisationId, [service.id]));
    if (i > 1) person('group-leader', organisationId, [service.id]);
  });

  // Practices: the demo practice, the other demo practice, and 198 more, each with its EHR.
  const regional = shape === 'regional';
  const practices: ScalePractice[] = [];
  for (let i = 0; i < PRACTICE_COUNT; i++) {
    const demo = i === 0 ? DEMO.practice : i === 1 ? DEMO.otherPractice : null;
    const id = demo?.id ?? random.uuid();
    const defaultService = i < 2 ? 0 : random.int(0, SERVICE_COUNT - 1);
    if (!demo) seed.organisations.push({ id, name: `${random.pick(REGIONS)} Family Practice ${i}`, kind: 'practice', defaultServiceId: services[defaultService]!.id });
    const gps = i === 0 ? [demoUser('gp@demo.liaison.test'), demoUser('gp2@demo.liaison.test')] : i === 1 ? [demoUser('gp@other.liaison.test')] : [];
    const gpCount = i === 0 && regional ? 200 : random.int(3, 6);
    while (gps.length < gpCount) gps.push(person('gp', id, []));
    const ehr = i === 0 ? { id: DEMO_CLIENTS[0]!.id, name: DEMO_CLIENTS[0]!.name } : { id: `ehr-${i}`, name: `Practice EHR ${i}` };
    if (i > 0) seed.clients.push({ id: ehr.id, name: ehr.name, organisationId: id, scopes: EHR_SCOPES });
    const weight = regional ? (i === 0 ? REGIONAL_SHARE : ((1 - REGIONAL_SHARE) / (PRACTICE_COUNT - 1)) * (0.5 + random.next())) : 0.5 + random.next();
    practices.push({ id, name: demo?.name ?? `Practice ${i}`, gps, ehr, defaultService, weight, patientBase: 0, patientCount: 0 });
  }
  // Patients: about two requests each over the years, numbered per practice.
  const totalWeight = practices.reduce((sum, p) => sum + p.weight, 0);
  let base = 1;
  for (const p of practices) {
    p.patientBase = base;
    p.patientCount = Math.max(10, Math.ceil(((requests * p.weight) / totalWeight) * 0.6));
    base += p.patientCount;
  }
  return { seed, profiles, practices, services };
}
