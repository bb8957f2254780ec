/**
 * `npm run bench:plans -- --database <url>` (or DATABASE_URL): the hot queries' plans and times on a
 * generated database (plans.ts), as a table; `--json` prints them as JSON.
 */
import { parseArgs } from 'node:util';
import { hotQueryPlans } from './plans.js';

const { values } = parseArgs({ options: { database: { type: 'string' }, json: { type: 'boolean', default: false } } });
const databaseUrl = values.database ?? process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('Usage: npm run bench:plans -- --database postgres://…/scale_spread [--json]');
  process.exit(2);
}
const plans = await hotQueryPlans(databaseUrl);
if (values.json) {
  console.log(JSON.stringify(plans, null, 2));
} else {
  const width = Math.max(...plans.map((p) => p.name.length));
  console.log(`${'hot query'.padEnd(width)} | SQL ms  | generic | call ms | stmts | rows read | generic   | sequential scan`);
  console.log(`${'-'.repeat(width)}-|---------|---------|---------|-------|-----------|-----------|----------------`);
  for (const p of plans) {
    const cells = [p.ms.toFixed(2).padStart(7), p.genericMs.toFixed(2).padStart(7), p.callMs.toFixed(2).padStart(7), String(p.statements).padStart(5), String(p.rowsRead).padStart(9), String(p.genericRowsRead).padStart(9)];
    console.log(`${p.name.padEnd(width)} | ${cells.join(' | ')} | ${p.sequentialScan ? `YES (${p.scans.join(', ')})` : 'no'}`);
  }
}
