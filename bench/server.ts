/**
 * The framework ceiling's server: Liaison's app composed the way src/entry/node.ts composes it
 * (src/entry/node-app.ts: same configuration, database, store, budgets and log), plus one route that answers a
 * constant JSON behind the same authentication as a FHIR read — per-address budget, bearer token
 * verified, caller found as authentication finds them (remembered for a few seconds), per-caller budget — and nothing else (no access
 * log, no query). What a FHIR read costs beyond this route is Liaison's own work.
 *
 * The app is src/entry/node-app.ts's, the one src/entry/node.ts serves: the ceiling measures the
 * same server. Started by bench/harness/server.ts.
 */
import { serve } from '@hono/node-server';
import { authenticate } from '../src/auth/authenticate.js';
import { TokenSigner } from '../src/auth/tokens.js';
import { loadNodeSetup, openDatabase } from '../src/entry/node-setup.js';
import { composeNodeApp } from '../src/entry/node-app.js';
import { budgetsOf } from '../src/http/rate-limit.js';
import { CEILING_PATH } from './cases.js';

const CONSTANT = { resourceType: 'Bundle', type: 'searchset', total: 0, link: [{ relation: 'self', url: 'ceiling' }] };

const setup = loadNodeSetup();
const { raw } = setup;
const config = setup.appConfig();
const database = await openDatabase(setup, { serving: true });
await database.migrate();
const { app, counters, close } = composeNodeApp(config, database);
// The app-wide middleware (services, gate, secure headers, request line) runs for this route too,
// and its budgets count in the same counters as the app's.
const budgets = budgetsOf(config, counters);
app.get(CEILING_PATH, budgets.perAddress, authenticate(new TokenSigner(config.signingKey, config.publicUrl)), budgets.perCaller, (c) => c.json(CONSTANT));

const server = serve({ fetch: app.fetch, port: raw.PORT, hostname: raw.HOST }, (info) => {
  console.log(`Liaison (framework ceiling) is listening on http://${info.address}:${info.port}`);
});
const stop = () => server.close(() => void close().then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
