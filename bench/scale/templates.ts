/**
 * Templates: the rows a played story wrote (stories.ts), read back in COPY text format and cut
 * into fixed text and holes — ids, instants, reference numbers and the placeholder directory's
 * names — so a clone is the same rows with other ids, other people, another patient and its
 * times moved, written with COPY at the speed of string concatenation.
 */
import type postgres from 'postgres';
import { copyText } from './load.js';
import { CONSENT_DATE, PLACEHOLDER, type PlayedStory, type StoryName, type Variant } from './stories.js';

/** The tables a request writes rows in, in COPY column order (serial ids are left to their defaults). */
export interface LoadedTable {
  table: string;
  columns: string[];
  /** The column naming the request, for reading a template back. */
  requestColumn?: string;
  order?: string;
}

export type PlaceholderKey = keyof typeof PLACEHOLDER | 'consentDate';

type Hole = { kind: 'id'; index: number } | { kind: 'at'; ms: number } | { kind: 'ref'; index: number } | { kind: 'name'; key: PlaceholderKey };

/** One row: parts[0] hole[0] parts[1] … parts[n]. */
interface CompiledRow {
  parts: string[];
  holes: Hole[];
}

export interface Template {
  story: StoryName;
  variant: Variant;
  /** Rows per table name. */
  rows: Map<string, CompiledRow[]>;
  /** How many requests one clone makes. */
  requests: number;
  freshIds: number;
  references: number;
  /** When its last event happened and when it was created. */
  endMs: number;
  startMs: number;
}

/** What one clone puts in the holes. */
export interface CloneValues {
  ids: string[];
  deltaMs: number;
  references: string[];
  names: Record<PlaceholderKey, string>;
}

const PLACEHOLDER_BY_TEXT = new Map<string, PlaceholderKey>([...Object.entries(PLACEHOLDER).map(([k, v]) => [v, k as PlaceholderKey] as const), [CONSENT_DATE, 'consentDate']]);
const TOKEN = new RegExp(
  [
    '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?\\+00',
    '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z',
    'LSN-\\d{6,}',
    // Each played story's order number is its own (they are unique per practice).
    `${PLACEHOLDER.orderId}-\\d+`,
    ...[...PLACEHOLDER_BY_TEXT.keys()].map((text) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')),
  ].join('|'),
  'g',
);

/** The columns of a table as the database has them, less the serial id when the table has one. */
export async function columnsOf(sql: postgres.Sql, table: string, withoutId: boolean): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`select attname as name from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped order by attnum`;
  return rows.map((r) => r.name).filter((name) => !(withoutId && name === 'id'));
}

/** The request tables, as this database's schema has them. */
export async function requestTables(sql: postgres.Sql): Promise<LoadedTable[]> {
  return [
    { table: 'consultation_requests', columns: await columnsOf(sql, 'consultation_requests', false), requestColumn: 'id', order: 'created_at, id' },
    { table: 'request_versions', columns: await columnsOf(sql, 'request_versions', false), requestColumn: 'request_id', order: 'request_id, version' },
    { table: 'request_events', columns: await columnsOf(sql, 'request_events', true), requestColumn: 'request_id', order: 'id' },
    { table: 'request_identifiers', columns: await columnsOf(sql, 'request_identifiers', false), requestColumn: 'request_id', order: 'request_id' },
    { table: 'communications', columns: await columnsOf(sql, 'communications', false), requestColumn: 'request_id', order: 'sent_at, id' },
    { table: 'communication_identifiers', columns: await columnsOf(sql, 'communication_identifiers', false), requestColumn: 'request_id', order: 'request_id' },
  ];
}

/** Reads back what the played stories wrote and cuts it into templates. */
export async function readTemplates(sql: postgres.Sql, tables: LoadedTable[], played: PlayedStory[]): Promise<Template[]> {
  const owner = new Map<string, number>();
  played.forEach((p, i) => p.requestIds.forEach((id) => owner.set(id, i)));
  const raw = played.map(() => new Map<string, string[]>());
  const ids = `'{${[...owner.keys()].join(',')}}'::uuid[]`;
  for (const t of tables) {
    for (const line of await copyText(sql, t.table, [t.requestColumn!, ...t.columns], `${t.requestColumn} = any(${ids})`, t.order)) {
      const tab = line.indexOf('\t');
      const rows = raw[owner.get(line.slice(0, tab))!]!;
      rows.set(t.table, [...(rows.get(t.table) ?? []), line.slice(tab + 1)]);
    }
  }
  return played.map((p, i) => compile(p, raw[i]!));
}

function compile(played: PlayedStory, raw: Map<string, string[]>): Template {
  const fresh = new Map<string, number>();
  const refs = new Map<string, number>();
  let endMs = 0;
  let startMs = Infinity;
  const cut = (line: string): CompiledRow => {
    const parts: string[] = [];
    const holes: Hole[] = [];
    let last = 0;
    for (const match of line.matchAll(TOKEN)) {
      const token = match[0];
      parts.push(line.slice(last, match.index));
      last = match.index + token.length;
      const named = token.startsWith(PLACEHOLDER.orderId) ? 'orderId' : PLACEHOLDER_BY_TEXT.get(token);
      if (named) holes.push({ kind: 'name', key: named });
      else if (token.startsWith('LSN-')) holes.push({ kind: 'ref', index: indexOf(refs, token) });
      else if (token.length === 36 && token[8] === '-' && token[13] === '-') holes.push({ kind: 'id', index: indexOf(fresh, token) });
      else holes.push({ kind: 'at', ms: Date.parse(token.replace(' ', 'T').replace('+00', 'Z')) });
    }
    parts.push(line.slice(last));
    return { parts, holes };
  };
  const rows = new Map<string, CompiledRow[]>();
  for (const [table, lines] of raw) rows.set(table, lines.map(cut));
  // The story's span: from its first to its last event.
  for (const row of rows.get('request_events') ?? []) {
    const at = row.holes.find((h) => h.kind === 'at') as { ms: number } | undefined;
    if (at) [endMs, startMs] = [Math.max(endMs, at.ms), Math.min(startMs, at.ms)];
  }
  return { story: played.story, variant: played.variant, rows, requests: played.requestIds.length, freshIds: fresh.size, references: refs.size, endMs, startMs };
}

function indexOf(map: Map<string, number>, key: string): number {
  let i = map.get(key);
  if (i === undefined) map.set(key, (i = map.size));
  return i;
}

/** Appends one clone of `template`'s rows for `table` to `out`. */
export function renderRows(template: Template, table: string, values: CloneValues, out: string[]): void {
  const rows = template.rows.get(table);
  if (!rows) return;
  for (const { parts, holes } of rows) {
    let line = parts[0]!;
    for (let i = 0; i < holes.length; i++) {
      const hole = holes[i]!;
      switch (hole.kind) {
        case 'id':
          line += values.ids[hole.index]!;
          break;
        case 'at':
          line += new Date(hole.ms + values.deltaMs).toISOString();
          break;
        case 'ref':
          line += values.references[hole.index]!;
          break;
        case 'name':
          line += values.names[hole.key];
          break;
      }
      line += parts[i + 1]!;
    }
    out.push(line, '\n');
  }
}
