/**
 * `npm start`: the Node entry (src/entry/node.ts) compiled by esbuild into one ES module,
 * dist/entry/node.mjs (its packages stay in node_modules), then run by Node itself. It is compiled
 * again only when a file under src/, package.json or this script is newer than it, so a changed
 * checkout never runs old code. Run through tsx's import hooks instead, loading the TypeScript
 * modules took ~1.2 s of a ~3 s restart on an existing embedded database (2 cores: spawn to
 * /health 2.9–3.2 s through tsx, 1.6–2.1 s compiled).
 *
 * Plain JavaScript, so that Node runs it without a loader. The build sits two folders below the
 * repository, as src/entry/node.ts does: paths the code finds from its own file (the migrations
 * in drizzle/) are the same from both.
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const BUILT_ENTRY = join(root, 'dist', 'entry', 'node.mjs');

/** The newest modification time of the files the build is made from. */
function newestSource() {
  let newest = Math.max(statSync(join(root, 'package.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  return newest;
}

function builtAt() {
  try {
    return statSync(BUILT_ENTRY).mtimeMs;
  } catch {
    return -Infinity;
  }
}

/** Compiles src/entry/node.ts when the build is missing or older than its sources; returns whether it did. */
export async function buildNodeEntry() {
  if (builtAt() >= newestSource()) return false;
  const result = await build({
    entryPoints: [join(root, 'src', 'entry', 'node.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    outfile: BUILT_ENTRY,
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(dirname(BUILT_ENTRY), { recursive: true });
  // Written beside and renamed: a second process starting at the same moment never reads half a file.
  for (const file of result.outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  return true;
}

// `node src/entry/start.mjs` compiles if needed and runs Liaison; with `--build` (`npm run build`:
// e.g. while making a container image whose files are read-only at run time) it only compiles.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const compiled = await buildNodeEntry();
  if (compiled) console.log('Compiled src/entry/node.ts into dist/entry/node.mjs.');
  if (process.argv.includes('--build')) {
    if (!compiled) console.log('dist/entry/node.mjs is up to date.');
  } else {
    await import(pathToFileURL(BUILT_ENTRY).href);
  }
}
