/**
 * Bulk loading with COPY: each table through its own connection (truncated and filled in one
 * transaction with COPY FREEZE, keeping the rows it had), with its indexes, keys and foreign
 * keys set aside during the load and rebuilt after it — rebuilding a foreign key checks every
 * reference, so a generated row pointing nowhere fails the run.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type postgres from 'postgres';

interface Saved {
  keys: { table: string; name: string; def: string }[];
  foreignKeys: { table: string; name: string; def: string }[];
  indexes: { name: string; def: string }[];
}

/** Drops the indexes, keys and foreign keys of `tables` (and foreign keys into them); returns how to rebuild them. */
export async function setIndexesAside(sql: postgres.Sql, tables: string[]): Promise<Saved> {
  const names = `'{${tables.join(',')}}'::regclass[]`;
  const constraints = await sql.unsafe<{ table: string; name: string; def: string; type: string }[]>(`
    select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def, c.contype as type
    from pg_constraint c
    where (c.contype in ('p', 'u') and c.conrelid = any(${names})) or (c.contype = 'f' and (c.conrelid = any(${names}) or c.confrelid = any(${names})))`);
  const indexes = await sql.unsafe<{ name: string; def: string }[]>(`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
    where i.indrelid = any(${names}) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid and c.contype in ('p', 'u', 'x'))`);
  const saved: Saved = { keys: constraints.filter((c) => c.type !== 'f'), foreignKeys: constraints.filter((c) => c.type === 'f'), indexes: [...indexes] };
  for (const fk of saved.foreignKeys) await sql.unsafe(`alter table ${fk.table} drop constraint "${fk.name}"`);
  for (const index of saved.indexes) await sql.unsafe(`drop index ${index.name}`);
  for (const key of saved.keys) await sql.unsafe(`alter table ${key.table} drop constraint "${key.name}"`);
  return saved;
}

/** Rebuilds what setIndexesAside dropped: keys and indexes two at a time, then the foreign keys. */
export async function rebuildIndexes(sql: postgres.Sql, saved: Saved, log: (line: string) => void): Promise<void> {
  const build = async (statements: string[]) => {
    const queue = [...statements];
    // One transaction per statement: locks held across statements would deadlock the two workers.
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const statement = next;
        await sql.begin(async (tx) => {
          await tx`set local maintenance_work_mem = '1GB'`;
          await tx.unsafe(statement);
        });
      }
    };
    await Promise.all([worker(), worker()]);
  };
  let started = performance.now();
  await build([...saved.keys.map((k) => `alter table ${k.table} add constraint "${k.name}" ${k.def}`), ...saved.indexes.map((i) => i.def)]);
  log(`Rebuilt ${saved.keys.length} keys and ${saved.indexes.length} indexes in ${seconds(started)} s.`);
  started = performance.now();
  await build(saved.foreignKeys.map((fk) => `alter table ${fk.table} add constraint "${fk.name}" ${fk.def}`));
  log(`Checked ${saved.foreignKeys.length} foreign keys in ${seconds(started)} s.`);
}

/**
 * Rows in COPY's text format (each column's text output, NULL as \\N, backslash, tab and line
 * breaks escaped), read with a plain query: postgres.js's COPY TO stream may never end (porsager/postgres#917).
 */
export async function copyText(sql: postgres.Sql, table: string, columns: string[], where = '', order = ''): Promise<string[]> {
  const rows = await sql.unsafe(`select ${columns.map((c) => `${c}::text`).join(', ')} from ${table} ${where ? `where ${where}` : ''} ${order ? `order by ${order}` : ''}`).values();
  return rows.map((row) => (row as (string | null)[]).map((v) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!))).join('\t'));
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** One table's COPY: rows are buffered and written in large chunks, waiting when PostgreSQL is behind. */
export class TableWriter {
  private buffer: string[] = [];
  private length = 0;
  rows = 0;

  private constructor(
    private readonly stream: Writable,
    readonly done: Promise<void>,
  ) {}

  /** Truncates the table and starts COPY FREEZE into it, with the rows it had written first. */
  static async open(sql: postgres.Sql, table: string, columns: string[]): Promise<TableWriter> {
    const list = columns.join(', ');
    const kept = await copyText(sql, table, columns);
    let ready!: (stream: Writable) => void;
    const opened = new Promise<Writable>((resolve) => (ready = resolve));
    const done = sql.begin(async (tx) => {
      await tx.unsafe(`truncate ${table}`);
      const stream = await tx.unsafe(`copy ${table} (${list}) from stdin with (freeze)`).writable();
      ready(stream);
      await once(stream, 'finish');
    });
    // A failure before the stream opened must not leave the caller waiting for it.
    const stream = await Promise.race([opened, done.then(() => Promise.reject(new Error(`COPY into ${table} ended before it began`)))]);
    const writer = new TableWriter(stream, done.then(() => undefined));
    if (kept.length) await writer.write(kept.map((row) => `${row}\n`).join(''));
    return writer;
  }

  /** Adds rendered rows (each ending in a newline); a promise when a full chunk is being written. */
  add(rows: string[], count: number): Promise<void> | undefined {
    this.rows += count;
    for (const r of rows) {
      this.buffer.push(r);
      this.length += r.length;
    }
    return this.length >= 1 << 20 ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.length = 0;
    await this.write(chunk);
  }

  private async write(chunk: string): Promise<void> {
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), this.done]);
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
  }
}
