/**
 * Running the planned experiments: in this process (--jobs 1), or in N worker processes (--jobs N, default the number
 * of cores). The wasm backend is single-threaded in Node, so one process per core is how the compute step uses a
 * multi-core CPU. Each experiment runs whole inside one process, with its own seeds, so its numbers do not depend on
 * which worker ran it or in what order (tested: --jobs 2 gives the same artifacts as --jobs 1).
 *
 * One experiment failing (an exception, a diverged training the probes cannot handle) is reported and the others go
 * on; the command then exits non-zero naming the failures. Workers write result files; only this process writes the
 * manifest, so concurrent workers never race on it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ExperimentResult } from '../../lib/schema.js';
import type { Experiment } from './config.js';
import type { RunContext } from './context.js';
import { flushAllPartials, PartialState } from './partial.js';
import { runExperiment } from './runSuite.js';
import { JobQueue, type Job } from './schedule.js';
import type { ResultStore } from './store.js';

export interface Outcome {
  id: string;
  seconds: number;
  /** Grid sizes of the result's surfaces, e.g. "21×21 21×21". */
  grids: string;
  /** Which process ran it (0 = this one). */
  worker: number;
  /** The backend and device it ran on. */
  backend: string;
  error?: string;
}

function grids(result: ExperimentResult): string {
  return result.artifacts.flatMap((a) => (a.kind === 'surface2d' ? [`${a.x.length}×${a.y.length}`] : [])).join(' ');
}

/** Compute one experiment and store it; `manifest: false` leaves manifest.json to the parent process. */
export async function computeOne(experiment: Experiment, hash: string, ctx: RunContext, store: ResultStore, manifest = true): Promise<Omit<Outcome, 'worker'>> {
  const t0 = performance.now();
  try {
    const result = await runExperiment(experiment, ctx);
    store.write(result, { manifest });
    PartialState.clear(ctx.outDir, experiment.id, hash);
    return { id: experiment.id, seconds: (performance.now() - t0) / 1000, grids: grids(result), backend: `${ctx.backend.name} on ${ctx.backend.device}` };
  } catch (e) {
    const err = e as Error;
    // Expected problems get one line; anything else its stack, since it is a bug.
    const message = ['DataError', 'SchemaError'].includes(err.name) ? err.message : (err.stack ?? err.message);
    return { id: experiment.id, seconds: (performance.now() - t0) / 1000, grids: '', error: message, backend: `${ctx.backend.name} on ${ctx.backend.device}` };
  }
}

export async function executeInProcess(jobs: Job[], hashes: Map<string, string>, ctx: RunContext, store: ResultStore, onDone: (o: Outcome) => void): Promise<Outcome[]> {
  const queue = new JobQueue(jobs);
  const outcomes: Outcome[] = [];
  for (let job = queue.next(); job; job = queue.next()) {
    const o = { ...(await computeOne(job.experiment, hashes.get(job.experiment.id)!, ctx, store)), worker: 0 };
    queue.finish(o.id);
    outcomes.push(o);
    onDone(o);
  }
  return outcomes;
}

type ToWorker = { type: 'run'; id: string } | { type: 'exit' };
type FromWorker = { type: 'ready' } | { type: 'done'; outcome: Omit<Outcome, 'worker'> };

/**
 * Fork `count` workers (this same command with --worker) and feed them jobs as they become ready. `args` are the
 * command-line options the workers need to rebuild the same suite (profile, backend, out, data, cifar).
 */
export async function executeInWorkers(
  jobs: Job[],
  count: number,
  args: string[],
  store: ResultStore,
  log: (line: string) => void,
  onDone: (o: Outcome) => void,
): Promise<Outcome[]> {
  const queue = new JobQueue(jobs);
  const outcomes: Outcome[] = [];
  const script = path.join(process.cwd(), 'scripts', 'run.mjs');
  const workers: ChildProcess[] = [];
  const idle: number[] = [];
  let interrupted = false;
  const forward = (signal: NodeJS.Signals) => () => {
    interrupted = true;
    for (const w of workers) if (w.exitCode === null) w.kill(signal);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    await new Promise<void>((resolve, reject) => {
      const dispatch = () => {
        while (idle.length > 0 && !interrupted) {
          const job = queue.next();
          if (!job) break;
          const w = idle.shift()!;
          workers[w].send({ type: 'run', id: job.experiment.id } satisfies ToWorker);
        }
        if (queue.done || interrupted) {
          for (const w of workers) if (w.connected) w.send({ type: 'exit' } satisfies ToWorker);
        }
      };
      let alive = count;
      for (let k = 0; k < count; k++) {
        const w = fork(script, ['src/compute/cli.ts', ...args, '--worker', String(k + 1)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        workers.push(w);
        w.on('message', (m: FromWorker) => {
          if (m.type === 'done') {
            const o = { ...m.outcome, worker: k + 1 };
            outcomes.push(o);
            queue.finish(o.id);
            if (!o.error) store.updateManifest();
            onDone(o);
          }
          idle.push(k);
          dispatch();
        });
        w.on('exit', (code, signal) => {
          alive--;
          if (!queue.done && !interrupted) {
            interrupted = true;
            reject(new Error(`worker ${k + 1} exited (${signal ?? `code ${code}`}) with work left; finished results are kept, run the command again to resume`));
            for (const other of workers) if (other.exitCode === null) other.kill('SIGTERM');
          }
          if (alive === 0) resolve();
        });
      }
      log(`running on ${count} worker processes`);
    });
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  if (interrupted) throw Object.assign(new Error('interrupted: finished work is kept; run the same command again to resume'), { name: 'Interrupted' });
  return outcomes;
}

/** The worker side: announce readiness, run what the parent sends, report each outcome, exit when told. */
export function workerLoop(byId: Map<string, { experiment: Experiment; hash: string }>, ctx: RunContext, store: ResultStore): Promise<void> {
  return new Promise((resolve) => {
    // The parent went away (killed, or exited on Ctrl-C): keep what is finished and stop.
    process.on('disconnect', () => {
      flushAllPartials();
      process.exit(130);
    });
    process.on('message', async (m: ToWorker) => {
      if (m.type === 'exit') {
        process.removeAllListeners('disconnect');
        process.disconnect?.();
        resolve();
        return;
      }
      const item = byId.get(m.id);
      const outcome = item
        ? await computeOne(item.experiment, item.hash, ctx, store, false)
        : { id: m.id, seconds: 0, grids: '', backend: ctx.backend.name, error: `worker: no experiment ${m.id} in this suite (the parent and worker disagree on the options)` };
      process.send!({ type: 'done', outcome } satisfies FromWorker);
    });
    process.send!({ type: 'ready' } satisfies FromWorker);
  });
}
