/**
 * Statements built once (src/store/built-once.ts) against drizzle itself, on PGlite and on
 * PostgreSQL: the same rows as drizzle's own query (a left join's missing side as null, jsonb and
 * timestamps mapped), run on the caller's session (a rolled-back transaction keeps nothing), and
 * the columns given are the ones written. These lean on how drizzle hands a query to its session:
 * a drizzle upgrade that changes it fails here first.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtOnce, insertRows, updateRow } from '../../src/store/built-once.js';
import type { Database } from '../../src/store/database.js';
import { consultingServices, organisations } from '../../src/store/schema.js';
import { testDatabase } from '../harness/database.js';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});

const organisationWithDefault = builtOnce<{ id: string }, unknown[]>('test_organisation_with_default', (b) =>
  b
    .select({ organisation: organisations, serviceName: consultingServices.name, service: consultingServices })
    .from(organisations)
    .leftJoin(consultingServices, eq(consultingServices.id, organisations.defaultServiceId))
    .where(eq(organisations.id, sql.placeholder('id'))),
);
const drizzleOwn = (on: Database, id: string) =>
  on
    .select({ organisation: organisations, serviceName: consultingServices.name, service: consultingServices })
    .from(organisations)
    .leftJoin(consultingServices, eq(consultingServices.id, organisations.defaultServiceId))
    .where(eq(organisations.id, id));

const newOrganisation = (name: string) => ({
  id: crypto.randomUUID(),
  name,
  kind: 'practice' as const,
  identifiers: [{ system: 'https://example.org/sid/practice', value: `P-${name}` }],
  createdAt: new Date('2026-03-29T01:30:00.000Z'),
});

describe('a statement built once', () => {
  it('answers what drizzle answers: mapped columns, jsonb, timestamps, a missing joined row as null — again from the cache', async () => {
    const organisation = newOrganisation('Built once');
    await insertRows(db, organisations, [organisation]);
    for (let i = 0; i < 2; i++) {
      const [ours] = await organisationWithDefault(db, { id: organisation.id });
      const [theirs] = await drizzleOwn(db, organisation.id);
      expect(ours).toEqual(theirs);
      expect(ours).toMatchObject({ organisation: { name: 'Built once', identifiers: organisation.identifiers, createdAt: organisation.createdAt, timeZone: null }, service: null, serviceName: null });
    }
  });

  it('runs in the transaction it is given: rolled back, its insert is gone; committed, kept', async () => {
    const dropped = newOrganisation('Rolled back');
    const kept = newOrganisation('Committed');
    await expect(
      db.transaction(async (tx) => {
        await insertRows(tx, organisations, [dropped]);
        // Seen inside the transaction, through the same statement built once.
        expect(await organisationWithDefault(tx, { id: dropped.id })).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await db.transaction(async (tx) => insertRows(tx, organisations, [kept]));
    expect(await organisationWithDefault(db, { id: dropped.id })).toEqual([]);
    expect(await organisationWithDefault(db, { id: kept.id })).toHaveLength(1);
  });

  it('inserts several rows in order, and rows of different shapes as drizzle does', async () => {
    const rows = [newOrganisation('First'), newOrganisation('Second')];
    await insertRows(db, organisations, rows);
    // The second gives a column the first leaves to its default.
    const mixed = [newOrganisation('No zone'), { ...newOrganisation('With zone'), timeZone: 'Europe/Helsinki' }];
    await insertRows(db, organisations, mixed);
    const read = async (id: string) => (await db.select().from(organisations).where(eq(organisations.id, id)))[0];
    expect((await read(rows[1]!.id))?.name).toBe('Second');
    expect((await read(mixed[0]!.id))?.timeZone).toBeNull();
    expect((await read(mixed[1]!.id))?.timeZone).toBe('Europe/Helsinki');
  });

  it('updates the columns it is given and no other', async () => {
    const organisation = newOrganisation('Before');
    await insertRows(db, organisations, [organisation]);
    await updateRow(db, organisations, organisations.id, organisation.id, { name: 'After', timeZone: 'Europe/Berlin', identifiers: undefined });
    const [row] = await db.select().from(organisations).where(eq(organisations.id, organisation.id));
    expect(row).toMatchObject({ name: 'After', timeZone: 'Europe/Berlin', identifiers: organisation.identifiers, kind: 'practice' });
  });
});
