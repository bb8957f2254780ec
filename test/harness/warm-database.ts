/**
 * Opens the test database (and the app over it) before the first test of each file: the first
 * file would otherwise pay PGlite's start and migrations inside its first test's time limit. The
 * instance is shared by every file of the project, so only the first file waits.
 */
import { beforeAll } from 'vitest';
import { testApi } from './api.js';

beforeAll(async () => {
  await testApi();
}, 180_000);
