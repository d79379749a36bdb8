/**
 * `npm run compute`: compute (or extend) the precomputed results.
 *
 *   npm run compute -- [--profile standard] [--only PATTERN] [--backend auto|webgpu|wasm|cpu|tensorflow]
 *                      [--out precomputed] [--data DIR] [--shard i/N] [--force] [--dry-run]
 *   npm run compute -- merge DIR... --out DIR
 *
 * Results that are up to date (same config hash, same data) are reused; only missing or stale ones are computed, and
 * an interrupted experiment resumes from its persisted progress (<out>/.partial/).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, initBackend, type BackendName } from './backend/index.js';
import { fashionMnistDir } from './data/fashionMnist.js';
import { PROFILES, selectExperiments, suite, type Profile } from './suite/experiments.js';
import { ResultStore } from './suite/store.js';
import { plan } from './suite/runSuite.js';
import { configHash } from './suite/hash.js';
import { planJobs } from './suite/schedule.js';
import { executeInProcess, executeInWorkers, workerLoop, type Outcome } from './suite/execute.js';
import { codeVersion, packageVersions } from './suite/context.js';
import { DATASETS, dataShaIfPresent, datasetPresent, makeDataLoaders, type DataDirs } from './suite/datasets.js';
import { parseShard, shardOf } from './suite/shard.js';
import { mergeResults } from './suite/merge.js';
import { estimateSeconds, experimentFlops } from './suite/cost.js';
import { flushAllPartials, PartialState } from './suite/partial.js';
import { terminalReporter, type Reporter } from './progress.js';

const HELP = `usage: npm run compute -- [options]
       npm run compute -- merge DIR... --out DIR
  --profile quick|standard|paper   experiment sizes (default standard: what precomputed/ holds; paper: for a GPU)
  --only PATTERN             experiment ids to run, * wildcards, comma-separated
  --backend NAME             auto (default: webgpu if a GPU adapter exists, else wasm) | webgpu | wasm | cpu | tensorflow
  --out DIR                  where results go (default precomputed)
  --data DIR                 Fashion-MNIST IDX .gz folder (default $FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist)
  --cifar DIR                CIFAR-10 binary folder (data_batch_1.bin … test_batch.bin; default $CIFAR10_DIR); when present,
                             the profiles add their CIFAR-10 experiments
  --shard i/N | N            compute only shard i of N (N alone: i from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)
  --jobs N                   worker processes computing experiments in parallel (default: the number of cores, ${availableParallelism()}
                             here; 1 = in this process). Results are the same whatever N.
  --force                    recompute even up-to-date results
  --dry-run                  list what would be computed and its estimated cost; compute nothing
  --help`;

class UsageError extends Error {}

function fmt(s: number): string {
  return s < 90 ? `${s.toFixed(1)}s` : s < 5400 ? `${(s / 60).toFixed(1)}min` : `${(s / 3600).toFixed(1)}h`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: 'string', default: 'standard' },
      only: { type: 'string' },
      backend: { type: 'string', default: 'auto' },
      out: { type: 'string', default: 'precomputed' },
      data: { type: 'string' },
      cifar: { type: 'string' },
      shard: { type: 'string' },
      force: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      worker: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const workerIndex = values.worker === undefined ? 0 : Number(values.worker);
  const reporter: Reporter = workerIndex > 0 ? terminalReporter(process.stderr, { tty: false, prefix: `[job ${workerIndex}] ` }) : terminalReporter();
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals[0] === 'merge') {
    if (positionals.length < 2) throw new UsageError('merge: name at least one results folder: npm run compute -- merge DIR... --out DIR');
    const { merged } = mergeResults(positionals.slice(1), values.out!);
    reporter.log(`merged ${merged.length} results into ${values.out}/: ${merged.join(', ')}`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (the only subcommand is merge)`);
  if (!(PROFILES as readonly string[]).includes(values.profile!)) {
    throw new UsageError(`--profile: '${values.profile}' is not a profile; expected one of ${PROFILES.join(', ')}`);
  }
  if (!(BACKEND_NAMES as readonly string[]).includes(values.backend!)) {
    throw new UsageError(`--backend: '${values.backend}' is not a backend; expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  const dirs: DataDirs = { 'fashion-mnist': fashionMnistDir(values.data), cifar10: values.cifar ?? process.env.CIFAR10_DIR };
  const cifar10 = datasetPresent('cifar10', dirs);
  let experiments = selectExperiments(suite(values.profile as Profile, { cifar10 }), values.only);
  if (experiments.length === 0) throw new UsageError(`--only ${values.only}: no experiment matches`);
  if (values.shard) {
    let shard;
    try {
      shard = parseShard(values.shard);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    experiments = shardOf(experiments, shard);
    reporter.log(`shard ${shard.index}/${shard.count}: ${experiments.length} experiments`);
  }

  const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs: '${values.jobs}' is not a positive whole number of worker processes`);

  const store = new ResultStore(values.out!);
  if (workerIndex > 0) {
    // A worker of a parent run (execute.ts): same suite, experiments by id over IPC; no planning output.
    const ctx = await makeContext(values.backend as BackendName, values.out!, dirs, reporter);
    reporter.log(`backend: ${ctx.backend.name} on ${ctx.backend.device}`);
    await workerLoop(new Map(experiments.map((e) => [e.id, { experiment: e, hash: configHash(e.config) }])), ctx, store);
    return 0;
  }
  const dataShas = Object.fromEntries(DATASETS.map((name) => [name, dataShaIfPresent(name, dirs)]));
  // Validates every stored result this run touches: a malformed file stops the run here, naming file and field.
  const items = plan(experiments, store, { force: values.force, dataShas });
  const todo = items.filter((i) => i.action === 'compute');
  const estBackend = values.backend === 'auto' ? 'wasm' : values.backend!;
  for (const i of items) {
    const cost = i.action === 'compute' ? `  ~${(experimentFlops(i.experiment) / 1e9).toFixed(0)} GFLOP, ~${fmt(estimateSeconds(experimentFlops(i.experiment), estBackend))} on ${estBackend}` : '';
    const resumes = i.action === 'compute' && existsSync(PartialState.fileFor(values.out!, i.experiment.id, i.hash));
    reporter.log(`${i.action === 'reuse' ? 'reuse  ' : 'compute'} ${i.experiment.id} (${i.reason})${cost}${resumes ? ' [resumes]' : ''}`);
  }
  if (todo.length === 0) {
    reporter.log(`all ${items.length} results in ${values.out}/ are up to date`);
    return 0;
  }
  if (values['dry-run']) {
    const total = todo.reduce((s, i) => s + experimentFlops(i.experiment), 0);
    reporter.log(`dry run: ${todo.length} to compute, ~${fmt(estimateSeconds(total, estBackend))} on ${estBackend}`);
    return 0;
  }
  const absent = [...new Set(todo.map((i) => i.experiment.config.data.name))].filter((name) => !dataShas[name]);
  if (absent.includes('fashion-mnist')) {
    throw new UsageError(`${todo.length} results need computing but Fashion-MNIST is not in ${dirs['fashion-mnist']}: install Debian's dataset-fashion-mnist, or pass --data DIR`);
  }

  const totalFlops = todo.reduce((s, i) => s + experimentFlops(i.experiment), 0);
  const overall = reporter.task('overall', Math.max(1, Math.round(totalFlops / 1e9)));
  let doneFlops = 0;
  const flopsOf = new Map(todo.map((i) => [i.experiment.id, experimentFlops(i.experiment)]));
  const onDone = (o: Outcome) => {
    const where = o.worker > 0 ? ` [job ${o.worker}]` : '';
    if (o.error) reporter.log(`FAILED ${o.id}${where} after ${fmt(o.seconds)}: ${o.error}`);
    else reporter.log(`wrote ${store.fileOf(o.id)} (${fmt(o.seconds)})${where}`);
    doneFlops += flopsOf.get(o.id) ?? 0;
    overall(Math.round(doneFlops / 1e9));
  };
  const jobList = planJobs(
    todo.map((i) => i.experiment),
    experimentFlops,
    (e) => dataShas[e.config.data.name] ?? '',
  );
  const hashes = new Map(todo.map((i) => [i.experiment.id, i.hash]));
  const workers = Math.min(jobs, todo.length);
  const t0 = performance.now();
  let outcomes: Outcome[];
  if (workers <= 1) {
    const ctx = await makeContext(values.backend as BackendName, values.out!, dirs, reporter);
    reporter.log(`backend: ${ctx.backend.name} on ${ctx.backend.device}`);
    outcomes = await executeInProcess(jobList, hashes, ctx, store, onDone);
  } else {
    outcomes = await executeInWorkers(jobList, workers, workerArgs(values), store, (line) => reporter.log(line), onDone);
  }
  const wall = (performance.now() - t0) / 1000;
  const ranOn = [...new Set(outcomes.map((o) => o.backend))].join('; ');
  reporter.log(`\nsummary (${ranOn}; ${workers} ${workers === 1 ? 'process' : 'worker processes'}, wall time ${fmt(wall)}):`);
  reporter.log(`  ${'experiment'.padEnd(32)} ${'time'.padStart(10)}  ${'job'.padStart(3)}  grids`);
  for (const o of outcomes) reporter.log(`  ${o.id.padEnd(32)} ${fmt(o.seconds).padStart(10)}  ${String(o.worker).padStart(3)}  ${o.error ? 'FAILED' : o.grids}`);
  reporter.log(`  ${'sum of experiment times'.padEnd(32)} ${fmt(outcomes.reduce((a, o) => a + o.seconds, 0)).padStart(10)}`);
  const failed = outcomes.filter((o) => o.error);
  if (failed.length > 0) {
    reporter.log(`\n${failed.length} experiment(s) failed: ${failed.map((o) => o.id).join(', ')}; the others are stored. Fix and rerun: only these are computed again.`);
    return 1;
  }
  return 0;
}

/** The options a worker needs to rebuild the parent's suite (it computes whichever experiments it is sent). */
function workerArgs(values: Record<string, string | boolean | undefined>): string[] {
  const out: string[] = [];
  for (const name of ['profile', 'backend', 'out', 'data', 'cifar'] as const) {
    const v = values[name];
    if (typeof v === 'string') out.push(`--${name}`, v);
  }
  return out;
}

async function makeContext(backendName: BackendName, outDir: string, dirs: DataDirs, reporter: Reporter) {
  const backend = await initBackend(backendName, (line) => reporter.log(line));
  return {
    backend,
    reporter,
    outDir,
    flushIntervalMs: Number(process.env.LANDSCAPE_FLUSH_MS ?? 1000),
    data: makeDataLoaders(dirs),
    codeVersion: codeVersion(),
    packages: packageVersions(),
  };
}

// Ctrl-C: keep every finished grid point (they are otherwise flushed at most once a second), then stop.
process.once('SIGINT', () => {
  flushAllPartials();
  console.error('\ninterrupted: finished work is kept; run the same command again to resume');
  process.exit(130);
});

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`compute: ${e.message}\n\n${HELP}`);
      process.exit(2);
    }
    // One clear line for expected problems (bad data, bad JSON, missing backend); the stack only for bugs.
    const expected = ['DataError', 'SchemaError'].includes(e.name) || e.constructor?.name === 'BackendError' || e.message.startsWith('merge:');
    console.error(`compute failed: ${expected ? e.message : (e.stack ?? e.message)}`);
    process.exit(1);
  },
);
