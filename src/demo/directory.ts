/**
 * The demo directory: fixed ids so tokens and README examples stay valid across restarts.
 * Every person here is fictional; the `.test` domain is reserved and never delivers mail.
 */
import { DEFAULT_SLA_TARGETS } from '../domain/sla.js';

export const DEMO = {
  practice: { id: '00000000-0000-4000-8000-000000000001', name: 'Demo Family Practice' },
  otherPractice: { id: '00000000-0000-4000-8000-000000000002', name: 'Other Practice' },
  mentalHealth: { id: '00000000-0000-4000-8000-000000000003', name: 'Demo Mental Health Centre' },
  service: {
    id: '00000000-0000-4000-8000-000000000010',
    name: 'Consultation-Liaison Psychiatry',
    timeZone: 'Europe/Berlin',
    slaTargets: DEFAULT_SLA_TARGETS,
  },
  crisisService: {
    id: '00000000-0000-4000-8000-000000000011',
    name: 'Crisis Resolution Team',
    timeZone: 'Europe/Berlin',
    slaTargets: { routine: 1, urgent: 1, asap: 0, stat: 0 },
  },
} as const;

/**
 * The professional identifier system of the demo GPs: a fictional national provider register,
 * the way a practice's EHR names its GPs (see README, "What an EHR sends").
 */
export const DEMO_PROVIDER_SYSTEM = 'https://provider-register.example.org/sid/provider-number';

export type DemoRole = 'gp' | 'psychiatrist' | 'group-leader' | 'administrator';

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: DemoRole;
  organisationId: string;
  serviceIds: string[];
  identifiers?: { system: string; value: string }[];
}

export const DEMO_USERS: DemoUser[] = [
  { id: '00000000-0000-4000-8000-000000000101', email: 'gp@demo.liaison.test', name: 'Dr. Anna Berg', role: 'gp', organisationId: DEMO.practice.id, serviceIds: [], identifiers: [{ system: DEMO_PROVIDER_SYSTEM, value: '01234567' }] },
  { id: '00000000-0000-4000-8000-000000000102', email: 'gp2@demo.liaison.test', name: 'Dr. Jonas Keller', role: 'gp', organisationId: DEMO.practice.id, serviceIds: [], identifiers: [{ system: DEMO_PROVIDER_SYSTEM, value: '01234568' }] },
  {
    id: '00000000-0000-4000-8000-000000000103',
    email: 'psychiatrist@demo.liaison.test',
    name: 'Dr. Miriam Okafor',
    role: 'psychiatrist',
    organisationId: DEMO.mentalHealth.id,
    serviceIds: [DEMO.service.id],
  },
  {
    id: '00000000-0000-4000-8000-000000000104',
    email: 'psychiatrist2@demo.liaison.test',
    name: 'Dr. Lukas Brandt',
    role: 'psychiatrist',
    organisationId: DEMO.mentalHealth.id,
    serviceIds: [DEMO.service.id, DEMO.crisisService.id],
  },
  {
    id: '00000000-0000-4000-8000-000000000105',
    email: 'leader@demo.liaison.test',
    name: 'Sofia Lindqvist (psychologist)',
    role: 'group-leader',
    organisationId: DEMO.mentalHealth.id,
    serviceIds: [DEMO.service.id],
  },
  { id: '00000000-0000-4000-8000-000000000106', email: 'admin@demo.liaison.test', name: 'Practice Administrator', role: 'administrator', organisationId: DEMO.practice.id, serviceIds: [] },
  { id: '00000000-0000-4000-8000-000000000107', email: 'gp@other.liaison.test', name: 'Dr. Pieter Smit', role: 'gp', organisationId: DEMO.otherPractice.id, serviceIds: [], identifiers: [{ system: DEMO_PROVIDER_SYSTEM, value: '07654321' }] },
  { id: '00000000-0000-4000-8000-000000000108', email: 'centre-admin@demo.liaison.test', name: 'Centre Administrator', role: 'administrator', organisationId: DEMO.mentalHealth.id, serviceIds: [] },
];

export const DEMO_CLIENTS = [
  {
    id: 'demo-ehr',
    name: 'Demo Practice EHR',
    organisationId: DEMO.practice.id,
    scopes: 'system/ServiceRequest.cruds system/Task.rs system/Communication.crs system/Appointment.rs system/CarePlan.rs system/DocumentReference.rs system/HealthcareService.rs system/Practitioner.rs system/Subscription.cruds',
  },
];

export function findDemoIdentity(who: string): { kind: 'user' | 'client'; id: string } | null {
  const user = DEMO_USERS.find((u) => u.email === who.toLowerCase());
  if (user) return { kind: 'user', id: user.id };
  const client = DEMO_CLIENTS.find((c) => c.id === who);
  return client ? { kind: 'client', id: client.id } : null;
}
