/**
 * One bundle for the GPU machine, which has no Node.js packages and no bundler (../shared/gpu/stage.sh bundles one
 * entry): `app.mjs bench ARGS` is `npm run bench -- ARGS`, `app.mjs compute ARGS` is `npm run compute -- ARGS`.
 * Worker processes need the bundler, so compute runs with --jobs 1 there (the default with --backend webgpu).
 */
export {};

const [command, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], process.argv[1], ...args];
if (command === 'bench') await import('../../src/compute/bench/cli.js');
else if (command === 'compute') await import('../../src/compute/cli.js');
else {
  console.error(`usage: app.mjs bench|compute [args]   (got '${command ?? ''}')`);
  process.exit(2);
}
