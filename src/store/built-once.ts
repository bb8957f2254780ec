/**
 * Statements whose SQL drizzle builds once per process and that run on any session: the pool or a
 * transaction. drizzle builds a query's SQL text on every execution — for a request's row of forty
 * columns that costs more CPU than PostgreSQL spends running it — and a drizzle prepared query keeps
 * its text but is bound to the session it was made on, while every transaction is a session of its
 * own. So the statement is built once with placeholders, what drizzle hands its session to prepare
 * is kept, and each run asks the caller's session to prepare that again: no SQL is rebuilt, and
 * results are mapped exactly as drizzle maps them, by a mapper that works out each column's
 * decoder and place once per statement (drizzle's own does it again for every column of every
 * row: a tenth of the triage queue's CPU, fifty rows of fifty columns).
 */
import { Column, eq, getTableColumns, getTableName, is, param, SQL, sql, Subquery, type Query } from 'drizzle-orm';
import type { PgColumn, PgDialect, PgPreparedQuery, PgSession, PgTable, PreparedQueryConfig } from 'drizzle-orm/pg-core';
import type { Database } from './database.js';

type PrepareArgs = Parameters<PgSession['prepareQuery']>;

/** What a query builder becomes once prepared: the session's own prepared query. */
interface Preparable {
  prepare(name: string): PgPreparedQuery<PreparedQueryConfig>;
}

interface Built {
  args: PrepareArgs;
  /** drizzle's record of which joined tables may come back as null (left joins of a select). */
  joinsNotNullableMap: unknown;
  mapper?: (rows: unknown[][]) => Row[];
}

/** A selected field as drizzle orders them: where it goes in the result, and what it is. */
interface SelectedField {
  path: string[];
  field: unknown;
}
type NotNullable = Record<string, boolean> | undefined;
interface Decoder {
  mapFromDriverValue(value: unknown): unknown;
}

/**
 * drizzle's mapResultRow (drizzle-orm/utils.js) for one statement: the same results, the same
 * nulls for a left-joined table whose columns all came back null, with each field's decoder,
 * path and table found once.
 */
function rowMapper(fields: SelectedField[], joinsNotNullableMap: NotNullable): (rows: unknown[][]) => Row[] {
  const columns = fields.map(({ path, field }) => {
    const decoderOf = (q: unknown) => (q as { decoder: Decoder }).decoder;
    const decoder: Decoder = is(field, Column) ? field : is(field, SQL) ? decoderOf(field) : is(field, Subquery) ? decoderOf(field._.sql) : decoderOf((field as SQL.Aliased).sql);
    const table = joinsNotNullableMap && is(field, Column) && path.length === 2 ? getTableName(field.table) : undefined;
    return { parents: path.slice(0, -1), key: path[path.length - 1]!, decoder, table };
  });
  const mapRow = (row: unknown[]): Row => {
    const result: Row = {};
    let nullify: Record<string, string | false> | undefined;
    for (let i = 0; i < columns.length; i++) {
      const { parents, key, decoder, table } = columns[i]!;
      let node = result;
      for (const parent of parents) {
        if (!(parent in node)) node[parent] = {};
        node = node[parent] as Row;
      }
      const raw = row[i];
      const value = (node[key] = raw === null ? null : decoder.mapFromDriverValue(raw));
      if (table !== undefined) {
        nullify ??= {};
        const objectName = parents[0]!;
        if (!(objectName in nullify)) nullify[objectName] = value === null ? table : false;
        else if (typeof nullify[objectName] === 'string' && nullify[objectName] !== table) nullify[objectName] = false;
      }
    }
    if (nullify) for (const [objectName, table] of Object.entries(nullify)) if (typeof table === 'string' && !joinsNotNullableMap![table]) result[objectName] = null;
    return result;
  };
  return (rows) => rows.map(mapRow);
}

/**
 * A statement built once by `build` (placeholders for what varies, `sql.placeholder(name)`), then
 * run on the session of the `db` given to each call with the placeholders' `values`. `build` must
 * not depend on anything but its `db`: its SQL is kept for the life of the process.
 */
export function builtOnce<Values extends Record<string, unknown>, Result = unknown>(name: string, build: (db: Database) => Preparable): (db: Database, values: Values) => Promise<Result> {
  let built: Built | undefined;
  return async (db, values) => {
    const session = sessionOf(db);
    built ??= capture(db, session, name, build);
    const [queryText, fields, preparedName, arrayMode, customMapper, ...rest] = built.args;
    const mapper = customMapper ?? (fields ? (built.mapper ??= rowMapper(fields as SelectedField[], built.joinsNotNullableMap as NotNullable)) : undefined);
    const query = session.prepareQuery(queryText, fields, preparedName, arrayMode, mapper, ...rest) as PgPreparedQuery<PreparedQueryConfig> & { joinsNotNullableMap?: unknown };
    if (built.joinsNotNullableMap !== undefined) query.joinsNotNullableMap = built.joinsNotNullableMap;
    return (await query.execute(values)) as Result;
  };
}

