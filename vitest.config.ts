/**
 * One `vitest run` runs every suite:
 *  - unit:          pure domain tests beside the code (src/**)
 *  - api-embedded:  the HTTP API on embedded PGlite (one instance for the whole project)
 *  - api-postgres:  the same API tests on PostgreSQL, plus concurrency      (TEST_DATABASE_URL)
 *  - node:          the Node entry as a real process: start, seed, restart, no patient data in
 *                   its output (always); durability under SIGKILL      (TEST_DATABASE_URL)
 *  - browser:       the web app in Debian's Chromium, one server and one browser per file
 *  - workers:       the Worker inside workerd, through Hyperdrive to PostgreSQL (TEST_DATABASE_URL)
 */
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { TEST_SIGNING_KEY } from './test/harness/clinic.js';

const databaseUrl = process.env.TEST_DATABASE_URL;

/** Hyperdrive refuses a local connection string without a password; any works with trust auth. */
function withPassword(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = 'liaison';
  return parsed.toString();
}

const projects: TestProjectInlineConfiguration[] = [
  { test: { name: 'unit', include: ['src/**/*.test.ts'] } },
  {
    test: {
      name: 'api-embedded',
      include: ['test/api/**/*.test.ts', 'test/fhir/**/*.test.ts'],
      env: { LIAISON_TEST_BACKEND: 'embedded' },
      setupFiles: ['test/harness/warm-database.ts', 'test/harness/redaction-check.ts'],
      // One PGlite for all files: it takes seconds to start and ~800 MB.
      isolate: false,
      fileParallelism: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
  // The web app in Debian's Chromium (playwright-core): one server and one browser per file.
  { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], fileParallelism: false, testTimeout: 120_000, hookTimeout: 120_000 } },
  // The durability test writes to TEST_DATABASE_URL when it is set: prepared once, like the other suites.
  { test: { name: 'node', include: ['test/node/**/*.test.ts'], globalSetup: ['test/harness/global-setup.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
];

if (databaseUrl) {
  projects.push(
    {
      test: {
        name: 'api-postgres',
        include: ['test/api/**/*.test.ts', 'test/fhir/**/*.test.ts'],
        env: { LIAISON_TEST_BACKEND: 'postgres' },
        setupFiles: ['test/harness/warm-database.ts', 'test/harness/redaction-check.ts'],
        globalSetup: ['test/harness/global-setup.ts'],
        testTimeout: 30_000,
      },
    },
    {
      plugins: [
        cloudflareTest({
          wrangler: { configPath: './wrangler.toml' },
          miniflare: {
            hyperdrives: { HYPERDRIVE: withPassword(databaseUrl) },
            // A Worker runs in production mode: it needs its signing key and public URL.
            bindings: { LIAISON_SIGNING_KEY: TEST_SIGNING_KEY, PUBLIC_URL: 'http://liaison.test' },
          },
        }),
      ],
      test: {
        name: 'workers',
        include: ['test/workers/**/*.test.ts'],
        globalSetup: ['test/harness/global-setup.ts'],
        testTimeout: 30_000,
      },
    },
  );
} else {
  console.warn('TEST_DATABASE_URL is not set: the PostgreSQL and Workers suites are skipped (.ci/run sets it).');
}

export default defineConfig({ test: { projects } });
