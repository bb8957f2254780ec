/**
 * Triage order in SQL (domain/triage.ts): risk, priority, when the time left runs out as at the
 * list's moment, submission, id — each ascending, so a page continues after its cursor with one
 * row comparison, and ties never make a row appear twice or not at all.
 */
import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { TriagePosition } from '../services/queries.js';
import { consultationRequests as requests } from './schema.js';

export const URGENCY = { stat: 0, asap: 1, urgent: 2, routine: 3 } as const;

/**
 * The sort key as at `asOf` (a placeholder for it in a statement built once). A running clock
 * runs out at its due time, whatever the hour; a paused one at `asOf` plus its frozen time left.
 * Without a clock: last.
 */
export function triageKey(asOf: Date | Placeholder): SQL[] {
  const at = asOf instanceof Date ? asOf.toISOString() : asOf;
  return [
    sql`(not ${requests.atRisk})`,
    sql`(case ${requests.priority} when 'stat' then ${URGENCY.stat} when 'asap' then ${URGENCY.asap} when 'urgent' then ${URGENCY.urgent} else ${URGENCY.routine} end)::int`,
    // The time left as seconds: `timestamptz - timestamptz` is days and hours, and PostgreSQL adds
    // days on the session time zone's calendar (23 or 25 hours across a change of clocks), where
    // the domain and the cursor add elapsed time.
    sql`coalesce(case when ${requests.clockPausedAt} is null then ${requests.dueAt} else ${at}::timestamptz + extract(epoch from ${requests.dueAt} - ${requests.clockPausedAt}) * interval '1 second' end, 'infinity'::timestamptz)`,
    sql`coalesce(${requests.submittedAt}, '-infinity'::timestamptz)`,
    sql`${requests.id}`,
  ];
}

/** The key of the row a page ended on, as placeholders named after its parts (values: positionValues). */
export function triagePosition(): SQL[] {
  return [
    sql`${sql.placeholder('afterNotAtRisk')}::boolean`,
    sql`${sql.placeholder('afterUrgency')}::int`,
    sql`coalesce(${sql.placeholder('afterRunsOutAt')}::timestamptz, 'infinity'::timestamptz)`,
    sql`coalesce(${sql.placeholder('afterSubmittedAt')}::timestamptz, '-infinity'::timestamptz)`,
    sql`${sql.placeholder('afterId')}::uuid`,
  ];
}

/** The values of triagePosition's placeholders for the row a page ended on. */
export function positionValues(after: TriagePosition): Record<string, unknown> {
  return {
    afterNotAtRisk: !after.atRisk,
    afterUrgency: URGENCY[after.priority],
    afterRunsOutAt: after.runsOutAt?.toISOString() ?? null,
    afterSubmittedAt: after.submittedAt?.toISOString() ?? null,
    afterId: after.id,
  };
}
