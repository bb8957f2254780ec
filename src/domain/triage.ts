/**
 * Triage (PRODUCT.md, "Psychiatrist"): the queue is ordered by risk first, then priority, then
 * time left on the SLA clock (overdue first; a paused clock counts with the time it had left).
 * Assignment weighs each psychiatrist's open caseload against their weekly capacity, and their
 * sub-specialties and languages against the request. Pure functions over plain values.
 */
import type { RequestState } from './lifecycle.js';
import type { ConsultationRequest } from './request.js';
import { priorityRank } from './risk.js';

/** The states a request waits in for the consulting service's first response. */
export const AWAITING_TRIAGE: readonly RequestState[] = ['submitted', 'awaiting-information'];

/** The states in which a request counts in its psychiatrist's open caseload. */
export const OPEN_CASELOAD: readonly RequestState[] = ['submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given'];

type Queued = Pick<ConsultationRequest, 'id' | 'atRisk' | 'priority' | 'dueAt' | 'clockPausedAt' | 'submittedAt'>;

/** Milliseconds left on the clock: frozen while paused, negative when overdue; null without a clock. */
export function timeLeftMs(r: Pick<ConsultationRequest, 'dueAt' | 'clockPausedAt'>, now: Date): number | null {
  if (!r.dueAt) return null;
  const from = r.clockPausedAt ? new Date(r.clockPausedAt) : now;
  return new Date(r.dueAt).getTime() - from.getTime();
}

/**
 * When the time left runs out if the clock runs from `asOf`: the due time while the clock runs
 * (fixed, whatever the hour), `asOf` plus the frozen time left while it is paused. Ordering by it
 * is ordering by time left at `asOf`; a list paged in this order keeps one `asOf` for all its
 * pages, so the order cannot shift under a reader as the clock moves. Null without a clock.
 */
export function runsOutAt(r: Pick<ConsultationRequest, 'dueAt' | 'clockPausedAt'>, asOf: Date): Date | null {
  const left = timeLeftMs(r, asOf);
  return left === null ? null : new Date(asOf.getTime() + left);
}

export function compareForTriage(a: Queued, b: Queued, now: Date): number {
  if (a.atRisk !== b.atRisk) return a.atRisk ? -1 : 1;
  const byPriority = priorityRank(b.priority) - priorityRank(a.priority);
  if (byPriority !== 0) return byPriority;
  const left = (r: Queued) => timeLeftMs(r, now) ?? Number.POSITIVE_INFINITY;
  const byTime = left(a) - left(b);
  if (byTime !== 0) return byTime;
  return (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '') || a.id.localeCompare(b.id);
}

export interface ClinicianLoad {
  userId: string;
  name: string;
  /** Open requests assigned to them (OPEN_CASELOAD states). */
  caseload: number;
  /** How many open cases they take on in a week; null when not set. */
  weeklyCapacity: number | null;
  subSpecialties: string[];
  languages: string[];
}

export interface AssignmentSuggestion extends ClinicianLoad {
  overCapacity: boolean;
  matchesSubSpecialty: boolean;
  speaksLanguage: boolean;
  /** Why this rank, in words a colleague would use. */
  reasons: string[];
}

export function isOverCapacity(load: Pick<ClinicianLoad, 'caseload' | 'weeklyCapacity'>, adding = 0): boolean {
  return load.weeklyCapacity !== null && load.caseload + adding > load.weeklyCapacity;
}

/**
 * Ranks who could take a request: first those with room, then sub-specialty, then language,
 * then the lightest relative load.
 */
export function suggestAssignees(
  request: { subSpecialty: string | null; patientLanguage: string | null },
  clinicians: ClinicianLoad[],
): AssignmentSuggestion[] {
  const ratio = (c: ClinicianLoad) => (c.weeklyCapacity ? c.caseload / c.weeklyCapacity : c.caseload);
  return clinicians
    .map((c) => {
      const overCapacity = isOverCapacity(c, 1);
      const matchesSubSpecialty = request.subSpecialty !== null && c.subSpecialties.includes(request.subSpecialty);
      const language = request.patientLanguage?.toLowerCase().split('-')[0] ?? null;
      const speaksLanguage = language !== null && c.languages.some((l) => l.toLowerCase().split('-')[0] === language);
      const reasons = [
        overCapacity ? `would exceed weekly capacity (${c.caseload} open of ${c.weeklyCapacity})` : `${c.caseload} open${c.weeklyCapacity ? ` of ${c.weeklyCapacity}` : ''}`,
        ...(matchesSubSpecialty ? [`sub-specialty ${request.subSpecialty}`] : []),
        ...(speaksLanguage ? [`speaks ${request.patientLanguage}`] : []),
      ];
      return { ...c, overCapacity, matchesSubSpecialty, speaksLanguage, reasons };
    })
    .sort(
      (a, b) =>
        Number(a.overCapacity) - Number(b.overCapacity) ||
        Number(b.matchesSubSpecialty) - Number(a.matchesSubSpecialty) ||
        Number(b.speaksLanguage) - Number(a.speaksLanguage) ||
        ratio(a) - ratio(b) ||
        a.name.localeCompare(b.name),
    );
}
