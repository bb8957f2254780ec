/**
 * The framework ceiling's server: Liaison's app composed the way src/entry/node.ts composes it
 * (same configuration, database opener, store, app and log sink), plus one route that answers a
 * constant JSON behind the same authentication as a FHIR read — per-address budget, bearer token
 * verified, caller read from the directory, per-caller budget — and nothing else (no access
 * log, no query). What a FHIR read costs beyond this route is Liaison's own work.
 *
 * Keep it in step with src/entry/node.ts: when the entry's log sink, store or pool changes, change
 * it here too, or the ceiling measures another server. Started by bench/harness/server.ts.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../src/app.js';
import { authenticate } from '../src/auth/authenticate.js';
import { TokenSigner } from '../src/auth/tokens.js';
import { loadNodeSetup, openDatabase } from '../src/entry/node-setup.js';
import { sharedBudgets } from '../src/http/rate-limit.js';
import { createStore } from '../src/store/index.js';
import { CEILING_PATH } from './cases.js';

const CONSTANT = { resourceType: 'Bundle', type: 'searchset', total: 0, link: [{ relation: 'self', url: 'ceiling' }] };

const setup = loadNodeSetup();
const { raw } = setup;
const config = setup.appConfig();
const database = await openDatabase(setup);
await database.migrate();
const store = createStore(database.db);
const app = createApp({ config, storeFor: () => store, log: (line) => console.log(line) });
// The app-wide middleware (services, gate, secure headers, request line) runs for this route too.
const budgets = sharedBudgets(config);
app.get(CEILING_PATH, budgets.perAddress, authenticate(new TokenSigner(config.signingKey, config.publicUrl)), budgets.perCaller, (c) => c.json(CONSTANT));

const server = serve({ fetch: app.fetch, port: raw.PORT, hostname: raw.HOST }, (info) => {
  console.log(`Liaison (framework ceiling) is listening on http://${info.address}:${info.port}`);
});
const stop = () => server.close(() => void database.close().then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