/** Builds the statement once against a session that records what it is asked to prepare. */
function capture(db: Database, session: PgSession, name: string, build: (db: Database) => Preparable): Built {
  let args: PrepareArgs | undefined;
  const recorder = Object.create(session, {
    prepareQuery: {
      value: (...prepareArgs: PrepareArgs) => {
        args = prepareArgs;
        return session.prepareQuery(...prepareArgs);
      },
    },
  }) as PgSession;
  // Query builders take the session from the database they start from.
  const recording = Object.create(db, { session: { value: recorder } }) as Database;
  const prepared = build(recording).prepare(name) as PgPreparedQuery<PreparedQueryConfig> & { joinsNotNullableMap?: unknown };
  if (!args) throw new Error(`builtOnce(${name}): the query builder did not prepare through its session`);
  return { args, joinsNotNullableMap: prepared.joinsNotNullableMap };
}

type Row = Record<string, unknown>;

function sessionOf(db: Database): PgSession {
  return (db as unknown as { session: PgSession }).session;
}

/** A statement's text and values as drizzle builds them, to run again with `runQuery` without building it. */
export function queryOf(db: Database, statement: SQL | { getSQL(): SQL }): Query {
  return (db as unknown as { dialect: PgDialect }).dialect.sqlToQuery(is(statement, SQL) ? statement : statement.getSQL());
}

/** Runs a statement from `queryOf` on `db`'s session (the pool or a transaction): rows as PostgreSQL names their columns. */
export async function runQuery<Result>(db: Database, query: Query): Promise<Result[]> {
  const result = (await sessionOf(db).prepareQuery(query, undefined, undefined, false).execute()) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: Result[] }).rows) as Result[];
}

const inserts = new Map<string, (db: Database, values: Row) => Promise<unknown>>();

/**
 * Inserts `rows` into `table` with a statement built once per shape: the table, the number of
 * rows and the columns given (a column left undefined takes its default, as in drizzle). Rows
 * that give different columns are inserted as drizzle builds them each time.
 */
export async function insertRows(db: Database, table: PgTable, rows: Row[], options: { onConflictDoNothing?: PgColumn } = {}): Promise<void> {
  if (rows.length === 0) return;
  const keys = definedKeys(rows[0]!);
  const shape = keys.join(',');
  if (rows.some((r) => definedKeys(r).join(',') !== shape)) {
    const insert = db.insert(table).values(rows);
    await (options.onConflictDoNothing ? insert.onConflictDoNothing({ target: options.onConflictDoNothing }) : insert);
    return;
  }
  const cacheKey = `${getTableName(table)}|${rows.length}|${shape}|${options.onConflictDoNothing?.name ?? ''}`;
  let run = inserts.get(cacheKey);
  if (!run) {
    run = builtOnce(`insert ${cacheKey}`, (b) => {
      const columns = getTableColumns(table);
      const insert = b.insert(table).values(rows.map((_, i) => Object.fromEntries(keys.map((k) => [k, valueFor(columns[k]!, `${i}.${k}`)]))));
      return options.onConflictDoNothing ? insert.onConflictDoNothing({ target: options.onConflictDoNothing }) : insert;
    });
    inserts.set(cacheKey, run);
  }
  const values: Row = {};
  rows.forEach((r, i) => keys.forEach((k) => (values[`${i}.${k}`] = r[k])));
  await run(db, values);
}

const updates = new Map<string, (db: Database, values: Row) => Promise<unknown>>();

/** Updates the row of `table` whose `key` column equals `id` with `set`, built once per table and columns set. */
export async function updateRow(db: Database, table: PgTable, key: PgColumn, id: unknown, set: Row): Promise<void> {
  const keys = definedKeys(set);
  const cacheKey = `${getTableName(table)}|${key.name}|${keys.join(',')}`;
  let run = updates.get(cacheKey);
  if (!run) {
    const columns = getTableColumns(table);
    run = builtOnce(`update ${cacheKey}`, (b) =>
      b
        .update(table)
        .set(Object.fromEntries(keys.map((k) => [k, valueFor(columns[k]!, `set.${k}`)])))
        .where(eq(key, sql.placeholder('key'))),
    );
    updates.set(cacheKey, run);
  }
  const values: Row = { key: id };
  for (const k of keys) values[`set.${k}`] = set[k];
  await run(db, values);
}

/**
 * A column's value as a placeholder, encoded as drizzle encodes a value it is given: by the
 * column's own mapping, except that null stays null (a placeholder drizzle wraps itself would
 * hand null to the mapping, and a timestamp's fails on it).
 */
function valueFor(column: PgColumn, name: string): SQL {
  return sql`${param(sql.placeholder(name), { mapToDriverValue: (value: unknown) => (value === null ? null : column.mapToDriverValue(value)) })}`;
}

/**
 * Ids as one array parameter (a PostgreSQL array literal), for `= any($1::uuid[])` in a statement
 * built once: any number of ids, one statement. For ids only (no commas, quotes or braces).
 */
export const idArray = (ids: readonly string[]): string => `{${ids.join(',')}}`;

const definedKeys = (row: Row) => Object.keys(row).filter((k) => row[k] !== undefined);
