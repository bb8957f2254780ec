/**
 * How a case-discussion group sees a case (PRODUCT.md; issue "Case-discussion sessions"): no
 * name, no identifier, no birth date — an age band instead. Who the patient is is shown only to
 * those who may see the request anyway (the requesting practice, the consulting service);
 * everyone else in the group, its leaders included, sees this.
 */
import { DateTime } from 'luxon';
import type { ConsultationRequest, Sex } from './request.js';

/** Ten-year bands (`30–39`); under 18 and 90 and over are not split further. */
export function ageBand(birthDate: string | null, at: Date): string | null {
  if (!birthDate) return null;
  const [y, m = '01', d = '01'] = birthDate.split('-');
  const born = new Date(`${y}-${m}-${d}T00:00:00Z`);
  let age = at.getUTCFullYear() - born.getUTCFullYear();
  const birthdayPassed = at.getUTCMonth() > born.getUTCMonth() || (at.getUTCMonth() === born.getUTCMonth() && at.getUTCDate() >= born.getUTCDate());
  if (!birthdayPassed) age -= 1;
  if (age < 18) return 'under 18';
  if (age >= 90) return '90 and over';
  const low = Math.floor(age / 10) * 10;
  return `${low}–${low + 9}`;
}

export interface PseudonymisedCase {
  reference: string;
  ageBand: string | null;
  sex: Sex;
  clinicalQuestion: string;
  reason: ConsultationRequest['reason'];
  scores: ConsultationRequest['scores'];
  riskFlags: ConsultationRequest['riskFlags'];
}

export function pseudonymise(r: ConsultationRequest, at: Date): PseudonymisedCase {
  return {
    reference: r.reference,
    ageBand: ageBand(r.patient.birthDate, at),
    sex: r.patient.sex,
    clinicalQuestion: r.clinicalQuestion,
    reason: r.reason,
    scores: r.scores,
    riskFlags: r.riskFlags,
  };
}

/** Start times of a recurring group: every `cadenceWeeks`, at the same local time in the zone. */
export function sessionTimes(first: Date, cadenceWeeks: number, count: number, timeZone: string): Date[] {
  const start = DateTime.fromJSDate(first, { zone: timeZone });
  return Array.from({ length: count }, (_, i) => start.plus({ weeks: i * cadenceWeeks }).toJSDate());
}
