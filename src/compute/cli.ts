/**
 * `npm run compute`: compute (or extend) the precomputed results.
 *
 *   npm run compute -- [--profile standard] [--only PATTERN] [--backend auto|webgpu|wasm|cpu|tensorflow]
 *                      [--out precomputed] [--data DIR] [--force] [--dry-run]
 *
 * Defaults: profile standard; backend auto (webgpu when a GPU adapter exists, else wasm); out precomputed/;
 * data from --data, else $FASHION_MNIST_DIR, else /usr/share/datasets/fashion-mnist. Results that are up to date
 * (same config hash, same data) are reused; only missing or stale ones are computed.
 */
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, initBackend, type BackendName } from './backend/index.js';
import { fashionMnistDir } from './data/fashionMnist.js';
import { PROFILES, selectExperiments, suite, type Profile } from './suite/experiments.js';
import { ResultStore } from './suite/store.js';
import { dataShaIfPresent, plan, runExperiment } from './suite/runSuite.js';
import { codeVersion, makeDataLoader, packageVersions } from './suite/context.js';
import { terminalReporter } from './progress.js';

const HELP = `usage: npm run compute -- [options]
  --profile quick|standard   experiment sizes (default standard: what precomputed/ holds)
  --only PATTERN             experiment ids to run, * wildcards, comma-separated
  --backend NAME             auto (default) | webgpu | wasm | cpu | tensorflow
  --out DIR                  where results go (default precomputed)
  --data DIR                 Fashion-MNIST IDX .gz folder (default $FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist)
  --force                    recompute even up-to-date results
  --dry-run                  list what would be computed, compute nothing
  --help`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'standard' },
      only: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      out: { type: 'string', default: 'precomputed' },
      data: { type: 'string' },
      force: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!(PROFILES as readonly string[]).includes(values.profile!)) {
    console.error(`--profile: '${values.profile}' is not a profile; expected one of ${PROFILES.join(', ')}`);
    return 2;
  }
  if (!(BACKEND_NAMES as readonly string[]).includes(values.backend!)) {
    console.error(`--backend: '${values.backend}' is not a backend; expected one of ${BACKEND_NAMES.join(', ')}`);
    return 2;
  }
  const reporter = terminalReporter();
  const experiments = selectExperiments(suite(values.profile as Profile), values.only);
  if (experiments.length === 0) {
    console.error(`--only ${values.only}: no experiment matches`);
    return 2;
  }
  const dataDir = fashionMnistDir(values.data);
  const store = new ResultStore(values.out!);
  const dataSha = dataShaIfPresent(dataDir);
  // Validates every stored result this run touches: a malformed file stops the run here, naming file and field.
  const items = plan(experiments, store, { force: values.force, dataSha });
  const todo = items.filter((i) => i.action === 'compute');
  for (const i of items) reporter.log(`${i.action === 'reuse' ? 'reuse  ' : 'compute'} ${i.experiment.id} (${i.reason})`);
  if (values['dry-run'] || todo.length === 0) {
    reporter.log(todo.length === 0 ? `all ${items.length} results in ${values.out}/ are up to date` : `dry run: ${todo.length} to compute`);
    return 0;
  }
  const backend = await initBackend(values.backend as BackendName, (line) => reporter.log(line));
  reporter.log(`backend: ${backend.name} on ${backend.device}`);
  const ctx = {
    backend,
    reporter,
    dataDir,
    data: makeDataLoader(dataDir),
    codeVersion: codeVersion(),
    packages: packageVersions(),
  };
  const summary: Array<[string, string]> = [];
  for (const item of todo) {
    const t0 = performance.now();
    const result = await runExperiment(item.experiment, ctx);
    store.write(result);
    const seconds = (performance.now() - t0) / 1000;
    summary.push([item.experiment.id, `${seconds.toFixed(1)}s`]);
    reporter.log(`wrote ${store.fileOf(item.experiment.id)} (${seconds.toFixed(1)}s on ${backend.name})`);
  }
  reporter.log('\nsummary:');
  for (const [id, t] of summary) reporter.log(`  ${id.padEnd(32)} ${t}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    // One clear line for expected problems (bad data, bad JSON, missing backend); the stack only for bugs.
    const expected = ['DataError', 'SchemaError', 'BackendError'].includes(e.name) || e.constructor?.name === 'BackendError';
    console.error(`compute failed: ${expected ? e.message : (e.stack ?? e.message)}`);
    process.exit(1);
  },
);
