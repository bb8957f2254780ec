/**
 * The scale generator: a PostgreSQL database holding a clinic of `requests` consultation requests
 * (1,000,000 for the benchmark) in one of two shapes (directory.ts), loaded with COPY in a few
 * minutes. The database named is wiped. Every row is one the app wrote or a clone of one
 * (stories.ts, templates.ts), in every table a request has rows in, so the app reads it as its own:
 * the demo people (src/demo/) sign in with `npm run token` and see their lists, queues and searches.
 *
 *   npm run bench:generate -- --shape spread --requests 1000000 --database postgres://…/scale_spread
 */
import postgres from 'postgres';
import { seedDemoData } from '../../src/demo/seed.js';
import { systemClock } from '../../src/services/ports/store.js';
import { createStore } from '../../src/store/index.js';
import { openNodeDatabase } from '../../src/store/open-node.js';
import { seedDirectory } from '../../src/store/seed-directory.js';
import { scaleDirectory, type ScaleDirectory, type Shape } from './directory.js';
import { rebuildIndexes, seconds, setIndexesAside, TableWriter } from './load.js';
import { planClones, type Clone } from './mix.js';
import { playStories } from './stories.js';
import { readTemplates, renderRows, requestTables, type CloneValues, type LoadedTable, type PlaceholderKey } from './templates.js';

export interface GenerateOptions {
  databaseUrl: string;
  shape: Shape;
  requests: number;
  log?: (line: string) => void;
}

/** Patient names (fictional), chosen by patient number. */
const FAMILY = ['Jansen', 'de Vries', 'Müller', 'Kowalski', 'Rossi', 'Nguyen', 'Hoffmann', 'Bakker', 'Visser', 'Yilmaz', 'Novak', 'Schmidt', 'Haddad', 'Peters', 'Larsen', 'Costa', 'Meyer', 'Dekker', 'Wagner', 'Nowak'];
const GIVEN = { female: ['Eva', 'Lena', 'Giulia', 'Clara', 'Sanne', 'Noor', 'Ayla', 'Marta', 'Ines', 'Hanna', 'Rosa', 'Yara'], male: ['Tom', 'Piotr', 'Minh', 'Emre', 'Jan', 'Karim', 'Ole', 'David', 'Finn', 'Mats', 'Ben', 'Lukas'] };
/** Reference numbers of generated requests start here (the demo's own start at 1000). */
const FIRST_REFERENCE = 100_000;

