/**
 * Set up before every API and FHIR test file: when the file is done, no line its apps logged may
 * name one of the fixture patients or their clinical text (test/api/helpers.ts, test/fhir/helpers.ts
 * and the suites' own bodies). test/api/redaction.test.ts drives the distinctive cases.
 */
import { afterAll, expect } from 'vitest';
import { capturedLog, linesContaining } from './log-capture.js';

const FIXTURE_PATIENT_DATA = [
  'Jansen', 'Lindholm', 'Maren', 'Verborgen', 'Carvalho', 'Wendy',
  '1980-04-12', '1987-06-14', 'PAT-', 'sertraline', 'citalopram', 'depressive', 'hypomania',
];

afterAll(() => {
  expect(linesContaining(capturedLog(), FIXTURE_PATIENT_DATA), 'log lines naming a test patient').toEqual([]);
});
