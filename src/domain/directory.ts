/** The directory's entities: a consulting service and a person as others may see them. */
import type { Identifier } from './request.js';
import type { UserRole } from './actor.js';
import type { BusinessHours, SlaTargets } from './sla.js';

export interface ConsultingService {
  id: string;
  organisationId: string;
  name: string;
  timeZone: string;
  slaTargets: SlaTargets;
  reconsultMonths: number;
  /** Opening hours and holidays: the SLA clock's business days (sla.ts calendarOf). */
  businessHours: BusinessHours;
  publicHolidays: string[];
  /** The practices that may refer to the service; null means any practice. */
  referringPractices: string[] | null;
  active: boolean;
}

/** A Liaison user as the directory shows them. */
export interface Person {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  organisationId: string;
  active: boolean;
  /** Professional identifiers registered for them (national provider numbers, EHR staff ids). */
  identifiers: Identifier[];
}

/** Intake: whether a service takes referrals from this practice (every practice unless it names some). */
export function takesReferralsFrom(service: Pick<ConsultingService, 'referringPractices'>, practiceId: string): boolean {
  return service.referringPractices === null || service.referringPractices.includes(practiceId);
}
