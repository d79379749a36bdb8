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
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { BACKEND_NAMES, initBackend, type BackendName } from './backend/index.js';
import { fashionMnistDir } from './data/fashionMnist.js';
import { PROFILES, selectExperiments, suite, type Profile } from './suite/experiments.js';
import { cleanStaleTemps, ResultStore } from './suite/store.js';
import { plan } from './suite/runSuite.js';
import { configHash } from './suite/hash.js';
import { planJobs } from './suite/schedule.js';
import { executeInProcess, executeInWorkers, workerLoop, type Outcome } from './suite/execute.js';
import { codeVersion, packageVersions } from './suite/context.js';
import { DATASETS, dataShaIfPresent, datasetPresent, makeDataLoaders, type DataDirs } from './suite/datasets.js';
import { parseShard, shardOf } from './suite/shard.js';
import { mergeResults } from './suite/merge.js';
import { estimateSeconds, experimentFlops } from './suite/cost.js';
import { PARTIAL_DIR, PartialState } from './suite/partial.js';
import { atStop, handleStopSignals, keptReport } from './suite/interrupt.js';
import { terminalReporter, type Reporter } from './progress.js';

const HELP = `usage: npm run compute -- [options]
       npm run compute -- merge DIR... --out DIR
  --profile quick|standard|paper   experiment sizes (default standard: what precomputed/ holds; paper: for a GPU)
  --only PATTERN             experiment ids to run, * wildcards, comma-separated
  --backend NAME             auto (default: webgpu if a GPU adapter exists, else wasm) | webgpu | wasm | cpu | tensorflow
  --out DIR                  where results go (default precomputed; required for merge)
  --data DIR                 Fashion-MNIST IDX .gz folder (default $FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist)
  --cifar DIR                CIFAR-10 binary folder (data_batch_1.bin … test_batch.bin; default $CIFAR10_DIR); when present,
                             the profiles add their CIFAR-10 experiments
  --shard i/N | N            compute only shard i of N (N alone: i from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)
  --jobs N                   worker processes computing experiments in parallel (default: the number of cores, ${availableParallelism()}
                             here, or 1 with --backend webgpu; 1 = in this process). Results are the same whatever N.
  --force                    recompute even up-to-date results, ignoring cached weights and progress; for merge:
                             replace results in --out that hold another config
  --dry-run                  list what would be computed and its estimated cost; compute nothing
  --help`;

class UsageError extends Error {}

