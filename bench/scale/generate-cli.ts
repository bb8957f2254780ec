/**
 * `npm run bench:generate -- --shape spread|regional --requests 1000000 --database <url>`: wipes
 * the database named (or DATABASE_URL) and generates a clinic of that size (generate.ts).
 */
import { parseArgs } from 'node:util';
import { generate } from './generate.js';
import { SHAPES, type Shape } from './directory.js';

const { values } = parseArgs({ options: { shape: { type: 'string', default: 'spread' }, requests: { type: 'string', default: '1000000' }, database: { type: 'string' } } });
const databaseUrl = values.database ?? process.env.DATABASE_URL;
const requests = Number(values.requests);
if (!databaseUrl || !SHAPES.includes(values.shape as Shape) || !Number.isInteger(requests) || requests < 1) {
  console.error('Usage: npm run bench:generate -- --shape spread|regional --requests 1000000 --database postgres://…/scale_spread (the database is wiped)');
  process.exit(2);
}
const result = await generate({ databaseUrl, shape: values.shape as Shape, requests, log: (line) => console.log(line) });
console.log(JSON.stringify(result));
