#!/usr/bin/env node
// Runs a TypeScript entry of the compute step: bundles it with esbuild (about a second), then imports the bundle.
// Why a bundle: tfjs-core registers its gradients through ESM modules that plain Node cannot resolve (see src/compute/tf.ts).
// Usage: node scripts/run.mjs src/compute/cli.ts [args...]
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run.mjs ENTRY.ts [args...]');
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'node_modules', '.cache', 'landscape');
mkdirSync(outDir, { recursive: true });
// One bundle per entry path (src/compute/cli.ts and src/compute/train/cli.ts must not overwrite each other), and per
// process, so two runs started at once never load each other's half-written bundle.
const name = path.relative(root, path.resolve(entry)).replace(/\.ts$/, '').replace(/[\\/]/g, '_');
const outfile = path.join(outDir, `${name}.${process.pid}.mjs`);
await build({
  entryPoints: [path.resolve(entry)],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  // webgpu ships a native binding; tfjs-node is optional and loaded by name at run time.
  external: ['webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
  sourcemap: 'inline',
  logLevel: 'warning',
  outfile,
  banner: {
    js: [
      "import { createRequire as __landscapeCreateRequire } from 'node:module';",
      "import { fileURLToPath as __landscapeToPath } from 'node:url';",
      "import { dirname as __landscapeDirname } from 'node:path';",
      'const require = __landscapeCreateRequire(import.meta.url);',
      'const __filename = __landscapeToPath(import.meta.url);',
      'const __dirname = __landscapeDirname(__filename);',
    ].join('\n'),
  },
});
process.argv = [process.argv[0], outfile, ...args];
process.setSourceMapsEnabled?.(true);
try {
  await import(pathToFileURL(outfile).href);
} finally {
  // The module is loaded (and stays loaded); its file is not needed any more.
  rmSync(outfile, { force: true });
}