/** Errors whose message says everything (bad data, a malformed or unwritable file, a missing backend): no stack. */
const EXPECTED = new Set(['DataError', 'SchemaError', 'StoreError', 'MergeError', 'BackendError']);

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        profile: { type: 'string', default: 'standard' },
        only: { type: 'string' },
        backend: { type: 'string', default: 'auto' },
        out: { type: 'string' },
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
  } catch (e) {
    // node:util's messages name the option ("Option '--profile <value>' argument missing"); a usage error, not a bug.
    if (String((e as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) throw new UsageError((e as Error).message);
    throw e;
  }
}

/**
 * Fail before any training when results could not be stored: --out is a file, read-only, or on a full disk
 * (measured before this check: a read-only --out failed only after the training, which was lost).
 */
function checkOutDir(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out ${out}: is a file, not a folder`);
  const probe = path.join(out, PARTIAL_DIR, `.write-check.${process.pid}.tmp`);
  try {
    mkdirSync(path.dirname(probe), { recursive: true });
    writeFileSync(probe, 'x');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`--out ${out}: cannot write there (${err.code ?? err.message}); choose a folder you can write to`);
  } finally {
    try {
      rmSync(probe, { force: true });
    } catch {
      /* the folder could not be made: already reported */
    }
  }
}

function fmt(s: number): string {
  return s < 90 ? `${s.toFixed(1)}s` : s < 5400 ? `${(s / 60).toFixed(1)}min` : `${(s / 3600).toFixed(1)}h`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  const workerIndex = values.worker === undefined ? 0 : Number(values.worker);
  const reporter: Reporter = workerIndex > 0 ? terminalReporter(process.stderr, { tty: false, prefix: `[job ${workerIndex}] ` }) : terminalReporter();
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals[0] === 'merge') {
    if (positionals.length < 2) throw new UsageError('merge: name at least one results folder: npm run compute -- merge DIR... --out DIR');
    if (values.out === undefined) throw new UsageError('merge: --out DIR is required (the folder to merge into; it is never assumed to be precomputed/)');
    const r = mergeResults(positionals.slice(1), values.out, { force: values.force });
    const list = (ids: string[]) => (ids.length ? `: ${ids.join(', ')}` : '');
    reporter.log(`merged into ${values.out}/: ${r.merged.length} written${list(r.merged)}; ${r.unchanged.length} already there${list(r.unchanged)}`);
    if (r.replaced.length) reporter.log(`--force: replaced ${r.replaced.length} result(s) of another config${list(r.replaced)}`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (the only subcommand is merge)`);
  if (!(PROFILES as readonly string[]).includes(values.profile!)) {
    throw new UsageError(`--profile: '${values.profile}' is not a profile; expected one of ${PROFILES.join(', ')}`);
  }
  if (!(BACKEND_NAMES as readonly string[]).includes(values.backend!)) {
    throw new UsageError(`--backend: '${values.backend}' is not a backend; expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  if (values.only !== undefined && values.only.trim() === '') throw new UsageError("--only: an empty pattern; name experiment ids (wildcards allowed: 'batch-*'), or leave --only out to run all");
  const out = values.out ?? 'precomputed';
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

  // One process per core on a CPU; one process on a GPU (workers would share one device, and each would hold its own).
  const jobs = values.jobs === undefined ? (values.backend === 'webgpu' ? 1 : availableParallelism()) : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs: '${values.jobs}' is not a positive whole number of worker processes`);

  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out ${out}: is a file, not a folder`);
  const store = new ResultStore(out);
  if (workerIndex > 0) {
    // A worker of a parent run (execute.ts): same suite, experiments by id over IPC; no planning output.
    const ctx = await makeContext(values.backend as BackendName, out, dirs, reporter, values.force);
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
    const resumes = i.action === 'compute' && existsSync(PartialState.fileFor(out, i.experiment.id, i.hash));
    reporter.log(`${i.action === 'reuse' ? 'reuse  ' : 'compute'} ${i.experiment.id} (${i.reason})${cost}${resumes ? ' [resumes]' : ''}`);
  }
  if (!values['dry-run']) {
    if (todo.length > 0) checkOutDir(out);
    tidyOutDir(store, reporter);
  }
  if (todo.length === 0) {
    reporter.log(`all ${items.length} results in ${out}/ are up to date`);
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
  const finished: string[] = [];
  const running = new Map<string, string>();
  const hashes = new Map(todo.map((i) => [i.experiment.id, i.hash]));
  atStop((signal) => reporter.log(keptReport(out, finished, [...running].map(([id, hash]) => ({ id, hash })), signal)));
  const onStart = (id: string) => running.set(id, hashes.get(id)!);
  const onDone = (o: Outcome) => {
    running.delete(o.id);
    const where = o.worker > 0 ? ` [job ${o.worker}]` : '';
    if (o.error) reporter.log(`FAILED ${o.id}${where} after ${fmt(o.seconds)}: ${o.error}`);
    else {
      finished.push(o.id);
      reporter.log(`wrote ${store.fileOf(o.id)} (${fmt(o.seconds)})${o.diverged ? ` — DIVERGED: ${o.diverged}` : ''}${where}`);
    }
    doneFlops += flopsOf.get(o.id) ?? 0;
    overall(Math.round(doneFlops / 1e9));
  };
  const jobList = planJobs(
    todo.map((i) => i.experiment),
    experimentFlops,
    (e) => dataShas[e.config.data.name] ?? '',
  );
  const workers = Math.min(jobs, todo.length);
  const t0 = performance.now();
  let outcomes: Outcome[];
  if (workers <= 1) {
    const ctx = await makeContext(values.backend as BackendName, out, dirs, reporter, values.force);
    reporter.log(`backend: ${ctx.backend.name} on ${ctx.backend.device}`);
    outcomes = await executeInProcess(jobList, hashes, ctx, store, { onStart, onDone });
  } else {
    outcomes = await executeInWorkers(jobList, workers, workerArgs(values), store, (line) => reporter.log(line), { onStart, onDone });
  }
  const wall = (performance.now() - t0) / 1000;
  const ranOn = [...new Set(outcomes.map((o) => o.backend))].join('; ');
  reporter.log(`\nsummary (${ranOn}; ${workers} ${workers === 1 ? 'process' : 'worker processes'}, wall time ${fmt(wall)}):`);
  reporter.log(`  ${'experiment'.padEnd(32)} ${'time'.padStart(10)}  ${'job'.padStart(3)}  grids`);
  for (const o of outcomes) reporter.log(`  ${o.id.padEnd(32)} ${fmt(o.seconds).padStart(10)}  ${String(o.worker).padStart(3)}  ${o.error ? `FAILED: ${o.error.split('\n')[0]}` : o.diverged ? `DIVERGED (probes skipped): ${o.diverged}` : o.grids}`);
  reporter.log(`  ${'sum of experiment times'.padEnd(32)} ${fmt(outcomes.reduce((a, o) => a + o.seconds, 0)).padStart(10)}`);
  const failed = outcomes.filter((o) => o.error);
  if (failed.length > 0) {
    reporter.log(`\n${failed.length} experiment(s) failed: ${failed.map((o) => o.id).join(', ')}; the others are stored. Fix and rerun: only these are computed again.`);
    return 1;
  }
  return 0;
}

/** What an interrupted or out-of-space run can leave behind: stray temp files, a manifest that misses a result. */
function tidyOutDir(store: ResultStore, reporter: Reporter): void {
  for (const file of cleanStaleTemps(store.dir)) reporter.log(`removed ${file}, left by an interrupted run`);
  const { added, dropped } = store.updateManifest();
  if (added.length || dropped.length) {
    const what = [added.length ? `added ${added.join(', ')}` : '', dropped.length ? `dropped ${dropped.join(', ')} (no result file)` : ''];
    reporter.log(`repaired ${path.join(store.dir, 'manifest.json')} from the result files: ${what.filter(Boolean).join('; ')}`);
  }
}

/** The options a worker needs to rebuild the parent's suite (it computes whichever experiments it is sent). */
function workerArgs(values: Record<string, string | boolean | undefined>): string[] {
  const out: string[] = [];
  for (const name of ['profile', 'backend', 'out', 'data', 'cifar', 'force'] as const) {
    const v = values[name];
    if (typeof v === 'string') out.push(`--${name}`, v);
    else if (v === true) out.push(`--${name}`);
  }
  return out;
}

async function makeContext(backendName: BackendName, outDir: string, dirs: DataDirs, reporter: Reporter, force = false) {
  const backend = await initBackend(backendName, (line) => reporter.log(line));
  return {
    backend,
    reporter,
    outDir,
    force,
    flushIntervalMs: Number(process.env.LANDSCAPE_FLUSH_MS ?? 1000),
    data: makeDataLoaders(dirs),
    codeVersion: codeVersion(),
    packages: packageVersions(),
  };
}

// Ctrl-C and SIGTERM: keep every finished grid point, say what was kept, exit 130 / 143 (suite/interrupt.ts).
handleStopSignals();

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    if (e instanceof UsageError) {
      console.error(`compute: ${e.message}\n\n${HELP}`);
      process.exit(2);
    }
    // One clear line for expected problems (bad data, bad JSON, an unwritable folder, a missing backend) and for
    // system errors (they carry a code and a path); the stack only for bugs.
    const expected = EXPECTED.has(e.name) || EXPECTED.has(e.constructor?.name) || typeof (e as NodeJS.ErrnoException).code === 'string';
    console.error(`compute failed: ${expected ? e.message : (e.stack ?? e.message)}`);
    process.exit(1);
  },
);
