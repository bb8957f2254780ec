/**
 * Letters to the GP (FHIR DocumentReference), read where they are kept: outcome letters are the
 * outcome messages; a case discussion's conclusions on a request its GP only presented are on
 * the agenda item. One union, ordered (written, id), so letters page like messages.
 */
import { and, sql, type SQL } from 'drizzle-orm';
import type { AccessScope } from '../domain/access.js';
import type { Letter, LetterKind } from '../domain/letter.js';
import type { LettersPort } from '../services/ports/letters.js';
import type { PageCursor, RequestFilters } from '../services/queries.js';
import type { Database } from './database.js';
import { filterConditions, scopeCondition } from './request-conditions.js';
import { consultationRequests } from './schema.js';

/**
 * Every letter. An outcome letter's code is the request's outcome while it is current, else the
 * one a re-consult kept (`previousOutcome`); consecutive outcome letters of a request replace one
 * another. Conclusions that completed their request are that request's outcome letter (typed as
 * conclusions, not a second copy); those recorded before the letter id was kept are recognised
 * by the request being agreed as a case discussion. Each branch is narrowed by the caller
 * (`outcomes` on c, `items` on i), so the requests' indexes serve it.
 */
function letters(outcomes: SQL, items: SQL): SQL {
  return sql`
  select c.id, c.request_id, c.sent_at as written_at,
    case when i.id is null then 'outcome-letter' else 'case-discussion-conclusions' end as kind,
    c.author_kind, c.author_id, c.author_display, c.text, null::jsonb as recommendations,
    coalesce(
      case when r.outcome->>'messageId' = c.id::text then r.outcome->>'outcomeCode' end,
      (select e.detail->'previousOutcome'->>'outcomeCode' from request_events e
        where e.request_id = c.request_id and e.action = 'reconsult' and e.detail->'previousOutcome'->>'messageId' = c.id::text limit 1)
    ) as outcome_code,
    s.starts_at as session_start, s.ends_at as session_end, g.name as group_name,
    (select p.id from communications p where p.request_id = c.request_id and p.kind = 'outcome' and (p.sent_at, p.id) < (c.sent_at, c.id)
      order by p.sent_at desc, p.id desc limit 1) as replaces,
    (select n.id from communications n where n.request_id = c.request_id and n.kind = 'outcome' and (n.sent_at, n.id) > (c.sent_at, c.id)
      order by n.sent_at, n.id limit 1) as replaced_by
  from communications c
  join consultation_requests r on r.id = c.request_id
  left join case_discussion_items i on i.request_id = c.request_id and i.outcome_message_id = c.id
  left join case_discussion_sessions s on s.id = i.session_id
  left join case_discussion_groups g on g.id = s.group_id
  where c.kind = 'outcome' and ${outcomes}
  union all
  select i.id, i.request_id, coalesce(i.concluded_at, s.starts_at), 'case-discussion-conclusions',
    case when u.id is null then null else 'user' end, u.id::text, u.name, i.conclusions, i.recommendations, i.outcome_code,
    s.starts_at, s.ends_at, g.name, null::uuid, null::uuid
  from case_discussion_items i
  join case_discussion_sessions s on s.id = i.session_id
  join case_discussion_groups g on g.id = s.group_id
  join consultation_requests r on r.id = i.request_id
  left join users u on u.id = i.concluded_by
  where i.conclusions is not null and i.outcome_message_id is null
    and (i.concluded_at is not null or r.agreed_form is distinct from 'case-discussion') and ${items}
`;
}

/** Of these kinds only (undefined: any). */
const ofKind = (kinds: LetterKind[] | undefined): SQL | undefined =>
  kinds === undefined ? undefined : kinds.length ? sql`letters.kind in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})` : sql`false`;

/** Instants as ISO text, so both drivers hand back the same thing. */
const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

interface LetterRow {
  id: string;
  request_id: string;
  written_at: string;
  kind: LetterKind;
  author_kind: 'user' | 'client' | null;
  author_id: string | null;
  author_display: string | null;
  text: string;
  recommendations: string[] | string | null;
  outcome_code: string | null;
  session_start: string | null;
  session_end: string | null;
  group_name: string | null;
  replaces: string | null;
  replaced_by: string | null;
}

export class LetterRepository implements LettersPort {
  constructor(private readonly db: Database) {}

  async find(id: string): Promise<Letter | null> {
    const [row] = await this.select(letters(sql`c.id = ${id}::uuid`, sql`i.id = ${id}::uuid`), sql`true`, sql``);
    return row ?? null;
  }

  page(scope: AccessScope, filters: RequestFilters, kinds: LetterKind[] | undefined, after: PageCursor | null, limit: number): Promise<Letter[]> {
    const beyond = after ? sql`(letters.written_at, letters.id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined;
    return this.select(this.onRequests(scope, filters), and(ofKind(kinds), beyond) ?? sql`true`, sql`order by letters.written_at, letters.id limit ${limit}`);
  }

  async count(scope: AccessScope, filters: RequestFilters, kinds: LetterKind[] | undefined): Promise<number> {
    const rows = await this.rows<{ n: number | string }>(sql`select count(*)::int as n from (${this.onRequests(scope, filters)}) letters where ${ofKind(kinds) ?? sql`true`}`);
    return Number(rows[0]?.n ?? 0);
  }

  /** The letters on the requests the scope sees that match the filters. */
  private onRequests(scope: AccessScope, filters: RequestFilters): SQL {
    const requests = sql`select ${consultationRequests.id} from ${consultationRequests} where ${and(scopeCondition(scope), ...filterConditions(filters))}`;
    return letters(sql`c.request_id in (${requests})`, sql`i.request_id in (${requests})`);
  }

  private async select(from: SQL, where: SQL, tail: SQL): Promise<Letter[]> {
    const rows = await this.rows<LetterRow>(sql`
      select letters.id::text as id, letters.request_id::text as request_id, ${iso('letters.written_at')} as written_at, letters.kind,
        letters.author_kind, letters.author_id, letters.author_display, letters.text, letters.recommendations, letters.outcome_code,
        ${iso('letters.session_start')} as session_start, ${iso('letters.session_end')} as session_end, letters.group_name,
        letters.replaces::text as replaces, letters.replaced_by::text as replaced_by
      from (${from}) letters where ${where} ${tail}`);
    return rows.map(toLetter);
  }

  private async rows<T>(query: SQL): Promise<T[]> {
    const result = await this.db.execute(query);
    return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[];
  }
}

function toLetter(row: LetterRow): Letter {
  const recommendations = (typeof row.recommendations === 'string' ? JSON.parse(row.recommendations) : row.recommendations) as string[] | null;
  return {
    id: row.id,
    kind: row.kind,
    requestId: row.request_id,
    writtenAt: new Date(row.written_at),
    author: row.author_kind && row.author_id ? { kind: row.author_kind, id: row.author_id, display: row.author_display ?? '' } : null,
    // Conclusions read like an outcome letter: the text, then a line per recommendation.
    text: [row.text, ...(recommendations ?? []).map((r) => `- ${r}`)].join('\n'),
    outcomeCode: row.outcome_code,
    session: row.session_start && row.session_end ? { startsAt: new Date(row.session_start), endsAt: new Date(row.session_end), groupName: row.group_name ?? '' } : null,
    replaces: row.replaces,
    replacedBy: row.replaced_by,
  };
}
