/**
 * The platform operator's bootstrap (issue 12), through the same use cases as the API:
 *   npm run admin -- create-organisation --name "Riverside Practice" --kind practice [--time-zone Europe/Berlin] [--identifier system|value]
 *   npm run admin -- create-admin --organisation <id> --email admin@riverside.example --name "Robin Admin"
 * There is no password anywhere: create-admin prints the new administrator's first token (valid
 * LIAISON_TOKEN_TTL_MINUTES); later ones come from `npm run token`. On the embedded database, stop
 * the server first (one process holds it).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TokenSigner } from '../auth/tokens.js';
import { DomainError } from '../domain/errors.js';
import { isTimeZone } from '../domain/time-zone.js';
import { buildServices } from '../services/index.js';
import { systemClock } from '../services/ports/store.js';
import { createStore } from '../store/index.js';
import { loadNodeSetup, openDatabase } from './node-setup.js';

const USAGE = `Usage:
  npm run admin -- create-organisation --name <name> --kind practice|specialist [--time-zone <IANA zone>] [--identifier <system|value>]...
  npm run admin -- create-admin --organisation <id> --email <address> --name <name>`;

const identifier = z.string().regex(/^[^|]+\|.+$/, 'must be system|value').transform((v) => ({ system: v.slice(0, v.indexOf('|')), value: v.slice(v.indexOf('|') + 1) }));
const commands = {
  'create-organisation': z.object({ name: z.string().trim().min(1).max(200), kind: z.enum(['practice', 'specialist']), 'time-zone': z.string().refine(isTimeZone, 'not an IANA time zone').optional(), identifier: z.array(identifier).default([]) }),
  'create-admin': z.object({ organisation: z.uuid(), email: z.email().max(320), name: z.string().trim().min(1).max(200) }),
};

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, kind: { type: 'string' }, 'time-zone': { type: 'string' }, identifier: { type: 'string', multiple: true }, organisation: { type: 'string' }, email: { type: 'string' } },
});
const command = positionals[0];
if (command !== 'create-organisation' && command !== 'create-admin') fail(USAGE);
const parsed = commands[command].safeParse(values);
if (!parsed.success) fail(`${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${USAGE}`);

const setup = loadNodeSetup();
const database = await openDatabase(setup);
try {
  await database.migrate();
  const services = buildServices(createStore(database.db), systemClock);
  if (command === 'create-organisation') {
    const input = commands['create-organisation'].parse(values);
    const organisation = await services.administration.organisations.bootstrap({ name: input.name, kind: input.kind, timeZone: input['time-zone'] ?? null, identifiers: input.identifier });
    console.log(`Organisation created: ${organisation.id} (${organisation.kind})`);
    console.log(`Next: npm run admin -- create-admin --organisation ${organisation.id} --email <address> --name <name>`);
  } else {
    const input = commands['create-admin'].parse(values);
    const admin = await services.administration.staff.create({ kind: 'operator' }, input.organisation, { email: input.email, name: input.name, role: 'administrator', identifiers: [], languages: [], subSpecialties: [], weeklyCapacity: null });
    const { signingKey, publicUrl, tokenTtlMinutes } = setup.appConfig();
    console.log(`Administrator created: ${admin.id} (${admin.email})`);
    console.log(`Their first token (valid ${tokenTtlMinutes} minutes; later ones: npm run --silent token -- ${admin.email}):`);
    console.log(await new TokenSigner(signingKey, publicUrl).issue({ kind: 'user', id: admin.id }, tokenTtlMinutes));
  }
} catch (error) {
  if (error instanceof DomainError) fail(`Refused: ${error.message}${error.issues.length ? ` (${error.issues.map((i) => `${i.field}: ${i.message}`).join('; ')})` : ''}`);
  throw error;
} finally {
  await database.close();
}