export async function generate(options: GenerateOptions): Promise<{ seconds: number; requests: number }> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const sql = postgres(options.databaseUrl, { max: 12, onnotice: () => {}, connection: { TimeZone: 'UTC', DateStyle: 'ISO' } });
  try {
    // 1. Templates: the stories played on the placeholder directory, read back.
    await wipe(sql);
    let database = await openNodeDatabase({ databaseUrl: options.databaseUrl });
    await database.migrate();
    const played = await playStories(database.db, log);
    const tables = await requestTables(sql);
    const templates = await readTemplates(sql, tables, played);
    await database.close();
    log(`Templates: ${templates.length} (${seconds(started)} s).`);

    // 2. The database itself: migrations, the demo data, the scale directory.
    await wipe(sql);
    database = await openNodeDatabase({ databaseUrl: options.databaseUrl });
    await database.migrate();
    await seedDemoData(database.db, systemClock);
    const directory = scaleDirectory(options.shape, options.requests);
    await seedDirectory(database.db, directory.seed, new Date());
    const store = createStore(database.db);
    for (const { userId, profile } of directory.profiles) await store.directory.setClinicianProfile(userId, profile);
    await database.close();
    log(`Directory: ${directory.practices.length} practices, ${directory.services.length} services, ${directory.seed.users.length} more people (${seconds(started)} s).`);

    // 3. The requests, oldest first, with COPY; indexes and keys rebuilt after.
    const clones = planClones(options.shape, options.requests, directory, templates, new Date());
    const saved = await setIndexesAside(
      sql,
      tables.map((t) => t.table),
    );
    const loadStarted = performance.now();
    const made = await load(sql, tables, clones, directory, log);
    log(`Loaded ${made.requests} requests (${made.rows} rows) in ${seconds(loadStarted)} s.`);
    await rebuildIndexes(sql, saved, log);
    const analysed = performance.now();
    await sql.unsafe(`analyze`);
    await sql.unsafe(`select setval('request_reference_seq', ${made.lastReference})`);
    log(`Analysed in ${seconds(analysed)} s.`);
    const total = (performance.now() - started) / 1000;
    log(`Generated ${made.requests} requests (${options.shape}) in ${total.toFixed(1)} s.`);
    return { seconds: total, requests: made.requests };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A clean schema (the named database is the generator's to wipe). */
async function wipe(sql: postgres.Sql): Promise<void> {
  await sql`drop schema if exists public cascade`;
  await sql`drop schema if exists drizzle cascade`;
  await sql`create schema public`;
}

async function load(sql: postgres.Sql, tables: LoadedTable[], clones: Clone[], directory: ScaleDirectory, log: (line: string) => void) {
  const writers = await Promise.all(tables.map((t) => TableWriter.open(sql, t.table, t.columns)));
  let reference = FIRST_REFERENCE;
  let order = 0;
  let requests = 0;
  const out: string[] = [];
  for (const [n, clone] of clones.entries()) {
    const { template } = clone;
    const values = cloneValues(clone, directory, () => `LSN-${String(reference++).padStart(6, '0')}`, ++order);
    requests += template.requests;
    for (const [i, t] of tables.entries()) {
      out.length = 0;
      renderRows(template, t.table, values, out);
      const writing = out.length ? writers[i]!.add(out, out.length / 2) : undefined;
      if (writing) await writing;
    }
    if ((n + 1) % 100_000 === 0) log(`  ${requests} requests written`);
  }
  await Promise.all(writers.map((w) => w.end()));
  return { requests, rows: writers.reduce((sum, w) => sum + w.rows, 0), lastReference: reference - 1 };
}

function cloneValues(clone: Clone, directory: ScaleDirectory, nextReference: () => string, order: number): CloneValues {
  const { template, practice } = clone;
  const service = directory.services[clone.service]!;
  const serviceB = directory.services[clone.serviceB]!;
  const r = Math.random;
  const gp = practice.gps[Math.floor(r() * practice.gps.length)]!;
  const psychiatrist = service.psychiatrists[Math.floor(r() * service.psychiatrists.length)]!;
  const psychiatristB = serviceB.psychiatrists[Math.floor(r() * serviceB.psychiatrists.length)]!;
  // A patient of the practice of the story's sex: odd numbers are women.
  const female = template.variant.sex === 'female';
  const patient = practice.patientBase + 2 * Math.floor((r() * practice.patientCount) / 2) + (female ? 1 : 0);
  const given = female ? GIVEN.female : GIVEN.male;
  const born = new Date(Date.UTC(1935 + (patient % 70), (patient >> 3) % 12, 1 + ((patient >> 5) % 28)));
  const names: Record<PlaceholderKey, string> = {
    practice: practice.id,
    specialist: '',
    service: service.id,
    serviceB: serviceB.id,
    gp: gp.id,
    psychiatrist: psychiatrist.id,
    psychiatristB: psychiatristB.id,
    ehr: practice.ehr.id,
    gpName: gp.name,
    psychiatristName: psychiatrist.name,
    psychiatristBName: psychiatristB.name,
    serviceBName: serviceB.name,
    ehrName: practice.ehr.name,
    family: FAMILY[patient % FAMILY.length]!,
    given: given[Math.floor(patient / FAMILY.length) % given.length]!,
    patientId: String(patient).padStart(9, '0'),
    orderId: `ORD-${order}`,
    birthDate: born.toISOString().slice(0, 10),
    consentDate: new Date(template.startMs + clone.deltaMs - 86_400_000).toISOString().slice(0, 10),
  };
  return {
    ids: Array.from({ length: template.freshIds }, () => crypto.randomUUID()),
    deltaMs: clone.deltaMs,
    references: Array.from({ length: template.references }, nextReference),
    names,
  };
}
